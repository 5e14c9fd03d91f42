import { emitEventStep } from "@medusajs/core-flows"
import { OrderWorkflowEvents, PaymentSessionStatus } from "@medusajs/framework/utils"
import { WorkflowResponse, createWorkflow, transform, when } from "@medusajs/framework/workflows-sdk"
import { applyJetpayAuthorizationStep } from "./steps/apply-jetpay-authorization"
import { applyJetpaySettlementStep } from "./steps/apply-jetpay-settlement"
import { cancelUnpaidOrderStep } from "./steps/cancel-unpaid-order"
import { expireUnpaidOrderStep } from "./steps/expire-unpaid-order"
import { remindUnpaidOrderStep } from "./steps/remind-unpaid-order"
import { cancelAbandonedDebitStep } from "./steps/cancel-abandoned-debit"
import { emitPluginEventsStep } from "./steps/emit-plugin-events"
import { readJetpayTransactionStep } from "./steps/read-jetpay-transaction"
import { recordJetpayOutcomeStep } from "./steps/record-jetpay-outcome"

export const syncJetpayTransactionWorkflowId = "sync-jetpay-transaction"

/**
 * Brings Medusa in line with one Jetpay transaction: reads its history, live status and the
 * Medusa side, then authorizes (the order), captures, cancels or flags, cancels an order a
 * dead cart completion left unpaid, an order made before its payment and still unpaid at its
 * expiry (or reminds it once before), or a debit nobody used, and records what it did with the plugin's events to tell in
 * an outbox, then emits them: at least once, since reconciliation emits what is left there
 * (emit-outbox.ts). Callers hold the transaction's lock around it
 * (apply-jetpay-transactions.ts).
 */
export const syncJetpayTransactionWorkflow = createWorkflow(
  syncJetpayTransactionWorkflowId,
  (input: { jetpay_transaction_id: string }) => {
    const snapshot = readJetpayTransactionStep({ jetpayTransactionId: input.jetpay_transaction_id })
    const applied = applyJetpayAuthorizationStep(snapshot)
    cancelUnpaidOrderStep(snapshot)
    expireUnpaidOrderStep(snapshot)
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
      awaitingSession: snapshot.session?.awaiting
        ? {
            id: snapshot.session.id,
            // An expired order's debit is cancelled by this sync.
            endedAs:
              snapshot.facts.outcome === "cancelled" || snapshot.plan.expireUnpaidOrder
                ? PaymentSessionStatus.CANCELED
                : PaymentSessionStatus.ERROR,
          }
        : null,
    }))
    applyJetpaySettlementStep(settlement)
    const outbox = recordJetpayOutcomeStep({ snapshot, paymentId: applied.paymentId, orderId: applied.orderId })
    // After the record: the reminder is sent once its facts are recorded, and at most once (claimed first).
    remindUnpaidOrderStep(snapshot)

    // The cart completion that made the order died before Medusa announced it; now it is paid for.
    when("emit-order-placed-late-condition", { applied }, ({ applied }) => applied.placedLate).then(() => {
      const placed = transform({ applied }, ({ applied }) => ({ id: applied.orderId }))
      emitEventStep({ eventName: OrderWorkflowEvents.PLACED, data: placed }).config({ name: "emit-order-placed-late" })
    })

    // The plugin's events, recorded in the outbox by the step before: a failed emit leaves them to reconciliation.
    emitPluginEventsStep(outbox)
    return new WorkflowResponse(snapshot.plan)
  }
)
