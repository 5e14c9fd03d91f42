import type { IPaymentModuleService } from "@medusajs/framework/types"
import { Modules, PaymentActions } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { completeCartWorkflow, processPaymentWorkflow } from "@medusajs/core-flows"
import { errorMessage } from "../../lib/medusa-jetpay/error-message"
import { orderOfCart } from "../../lib/medusa-jetpay/cart-links"
import type { JetpaySnapshot } from "./read-jetpay-transaction"

/**
 * The payer authorized: Medusa's own payment workflow authorizes the session and completes
 * the cart. It runs as a workflow of its own, committed when it ends: undoing a completed
 * cart because a later step of this sync failed would lose an order that the payer paid for;
 * the sync is simply run again. Returns the payment and order as they are afterwards.
 */
export const applyJetpayAuthorizationStep = createStep(
  "apply-jetpay-authorization",
  async (snapshot: JetpaySnapshot, { container }) => {
    let paymentId = snapshot.paymentId
    let orderId = snapshot.orderId
    if (snapshot.plan.authorize && snapshot.session) {
      await processPaymentWorkflow(container).run({
        input: { action: PaymentActions.AUTHORIZED, data: { session_id: snapshot.session.id, amount: snapshot.session.amount as number } },
      })
      const payments = container.resolve<IPaymentModuleService>(Modules.PAYMENT)
      const [payment] = await payments.listPayments({ payment_session_id: snapshot.session.id }, { take: 1 })
      paymentId = payment?.id ?? null
      // A payment request's collection belongs to its order already; a checkout's gets one now.
      orderId = snapshot.cartId ? await orderOfCart(container, snapshot.cartId) : snapshot.orderId
      if (!paymentId || (snapshot.cartId && !orderId)) {
        // processPaymentWorkflow goes on past a cart that could not be completed; this sync does
        // not. Completing it once more says why (out of stock, a promotion gone, an amount mismatch).
        const why = snapshot.cartId ? await completionFailure(snapshot.cartId) : null
        throw new Error(
          `the payer authorized Jetpay payment ${snapshot.jetpayId}, but Medusa could not ${snapshot.cartId ? `complete cart ${snapshot.cartId}` : `authorize payment session ${snapshot.session.id}`}` +
            (why ? `: ${why}` : "")
        )
      }
    }
    return new StepResponse({ paymentId, orderId })

    async function completionFailure(cartId: string): Promise<string | null> {
      const { errors } = await completeCartWorkflow(container).run({ input: { id: cartId }, throwOnError: false })
      const [first] = errors ?? []
      return first ? errorMessage(first.error) : null
    }
  }
)
