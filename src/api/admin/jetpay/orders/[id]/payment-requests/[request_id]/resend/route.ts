import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { paymentRequestViewOf } from "../../../../../../../../workflows/payment-requests/payment-requests"
import type { PaymentRequestResponse } from "../../../../../../../../domain/payment-request-view"
import { resendOrderPaymentRequestWorkflow } from "../../../../../../../../workflows/payment-requests/request-order-payment"
import { parseOrThrow } from "../../../../../validators"
import { requestParamsSchema, type ResendPaymentRequestBody } from "../../validators"

/** Sends an open request's email again; a paid, failed or canceled one is refused. */
export const POST = async (req: AuthenticatedMedusaRequest<ResendPaymentRequestBody>, res: MedusaResponse<PaymentRequestResponse>) => {
  const { id, request_id } = parseOrThrow(requestParamsSchema, req.params, "payment request id")
  const body = req.validatedBody
  await resendOrderPaymentRequestWorkflow(req.scope).run({
    input: { order_id: id, request_id, language: body.language, actor: req.auth_context?.actor_id ?? null },
  })
  res.json({ payment_request: await paymentRequestViewOf(req.scope, id, request_id) })
}
