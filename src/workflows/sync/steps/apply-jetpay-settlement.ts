import type { BigNumberInput, IEventBusModuleService, IOrderModuleService, IPaymentModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, Modules, PaymentCollectionStatus, PaymentEvents, PaymentSessionStatus } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { cancelOrderWorkflow, capturePaymentWorkflow } from "@medusajs/core-flows"
import { jetpayServices } from "../../../providers/jetpay/jetpay-services"
import { JETPAY_MODULE } from "../../../modules/jetpay"
import { leftToRefund } from "../../../domain/money"
import type JetpayModuleService from "../../../modules/jetpay/service"
import { ensurePaymentRequestOrderTransactions } from "../../payment-requests/payment-request-capture"

type Input = {
  paymentId: string | null
  orderId: string | null
  capture: boolean
  cancelPayment: boolean
  flagReversal: boolean
  failReason: string | null
  /**
   * A payment an admin requested for an order's outstanding amount: its failure leaves the
   * order as it was (paid by its checkout), so the order is neither flagged nor canceled.
   */
  paymentRequest: boolean
  jetpayTransactionId: string
  /** The money settled for a canceled order: refund what is not refunded yet. */
  refundCanceledOrder: boolean
  /**
   * The order's payment session awaiting the EFT's settlement (`pending_authorization`, no
   * Medusa payment): a failure cancels it, with the status the provider gives the state.
   */
  awaitingSession: { id: string; endedAs: PaymentSessionStatus } | null
}

/** The note on Medusa's refund of money that settled for a canceled order: how its books find it. */
export const CANCELED_ORDER_REFUND_NOTE = "Order canceled before the payment settled"

/** What the order shows of its Jetpay payment when it failed, for the admin and the merchant's own code. */
export const FAILURE_METADATA = {
  failed: "jetpay_payment_failed",
  reversed: "jetpay_payment_reversed",
  reason: "jetpay_fail_reason",
} as const

/**
 * Settled: Medusa's capture workflow captures the payment, once. Failed before settling:
 * the Medusa payment (or the order's payment awaiting the EFT's settlement) is canceled, the order is flagged with the reason (and canceled through
 * Medusa's own workflow when the merchant chose `cancelOrderOnFailure`). Failed after settling
 * (a return): the capture stays as the record of what happened and the order is flagged. A payment
 * request's captures become its order's transactions. Each part checks what is already done,
 * so a run after a crash, or beside the storefront's own cart completion, does nothing twice.
 */
export const applyJetpaySettlementStep = createStep(
  "apply-jetpay-settlement",
  async (input: Input, { container }) => {
    const payments = container.resolve<IPaymentModuleService>(Modules.PAYMENT)
    const payment = async () =>
      input.paymentId ? (await payments.listPayments({ id: input.paymentId }, { take: 1 }))[0] : undefined

    if (input.capture) {
      const current = await payment()
      if (!current) throw new Error("the settled Jetpay payment has no Medusa payment to capture")
      if (!current.captured_at) {
        try {
          await capturePaymentWorkflow(container).run({ input: { payment_id: current.id } })
        } catch (error) {
          // The storefront's cart completion may have captured it at the same moment.
          if (!(await payment())?.captured_at) throw error
        }
      }
    }
    if (input.refundCanceledOrder) await refundCanceledOrder()
    // A payment request's capture counts on its order, whichever path captured it.
    if (input.paymentRequest && input.paymentId) await ensurePaymentRequestOrderTransactions(container, input.jetpayTransactionId)
    if (input.cancelPayment) {
      const current = await payment()
      if (current && !current.canceled_at) await payments.cancelPayment(current.id)
      // A payment request's collection stays open: the admin may request the amount again.
      if (current && !input.paymentRequest) await markCollectionCanceled(current.payment_collection_id)
      if (!current && input.awaitingSession) await cancelAwaitingSession(input.awaitingSession)
      if (input.orderId && !input.paymentRequest) {
        await flagOrder(input.orderId, FAILURE_METADATA.failed, input.failReason)
        if (jetpayServices(container).options.cancelOrderOnFailure) await cancelOrder(input.orderId)
      }
    }
    if (input.flagReversal && input.orderId) await flagOrder(input.orderId, FAILURE_METADATA.reversed, input.failReason)
    return new StepResponse(undefined)

    /**
     * Medusa's own refund of what was captured and not refunded yet: a Jetpay credit to the payer
     * through the provider (recorded before it is sent, never sent twice), the order's books
     * showing the refund. Run again, it finds nothing left. A refund that cannot be made (Jetpay
     * refused the credit, another refund's outcome is unknown) is kept on the debit's record
     * (`refund_due_error`), which lists it in Needs attention, and the sync goes on: the next sync
     * of the payment, or the item's Refund action, tries again.
     */
    async function refundCanceledOrder() {
      const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
      const [record] = await jetpay.listJetpayTransactions(
        { jetpay_id: input.jetpayTransactionId },
        { select: ["id", "refund_due_error"], take: 1 }
      )
      const keepError = async (message: string | null) => {
        if (record && (record.refund_due_error ?? null) !== message) await jetpay.updateJetpayTransactions({ id: record.id, refund_due_error: message })
      }
      const paymentNow = async () =>
        input.paymentId ? (await payments.listPayments({ id: input.paymentId }, { relations: ["refunds"], take: 1 }))[0] : undefined
      const current = await paymentNow()
      if (!current?.captured_at) return
      const left = leftToRefund(current)
      let refunds = current.refunds ?? []
      if (MathBN.gt(left, 0)) {
        const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
        logger.info(`[jetpay] order ${input.orderId}: canceled, and Jetpay payment ${input.jetpayTransactionId} settled since; refunding it`)
        try {
          // The payment module's refund: the provider's credit, kept as a Medusa refund only once made.
          await payments.refundPayment({ payment_id: current.id, amount: left, note: CANCELED_ORDER_REFUND_NOTE })
          // As Medusa's refund workflow announces it: the refund's email to the payer follows
          // (a lost announcement is left to the reconciliation's refund-email retries).
          await container
            .resolve<IEventBusModuleService>(Modules.EVENT_BUS)
            .emit({ name: PaymentEvents.REFUNDED, data: { id: current.id } })
            .catch((error: Error) => logger.warn(`[jetpay] payment.refunded for ${current.id} not announced: ${error.message}`))
          refunds = (await paymentNow())?.refunds ?? []
        } catch (error) {
          const message = (error as Error).message || String(error)
          logger.error(`[jetpay] order ${input.orderId}: the refund of Jetpay payment ${input.jetpayTransactionId} could not be made: ${message}`)
          return keepError(message.slice(0, 2000))
        }
      }
      await keepError(null)
      if (input.orderId) await bookCanceledOrderRefunds(input.orderId, refunds)
    }

    /**
     * The order's books: each refund made here gets its order transaction, as Medusa's refund
     * workflows add one (reference "refund", the refund's id), also after a process died between
     * the refund and its transaction. Not Medusa's refundPaymentWorkflow, whose credit line a
     * canceled order refuses once the credit has left, nor refundPaymentsWorkflow, which books a
     * refund the provider refused.
     */
    async function bookCanceledOrderRefunds(orderId: string, refunds: Array<{ id: string; note?: string | null; amount: BigNumberInput; raw_amount?: unknown }>) {
      const ours = refunds.filter((refund) => refund.note === CANCELED_ORDER_REFUND_NOTE)
      if (!ours.length) return
      const orders = container.resolve<IOrderModuleService>(Modules.ORDER)
      const booked = await orders.listOrderTransactions(
        { order_id: orderId, reference: "refund", reference_id: ours.map((refund) => refund.id) },
        { select: ["reference_id"] }
      )
      const bookedIds = new Set(booked.map((transaction) => transaction.reference_id))
      const missing = ours.filter((refund) => !bookedIds.has(refund.id))
      if (!missing.length) return
      const order = await orders.retrieveOrder(orderId, { select: ["id", "currency_code"] })
      await orders.addOrderTransactions(
        missing.map((refund) => ({
          order_id: orderId,
          amount: MathBN.mult((refund.raw_amount as BigNumberInput) ?? refund.amount, -1),
          currency_code: order.currency_code,
          reference: "refund",
          reference_id: refund.id,
        }))
      )
    }

    // Plugin metadata, not a change of the order: Medusa's updateOrderWorkflow refuses a
    // canceled order, and a failure on a canceled order must still be recorded.
    async function flagOrder(orderId: string, flag: string, reason: string | null) {
      const orders = container.resolve<IOrderModuleService>(Modules.ORDER)
      const order = await orders.retrieveOrder(orderId, { select: ["id", "metadata"] })
      if (order.metadata?.[flag] === true && order.metadata?.[FAILURE_METADATA.reason] === reason) return
      await orders.updateOrders(orderId, {
        metadata: { ...(order.metadata ?? {}), [flag]: true, [FAILURE_METADATA.reason]: reason },
      })
    }

    /**
     * Medusa's cancelPayment leaves the payment collection "authorized", which the order page and
     * the order list then show as the payment status. A collection whose every payment was
     * canceled and nothing captured is canceled, so the order reads "Canceled" there too.
     */
    async function markCollectionCanceled(collectionId: string) {
      const [collection] = await payments.listPaymentCollections(
        { id: collectionId },
        { relations: ["payments"], select: ["id", "status", "payments.id", "payments.canceled_at", "payments.captured_at"], take: 1 }
      )
      if (!collection || collection.status === PaymentCollectionStatus.CANCELED) return
      const all = collection.payments ?? []
      if (!all.length || !all.every((each) => each.canceled_at && !each.captured_at)) return
      await payments.updatePaymentCollections(collection.id, { status: PaymentCollectionStatus.CANCELED })
    }

    /**
     * An awaiting payment has no Medusa payment to cancel: its session takes the failure's
     * status through the payment module (so Medusa's "Check status" banner goes), and its
     * collection, with nothing else authorized or captured, is canceled: the order's payment
     * status reads "Canceled", as for a canceled payment.
     */
    async function cancelAwaitingSession({ id, endedAs }: { id: string; endedAs: PaymentSessionStatus }) {
      const [session] = await payments.listPaymentSessions({ id }, { take: 1 })
      if (!session) return
      if (session.status === PaymentSessionStatus.PENDING_AUTHORIZATION) {
        await payments.updatePaymentSession({
          id: session.id,
          data: session.data ?? {},
          amount: ((session as { raw_amount?: unknown }).raw_amount ?? session.amount) as BigNumberInput,
          currency_code: session.currency_code,
          status: endedAs,
        })
      }
      if (input.paymentRequest) return
      const [collection] = await payments.listPaymentCollections(
        { id: session.payment_collection_id },
        { relations: ["payments", "payment_sessions"], take: 1 }
      )
      if (!collection || collection.status === PaymentCollectionStatus.CANCELED) return
      const live = new Set<string>([PaymentSessionStatus.PENDING_AUTHORIZATION, PaymentSessionStatus.AUTHORIZED, PaymentSessionStatus.CAPTURED])
      const paidOrAwaiting =
        (collection.payments ?? []).some((each) => !each.canceled_at || each.captured_at) ||
        (collection.payment_sessions ?? []).some((each) => each.id !== session.id && live.has(each.status))
      if (!paidOrAwaiting) await payments.updatePaymentCollections(collection.id, { status: PaymentCollectionStatus.CANCELED })
    }

    async function cancelOrder(orderId: string) {
      const orders = container.resolve<IOrderModuleService>(Modules.ORDER)
      const order = await orders.retrieveOrder(orderId, { select: ["id", "status"] })
      if (order.status === "canceled") return
      await cancelOrderWorkflow(container).run({ input: { order_id: orderId } })
    }
  }
)
