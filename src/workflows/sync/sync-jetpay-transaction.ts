import { emitEventStep } from "@medusajs/core-flows"
import { OrderWorkflowEvents } from "@medusajs/framework/utils"
import { WorkflowResponse, createWorkflow, transform, when } from "@medusajs/framework/workflows-sdk"
import { JetpayEvents, type JetpayPaymentEventData } from "../../domain/events"
import type { PluginEventKind } from "../../domain/sync-plan"
import { applyJetpayAuthorizationStep } from "./steps/apply-jetpay-authorization"
import { applyJetpaySettlementStep } from "./steps/apply-jetpay-settlement"
import { cancelUnpaidOrderStep } from "./steps/cancel-unpaid-order"
import { cancelAbandonedDebitStep } from "./steps/cancel-abandoned-debit"
import { readJetpayTransactionStep, type JetpaySnapshot } from "./steps/read-jetpay-transaction"
import { recordJetpayOutcomeStep } from "./steps/record-jetpay-outcome"

export const syncJetpayTransactionWorkflowId = "sync-jetpay-transaction"

const EVENT_NAMES: Record<PluginEventKind, string> = {
  authorized: JetpayEvents.PAYMENT_AUTHORIZED,
  captured: JetpayEvents.PAYMENT_CAPTURED,
  failed: JetpayEvents.PAYMENT_FAILED,
  reversed: JetpayEvents.PAYMENT_REVERSED,
  refund_failed: JetpayEvents.REFUND_FAILED,
}

/**
 * Brings Medusa in line with one Jetpay transaction: reads its history, live status and the
 * Medusa side, then authorizes (the order), captures, cancels or flags, cancels an order a
 * dead cart completion left unpaid or a debit nobody used, and records what it did. The plugin's events go out only
 * when the whole run succeeded. Callers hold the transaction's lock around it
 * (apply-jetpay-transactions.ts).
 */
export const syncJetpayTransactionWorkflow = createWorkflow(
  syncJetpayTransactionWorkflowId,
  (input: { jetpay_transaction_id: string }) => {
    const snapshot = readJetpayTransactionStep({ jetpayTransactionId: input.jetpay_transaction_id })
    const applied = applyJetpayAuthorizationStep(snapshot)
    cancelUnpaidOrderStep(snapshot)
    cancelAbandonedDebitStep(snapshot)
    const settlement = transform({ snapshot, applied }, ({ snapshot, applied }) => ({
      paymentId: applied.paymentId,
      orderId: applied.orderId,
      capture: snapshot.plan.capture,
      cancelPayment: snapshot.plan.cancelPayment,
      flagReversal: snapshot.plan.flagReversal,
      failReason: snapshot.live.fail_reason,
      paymentRequest: snapshot.record?.purpose === "payment_request",
      jetpayTransactionId: snapshot.jetpayId,
      refundCanceledOrder: snapshot.plan.refundCanceledOrder,
    }))
    applyJetpaySettlementStep(settlement)
    recordJetpayOutcomeStep({ snapshot, paymentId: applied.paymentId, orderId: applied.orderId })

    // The cart completion that made the order died before Medusa announced it; now it is paid for.
    when("emit-order-placed-late-condition", { applied }, ({ applied }) => applied.placedLate).then(() => {
      const placed = transform({ applied }, ({ applied }) => ({ id: applied.orderId }))
      emitEventStep({ eventName: OrderWorkflowEvents.PLACED, data: placed }).config({ name: "emit-order-placed-late" })
    })

    for (const kind of Object.keys(EVENT_NAMES) as PluginEventKind[]) {
      const data = transform({ snapshot, applied }, ({ snapshot, applied }) => eventData(snapshot, applied))
      when(`emit-jetpay-${kind}-condition`, { snapshot }, ({ snapshot }) => snapshot.plan.emit.includes(kind)).then(() => {
        emitEventStep({ eventName: EVENT_NAMES[kind], data }).config({ name: `emit-jetpay-payment-${kind}` })
      })
    }
    return new WorkflowResponse(snapshot.plan)
  }
)

function eventData(
  snapshot: JetpaySnapshot,
  applied: { paymentId: string | null; orderId: string | null }
): JetpayPaymentEventData {
  return {
    order_id: applied.orderId ?? snapshot.record?.order_id ?? null,
    transaction_id: snapshot.jetpayId,
    payment_id: applied.paymentId ?? snapshot.record?.payment_id ?? null,
    fail_reason: snapshot.live.fail_reason,
  }
}
