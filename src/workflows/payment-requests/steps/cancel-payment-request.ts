import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { cancelPaymentRequest } from "../payment-requests"

type Input = { order_id: string; request_id: string; canceled_by?: string | null }

/** Cancels the request's debit (its link stops working) and deletes its payment session. */
export const cancelPaymentRequestStep = createStep(
  "cancel-jetpay-payment-request",
  async (input: Input, { container }) => {
    await cancelPaymentRequest(container, input.order_id, input.request_id, { actor: input.canceled_by ?? null, reason: "canceled" })
    return new StepResponse({ request_id: input.request_id })
  }
)
