import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { paymentRequestViewOf } from "../../../../../../../../workflows/payment-requests/payment-requests"
import type { PaymentRequestResponse } from "../../../../../../../../domain/payment-request-view"
import { cancelOrderPaymentRequestWorkflow } from "../../../../../../../../workflows/payment-requests/request-order-payment"
import { parseOrThrow } from "../../../../../validators"
import { requestParamsSchema } from "../../validators"

/**
 * Cancels a request: its Jetpay debit is cancelled (the link stops working) and its payment
 * session removed. Canceling twice answers the same; a request the payer already paid is refused.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<PaymentRequestResponse>) => {
  const { id, request_id } = parseOrThrow(requestParamsSchema, req.params, "payment request id")
  await cancelOrderPaymentRequestWorkflow(req.scope).run({
    input: { order_id: id, request_id, actor: req.auth_context?.actor_id ?? null },
  })
  res.json({ payment_request: await paymentRequestViewOf(req.scope, id, request_id) })
}
