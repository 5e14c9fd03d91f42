import type { MedusaContainer } from "@medusajs/framework/types"
import type { Sandbox } from "../../sandbox"
import { JETPAY_MODULE } from "../../src/modules/jetpay"
import type JetpayModuleService from "../../src/modules/jetpay/service"
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
    /** The merchant's registration command, with batches sent at once (the sandbox allows a 0 s wait). */
    registerWebhook: (appUrl: string) => {
      process.env.JETPAY_WEBHOOK_MAX_BATCH_SIZE = "100"
      process.env.JETPAY_WEBHOOK_MAX_WAIT_SECONDS = "0"
      return registerJetpayWebhook({ container: getContainer(), args: [appUrl] })
    },
  }
}
