import { MedusaError } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { paymentRequestRecord } from "../payment-requests"
import { paymentRequestStatus, readRequestDetails } from "../../../domain/payment-request-view"

/** Only a request whose link can still be paid is sent again. */
export const checkPaymentRequestOpenStep = createStep(
  "check-jetpay-payment-request-open",
  async (input: { order_id: string; request_id: string }, { container }) => {
    const record = await paymentRequestRecord(container, input.order_id, input.request_id)
    const status = paymentRequestStatus(record, readRequestDetails(record.request))
    if (status !== "open") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Payment request ${input.request_id} is ${status}: only an open request can be sent again.`
      )
    }
    return new StepResponse({ request_id: record.id })
  }
)
