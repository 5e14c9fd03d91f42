import type { ILockingModule, IOrderModuleService, IPaymentModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { cancelOrderWorkflow, refundPaymentWorkflow } from "@medusajs/core-flows"
import { JETPAY_MODULE } from "../../modules/jetpay"
import { REFUND_OUTCOME } from "../../domain/refund-outcome"
import type JetpayModuleService from "../../modules/jetpay/service"
import { fromJetpayAmount, leftToRefund, toJetpayAmount } from "../../domain/money"
import { applyJetpayTransaction } from "../sync/apply-jetpay-transactions"
import {
  attentionItem,
  attentionKindOf,
  parseItemId,
  type AttentionAction,
  type AttentionItem,
  type AttentionRecord,
} from "../../domain/attention-items"
import { formatCents } from "../../domain/money"
import { jetpayServices } from "../../providers/jetpay/jetpay-services"
import { attentionRecheckAt } from "../../domain/next-check"
import { sendRefundCredit } from "../../providers/jetpay/refund-credit"
import { dismissLostEvents, EVENTS_LOST_KIND, lostEventsItems, type LostEventsState } from "../../domain/lost-events"

/** The sync-state key of the event ids the reconciliation gave up on (lost-events.ts). */
export const LOST_EVENTS_KEY = "reconciliation:lost_events"
import { recordingConfirmedRefund } from "../../providers/jetpay/confirmed-refund"
import { unrecordedRefundItems } from "./unrecorded-refund-items"

/** Every unresolved needs-attention item, newest first. */
export async function listAttention(container: MedusaContainer, now = new Date()): Promise<AttentionItem[]> {
  return (await attentionNow(container, now)).items
}

/**
 * The needs-attention items, and when time alone changes them next (a payment without an order
 * past its grace), or null: until then only a change to the records does.
 */
export async function attentionNow(
  container: MedusaContainer,
  now = new Date()
): Promise<{ items: AttentionItem[]; recheckAt: Date | null }> {
  const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
  const timings = jetpayServices(container).options.timings
  const records = (await jetpay.attentionCandidates()) as AttentionRecord[]
  const failedOrderIds = records.filter((record) => record.kind === "debit" && record.failed_at && record.order_id).map((record) => record.order_id!)
  const canceled = new Set<string>()
  if (failedOrderIds.length) {
    const orders = await container
      .resolve<IOrderModuleService>(Modules.ORDER)
      .listOrders({ id: failedOrderIds }, { select: ["id", "status"], take: null })
    for (const order of orders) if (order.status === "canceled") canceled.add(order.id)
  }
  const owed = await refundsOwed(container, records)
  const items = records.flatMap((record) => {
    const kind = attentionKindOf(record, now, !!record.order_id && canceled.has(record.order_id), timings)
    if (!kind) return []
    if (kind !== "refund_due") return [attentionItem(record, kind)]
    // Refunded meanwhile (by hand in Medusa, say): nothing is owed any more.
    const cents = owed.get(record.jetpay_id) ?? 0
    return cents > 0 ? [{ ...attentionItem(record, kind), amount: cents }] : []
  })
  const lost = lostEventsItems(await jetpay.readState<LostEventsState>(LOST_EVENTS_KEY))
  const unrecorded = await unrecordedRefundItems(container, now)
  const recheckAt = [attentionRecheckAt(records, now, timings), unrecorded.recheckAt]
    .filter((at): at is Date => !!at)
    .sort((a, b) => a.getTime() - b.getTime())[0]
  return { items: [...lost, ...unrecorded.items, ...items], recheckAt: recheckAt ?? null }
}

/**
 * What is still owed, in cents, on each debit whose refund for a canceled order failed: its
 * Medusa payment's captured amount less the refunds Medusa recorded of it.
 */
async function refundsOwed(container: MedusaContainer, records: AttentionRecord[]): Promise<Map<string, number>> {
  const due = records.filter((record) => record.kind === "debit" && record.refund_due_error && record.payment_id)
  const owed = new Map<string, number>()
  if (!due.length) return owed
  const payments = await container
    .resolve<IPaymentModuleService>(Modules.PAYMENT)
    .listPayments({ id: due.map((record) => record.payment_id!) }, { relations: ["refunds"], take: null })
  const byId = new Map(payments.map((payment) => [payment.id, payment]))
  for (const record of due) {
    const payment = byId.get(record.payment_id!)
    if (!payment?.captured_at) continue
    owed.set(record.jetpay_id, toJetpayAmount(leftToRefund(payment), payment.currency_code))
  }
  return owed
}

/** How long a second press on the same item waits for the first to end (a refund asks Jetpay). */
const ATTENTION_LOCK_WAIT_SECONDS = 60

/**
 * Carries out one of an item's actions, one press at a time per transaction across processes
 * (Medusa's locking module): the item must still be listed with that action once the lock is
 * held, so a second press (or two admins at once) finds it resolved rather than doing it twice.
 */
export async function resolveAttention(
  container: MedusaContainer,
  itemId: string,
  action: AttentionAction,
  userId: string | undefined
): Promise<void> {
  const parsed = parseItemId(itemId)
  if (!parsed) throw resolvedAlready(itemId)
  await container
    .resolve<ILockingModule>(Modules.LOCKING)
    .execute(`jetpay:attention:${parsed.transactionId}`, () => resolveNow(container, itemId, action, userId), {
      timeout: ATTENTION_LOCK_WAIT_SECONDS,
    })
}

function resolvedAlready(itemId: string) {
  return new MedusaError(MedusaError.Types.NOT_FOUND, `Nothing needs attention as "${itemId}" any more: it was resolved`)
}

async function resolveNow(container: MedusaContainer, itemId: string, action: AttentionAction, userId: string | undefined): Promise<void> {
  const item = (await listAttention(container)).find((candidate) => candidate.id === itemId)
  if (!item) throw resolvedAlready(itemId)
  if (!item.actions.includes(action)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `"${action}" does not apply to this item; it takes ${item.actions.map((name) => `"${name}"`).join(", ")}`
    )
  }
  const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
  if (item.kind === EVENTS_LOST_KIND) {
    // Its one action is "dismiss"; the range stays recorded, dismissed.
    const dismissed = dismissLostEvents(await jetpay.readState<LostEventsState>(LOST_EVENTS_KEY), itemId, new Date())
    if (dismissed) await jetpay.writeState(LOST_EVENTS_KEY, dismissed)
    return
  }
  const transactionId = item.transaction_id!
  const [record] = await jetpay.listJetpayTransactions({ jetpay_id: transactionId }, { take: 1 })
  const resolved = () => jetpay.updateJetpayTransactions({ id: record.id, attention_resolved_at: new Date() })

  switch (action) {
    case "retry": {
      const outcome = await applyJetpayTransaction(container, transactionId)
      if (!outcome.ok) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Still no order: ${outcome.error}`)
      return
    }
    case "refund": {
      if (item.kind === "refund_due") {
        // The sync's own refund of a canceled order, under the payment's lock: Medusa's refund and its credit.
        const outcome = await applyJetpayTransaction(container, transactionId)
        if (!outcome.ok) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `The refund was not made: ${outcome.error}`)
        const [after] = await jetpay.listJetpayTransactions({ jetpay_id: transactionId }, { select: ["id", "refund_due_error"], take: 1 })
        if (after?.refund_due_error) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `The refund was not made: ${after.refund_due_error}`)
        return
      }
      const { client, options } = jetpayServices(container)
      const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
      await sendRefundCredit(client, jetpay, {
        debit: record,
        cents: record.amount,
        statement: options.statement,
        bankAccountId: options.bankAccountId,
        money: (cents) => formatCents(cents, options.currency),
        refundIntentStaleMs: options.timings.refundIntentStaleMs,
        // Not Medusa's refund: the payment has no order, and Medusa records no refund of it.
        medusaRefund: null,
        logError: (message) => logger.error(message),
      })
      await resolved()
      // The refunded payment's session goes, so the shopper's cart can be paid afresh.
      if (record.payment_session_id) {
        await container
          .resolve<IPaymentModuleService>(Modules.PAYMENT)
          .deletePaymentSession(record.payment_session_id)
          .catch((error: Error) => logger.warn(`[jetpay] the refunded payment's session stays: ${error.message}`))
      }
      return
    }
    case "cancel_order":
      await cancelOrderWorkflow(container).run({ input: { order_id: item.order_id!, canceled_by: userId } })
      await resolved()
      return
    case "refund_sent":
    case "record": {
      // Keep it in Medusa too: Medusa's refund of this credit, which the provider records without
      // asking Jetpay again (it is named to the provider, not matched by amount). Until that
      // succeeds the credit keeps its outcome (unknown, or sent with no Medusa refund), and this
      // item stays.
      if (record.payment_id) {
        const currency = jetpayServices(container).options.currency
        await recordingConfirmedRefund(record.jetpay_id, () =>
          refundPaymentWorkflow(container).run({
            input: { payment_id: record.payment_id!, amount: fromJetpayAmount(record.amount, currency), created_by: userId },
          })
        )
      } else {
        await jetpay.updateJetpayTransactions({ id: record.id, refund_outcome: REFUND_OUTCOME.recorded })
      }
      return
    }
    case "refund_not_sent":
      await jetpay.updateJetpayTransactions({ id: record.id, refund_outcome: REFUND_OUTCOME.notSent })
      return
    case "dismiss":
      await resolved()
      return
    default: {
      const unhandled: never = action
      throw new Error(`Unhandled action: ${String(unhandled)}`)
    }
  }
}
