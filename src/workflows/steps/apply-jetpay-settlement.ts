import type { IOrderModuleService, IPaymentModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { capturePaymentWorkflow } from "@medusajs/core-flows"

type Input = {
  paymentId: string | null
  orderId: string | null
  capture: boolean
  cancelPayment: boolean
  flagReversal: boolean
  failReason: string | null
}

/**
 * Settled: Medusa's capture workflow captures the payment, once. Failed before settling:
 * the Medusa payment is canceled. Failed after settling (a return): the capture stays as the
 * record of what happened and the order is flagged. Each part checks what is already done,
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
    if (input.cancelPayment) {
      const current = await payment()
      if (current && !current.canceled_at) await payments.cancelPayment(current.id)
    }
    if (input.flagReversal && input.orderId) {
      // Plugin metadata, not a change of the order: Medusa's updateOrderWorkflow refuses a
      // canceled order, and a return on a canceled order must still be flagged.
      const orders = container.resolve<IOrderModuleService>(Modules.ORDER)
      const order = await orders.retrieveOrder(input.orderId, { select: ["id", "metadata"] })
      await orders.updateOrders(input.orderId, {
        metadata: { ...(order.metadata ?? {}), jetpay_payment_reversed: true, jetpay_fail_reason: input.failReason },
      })
    }
    return new StepResponse(undefined)
  }
)
