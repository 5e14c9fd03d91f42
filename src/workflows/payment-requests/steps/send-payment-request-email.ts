import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import type { JetpayLanguage } from "../../../domain/locale-format"
import { sendPaymentRequestEmail } from "../payment-requests"

type Input = { order_id: string; request_id: string; language?: JetpayLanguage }

/**
 * Sends the request's email through Medusa's Notification Module. Never fails the workflow:
 * a store without an email provider still gets the link to copy, and the failure is on the
 * request (and in the admin) until it is resent.
 */
export const sendPaymentRequestEmailStep = createStep(
  "send-jetpay-payment-request-email",
  async (input: Input, { container }) => {
    const outcome = await sendPaymentRequestEmail(container, input.order_id, input.request_id, input.language)
    return new StepResponse(outcome)
  }
)
