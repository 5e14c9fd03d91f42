import type { ILockingModule, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { JETPAY_MODULE } from "../../modules/jetpay"
import { nextEventAttemptAt } from "../../domain/event-retry"
import type JetpayModuleService from "../../modules/jetpay/service"
import { syncJetpayTransactionWorkflow } from "./sync-jetpay-transaction"
import { errorMessage } from "../../domain/error-message"
import { withinOneSync } from "../../domain/recent-status"
import { createKeyedLimiter } from "../../domain/limiter"
import { jetpayServices } from "../../providers/jetpay/jetpay-services"

/**
 * How many transactions one process applies at once, whoever asked (the subscriber's batches,
 * the reconciliation job, the admin): one slow Jetpay read holds up only its own transaction,
 * and a storm of hung reads cannot pile up without bound. A transaction asked for again while
 * it still waits for a slot (a backlog: the job finds the events the subscriber queued) is
 * applied once for both.
 */
export const APPLY_CONCURRENCY = 16
const slots = createKeyedLimiter(APPLY_CONCURRENCY)

/**
 * The lock of one Jetpay transaction, shared by every process on the store's locking provider:
 * its syncs hold it, and so does the admin's "Check status" on its awaiting payment
 * (api/middleware/check-status-in-turn.ts), so the two never authorize the same payment at once.
 */
export const transactionLockKey = (jetpayTransactionId: string) => `jetpay:transaction:${jetpayTransactionId}`

/**
 * `timeout`: how long a holder waits for another one of the same transaction to finish (seconds).
 * `expire`: how long the lock is held without renewal; the locking provider renews it while its
 * holder runs, so this bounds how long a process that died holding it keeps it.
 */
export const TRANSACTION_LOCK: Readonly<{ timeout: number; expire: number }> = Object.freeze({ timeout: 30, expire: 15 })

export type ApplyOptions = {
  /**
   * Asked once the transaction's lock is held; false leaves the transaction alone. The
   * reconciliation passes it for transactions it found only by their due events: the sync it
   * waited for (most often the webhook's own) may have applied them meanwhile.
   */
  stillDue?: (jetpayTransactionId: string) => Promise<boolean>
}

export type ApplyOutcome =
  /** `changed`: Medusa was brought in line (an order, a capture, a cancel, a flag) or a new fact recorded. */
  | { jetpayTransactionId: string; ok: true; changed: boolean }
  | { jetpayTransactionId: string; ok: false; error: string }

/**
 * Applies one transaction under its own lock (shared across processes when the store
 * configures a Redis or PostgreSQL locking provider). A failure is recorded, readable, on
 * its unprocessed events with the time of their next try, and on the transaction record;
 * it is returned, not thrown, so that one transaction never stops the others.
 */
export function applyJetpayTransaction(
  container: MedusaContainer,
  jetpayTransactionId: string,
  options: ApplyOptions = {}
): Promise<ApplyOutcome> {
  return slots(jetpayTransactionId, () => applyNow(container, jetpayTransactionId, options))
}

async function applyNow(container: MedusaContainer, jetpayTransactionId: string, { stillDue }: ApplyOptions): Promise<ApplyOutcome> {
  const locking = container.resolve<ILockingModule>(Modules.LOCKING)
  try {
    const plan = await locking.execute(
      transactionLockKey(jetpayTransactionId),
      async () => {
        if (stillDue && !(await stillDue(jetpayTransactionId))) return null
        const { result } = await withinOneSync(() =>
          syncJetpayTransactionWorkflow(container).run({ input: { jetpay_transaction_id: jetpayTransactionId } })
        )
        return result
      },
      { ...TRANSACTION_LOCK }
    )
    if (!plan) return { jetpayTransactionId, ok: true, changed: false }
    const changed =
      plan.authorize ||
      plan.capture ||
      plan.cancelPayment ||
      plan.flagReversal ||
      plan.cancelUnpaidOrder ||
      plan.expireUnpaidOrder ||
      plan.remindUnpaidOrder ||
      Object.values(plan.record).some(Boolean)
    return { jetpayTransactionId, ok: true, changed }
  } catch (error) {
    const message = errorMessage(error)
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`[jetpay] applying transaction ${jetpayTransactionId} failed: ${message}`)
    await recordFailure(container, jetpayTransactionId, message).catch(() => undefined)
    return { jetpayTransactionId, ok: false, error: message }
  }
}

/** Several transactions, each as soon as a slot is free. */
export async function applyJetpayTransactions(
  container: MedusaContainer,
  ids: readonly string[],
  options: ApplyOptions = {}
): Promise<ApplyOutcome[]> {
  return Promise.all([...new Set(ids)].map((id) => applyJetpayTransaction(container, id, options)))
}

async function recordFailure(container: MedusaContainer, jetpayTransactionId: string, message: string) {
  const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
  const now = new Date()
  const pending = await jetpay.listJetpayWebhookEvents(
    { jetpay_transaction_id: jetpayTransactionId, processed_at: null },
    { select: ["id", "attempts"], take: null }
  )
  if (pending.length) {
    await jetpay.updateJetpayWebhookEvents(
      pending.map((event) => ({
        id: event.id,
        attempts: event.attempts + 1,
        last_error: message.slice(0, 2000),
        next_attempt_at: nextEventAttemptAt(event.attempts + 1, now, jetpayServices(container).options.timings),
      }))
    )
  }
  const [record] = await jetpay.listJetpayTransactions({ jetpay_id: jetpayTransactionId }, { select: ["id"], take: 1 })
  if (record) await jetpay.updateJetpayTransactions({ id: record.id, last_error: message.slice(0, 2000) })
}
