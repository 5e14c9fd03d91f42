import type { MedusaContainer } from "@medusajs/framework/types"
import type { Sandbox } from "../../sandbox"
import { JETPAY_MODULE } from "../../src/modules/jetpay"
import type JetpayModuleService from "../../src/modules/jetpay/service"
import { LAST_RUN_KEY, RECONCILIATION_LOCK_KEY } from "../../src/workflows/reconcile/reconcile"
import type { ILockingModule } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { ReconciliationRun } from "../../src/domain/admin-responses"
import registerJetpayWebhook from "../../src/scripts/register-jetpay-webhook"
import { eventually } from "./checkout-steps"
import { sandboxControl } from "./sandbox-fixture"

/**
 * What a whole-app test does on Jetpay's side (the payer paying, Jetpay settling or
 * failing, faults) and the plugin's records it reads back.
 */
export function jetpaySteps(sandbox: { current: () => Sandbox }, getContainer: () => MedusaContainer) {
  const control = <T = any>(method: string, path: string, body?: unknown) =>
    sandboxControl<T>(sandbox.current(), method, path, body)
  const jetpayModule = () => getContainer().resolve<JetpayModuleService>(JETPAY_MODULE)

  return {
    control,
    jetpayModule,
    /** The payer on the link: bank (signs the PAD) or card. */
    pay: (transactionId: string, method: "eft" | "card" = "eft") =>
      control("POST", `/_sandbox/transactions/${transactionId}/pay`, { method }),
    /** Jetpay settling or failing the payment. */
    advance: (transactionId: string, state: "completed" | "failed", fail_reason?: string) =>
      control("POST", `/_sandbox/transactions/${transactionId}/advance`, { state, fail_reason }),
    /** Jetpay's status call answers 503 as many times as the client tries once (3). */
    failStatusReads: (transactionId: string) =>
      control("POST", "/_sandbox/faults", {
        method: "GET",
        path: `/transaction/${transactionId}/status`,
        status: 503,
        count: 3,
      }),
    /** Waits until at least `count` of a transaction's events were recorded, and all of them applied. */
    settled: (transactionId: string, count: number) =>
      eventually(async () => {
        const events = await jetpayModule().listJetpayWebhookEvents({ jetpay_transaction_id: transactionId })
        return events.length >= count && events.every((event) => event.processed_at) && events
      }, 30_000, `${count} processed events of ${transactionId}`),
    /**
     * Waits until Jetpay delivered every event it made for a transaction and the store applied
     * them all: the webhook's whole work about it is done.
     */
    allApplied: (transactionId: string) =>
      eventually(async () => {
        const made = (await control<Array<{ id: number; data: { transactionId?: string } }>>("GET", "/_sandbox/events"))
          .filter((event) => event.data.transactionId === transactionId)
          .map((event) => String(event.id))
        const recorded = await jetpayModule().listJetpayWebhookEvents({ jetpay_transaction_id: transactionId }, { take: null })
        const applied = new Set(recorded.filter((event) => event.processed_at).map((event) => event.jetpay_event_id))
        return made.length > 0 && made.every((id) => applied.has(id)) && recorded.every((event) => event.processed_at)
      }, 30_000, `every event of ${transactionId} delivered and applied`),
    /**
     * Waits for a whole reconciliation run that started after this call: whatever the job
     * would do about the store's state at this point (retry, re-read, replay, emit), it has
     * done when this returns. The way to prove that something never happens.
     */
    reconciliationRun: async (timeoutMs = 30_000): Promise<ReconciliationRun> => {
      const mark = Date.now()
      return eventually(async () => {
        const run = await jetpayModule().readState<ReconciliationRun>(LAST_RUN_KEY)
        return !!run && Date.parse(run.started_at) > mark && run
      }, timeoutMs, "a reconciliation run that started after this point")
    },
    /**
     * Holds the reconciliation's lock for a test that makes its own runs: the scheduled job's
     * runs skip meanwhile. Taken once the job's run under way, if any, has ended.
     */
    holdReconciliation: async (ownerId: string, expire = 60) => {
      const locking = getContainer().resolve<ILockingModule>(Modules.LOCKING)
      await eventually(
        () => locking.acquire(RECONCILIATION_LOCK_KEY, { ownerId, expire }).then(() => true, () => false),
        20_000,
        "the reconciliation's lock, once the job's run ends"
      )
      return () => locking.release(RECONCILIATION_LOCK_KEY, { ownerId })
    },
    /** The merchant's registration command, with batches sent at once (the sandbox allows a 0 s wait). */
    registerWebhook: (appUrl: string) => {
      process.env.JETPAY_WEBHOOK_MAX_BATCH_SIZE = "100"
      process.env.JETPAY_WEBHOOK_MAX_WAIT_SECONDS = "0"
      return registerJetpayWebhook({ container: getContainer(), args: [appUrl] })
    },
  }
}
