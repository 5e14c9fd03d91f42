import type { ILockingModule, IPaymentModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, PaymentActions } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { authorizePaymentSessionForOrderWorkflow, completeCartWorkflow, processPaymentWorkflow } from "@medusajs/core-flows"
import { errorMessage } from "../../../domain/error-message"
import { orderOfCart } from "../cart-links"
import { checkJetpayCartAmounts } from "../../checkout/check-cart-amounts"
import type { JetpaySnapshot } from "./read-jetpay-transaction"

/**
 * The payer authorized: Medusa's own payment workflow completes the cart and authorizes the
 * session, or leaves its payment awaiting (an EFT not settled, `pending_authorization`); once
 * the money is there, Medusa's workflow for an awaiting payment authorizes it on its order. It runs as a workflow of its own, committed when it ends: undoing a completed
 * cart because a later step of this sync failed would lose an order that the payer paid for;
 * the sync is simply run again. Returns the payment and order as they are afterwards, and
 * whether the order was one a dead cart completion had left unpaid (`placedLate`).
 */
export const applyJetpayAuthorizationStep = createStep(
  "apply-jetpay-authorization",
  async (snapshot: JetpaySnapshot, { container }) => {
    let paymentId = snapshot.paymentId
    let orderId = snapshot.orderId
    if (snapshot.plan.authorizeUnpaidOrder && snapshot.session && snapshot.orderId) {
      // The completion that made this order died before authorizing; nobody else will (a
      // completion of a cart that has its order makes none and authorizes nothing).
      // The provider answers from Jetpay's live state: an EFT not settled leaves the payment awaiting.
      const payments = container.resolve<IPaymentModuleService>(Modules.PAYMENT)
      const payment = await payments.authorizePaymentSession(snapshot.session.id, {})
      if (!payment && !snapshot.plan.awaitSettlement) {
        throw new Error(`Medusa made no payment when authorizing session ${snapshot.session.id} of Jetpay payment ${snapshot.jetpayId}`)
      }
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .info(
          `[jetpay] order ${snapshot.orderId}: its cart completion stopped before authorizing the payment; the payer ` +
            `authorized Jetpay payment ${snapshot.jetpayId}, so the payment is ${payment ? "authorized" : "awaiting settlement"} now and order.placed goes out with this sync`
        )
      return new StepResponse({ paymentId: payment?.id ?? null, orderId: snapshot.orderId, placedLate: true })
    }
    if (snapshot.plan.authorize && snapshot.session?.awaiting && snapshot.orderId) {
      // The order was made with its payment awaiting, and the money is there now: Medusa's own
      // workflow authorizes the session on that order (the provider reads Jetpay: a settled
      // debit is authorized and captured at once) and records the capture on the order.
      await authorizePaymentSessionForOrderWorkflow(container).run({ input: { payment_session_id: snapshot.session.id } })
      const payments = container.resolve<IPaymentModuleService>(Modules.PAYMENT)
      const [payment] = await payments.listPayments({ payment_session_id: snapshot.session.id }, { select: ["id"], take: 1 })
      if (!payment) {
        throw new Error(`the money of Jetpay payment ${snapshot.jetpayId} is there, but Medusa made no payment for session ${snapshot.session.id} of order ${snapshot.orderId}`)
      }
      return new StepResponse({ paymentId: payment.id, orderId: snapshot.orderId, placedLate: false })
    }
    if (snapshot.plan.authorize && snapshot.session && snapshot.cartId) {
      // The shopper is often back and completing the cart at this very moment: once that
      // completion lets go of the cart, the order it made is the one this sync would make.
      const done = await afterCartCompletion(container, snapshot.cartId, snapshot.session.id, snapshot.plan.awaitSettlement)
      if (done) return new StepResponse({ ...done, placedLate: false })
    }
    if (snapshot.plan.authorize && snapshot.session) {
      // The cart becomes an order only for the amount the payer was asked (the storefront's
      // completion checks the same in the plugin's middleware).
      if (snapshot.cartId) await checkJetpayCartAmounts(container, snapshot.cartId)
      await processPaymentWorkflow(container).run({
        input: { action: PaymentActions.AUTHORIZED, data: { session_id: snapshot.session.id, amount: snapshot.session.amount as number } },
      })
      const payments = container.resolve<IPaymentModuleService>(Modules.PAYMENT)
      const [payment] = await payments.listPayments({ payment_session_id: snapshot.session.id }, { take: 1 })
      paymentId = payment?.id ?? null
      // A payment request's collection belongs to its order already; a checkout's gets one now.
      orderId = snapshot.cartId ? await orderOfCart(container, snapshot.cartId) : snapshot.orderId
      // An EFT awaiting its settlement makes the order and no payment yet (a payment request's
      // session, on its order already, is left awaiting by the provider's answer).
      if ((!paymentId && !snapshot.plan.awaitSettlement) || (snapshot.cartId && !orderId)) {
        // processPaymentWorkflow goes on past a cart that could not be completed; this sync does
        // not. Completing it once more says why (out of stock, a promotion gone, an amount mismatch).
        const why = snapshot.cartId ? await completionFailure(snapshot.cartId) : null
        throw new Error(
          `the payer authorized Jetpay payment ${snapshot.jetpayId}, but Medusa could not ${snapshot.cartId ? `complete cart ${snapshot.cartId}` : `authorize payment session ${snapshot.session.id}`}` +
            (why ? `: ${why}` : "")
        )
      }
    }
    return new StepResponse({ paymentId, orderId, placedLate: false })

    async function completionFailure(cartId: string): Promise<string | null> {
      const { errors } = await completeCartWorkflow(container).run({ input: { id: cartId }, throwOnError: false })
      const [first] = errors ?? []
      return first ? errorMessage(first.error) : null
    }
  }
)

/** Seconds to wait for a cart completion that is under way (Medusa's own wait for the cart's lock). */
const CART_LOCK_WAIT_SECONDS = 30

/**
 * Waits until nobody holds the cart's lock (Medusa's cart completion and payment workflows
 * take it), then returns the payment and order if that completion made them (the order alone,
 * its payment awaiting, when `awaiting`), or null.
 */
async function afterCartCompletion(
  container: MedusaContainer,
  cartId: string,
  sessionId: string,
  awaiting: boolean
): Promise<{ paymentId: string | null; orderId: string } | null> {
  const locking = container.resolve<ILockingModule>(Modules.LOCKING)
  await locking.execute(cartId, async () => undefined, { timeout: CART_LOCK_WAIT_SECONDS })
  const payments = container.resolve<IPaymentModuleService>(Modules.PAYMENT)
  const [[payment], orderId] = await Promise.all([
    payments.listPayments({ payment_session_id: sessionId }, { select: ["id"], take: 1 }),
    orderOfCart(container, cartId),
  ])
  if (!orderId) return null
  if (payment) return { paymentId: payment.id, orderId }
  return awaiting ? { paymentId: null, orderId } : null
}
