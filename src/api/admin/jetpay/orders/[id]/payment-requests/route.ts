import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { jetpayServices } from "../../../../../../providers/jetpay/jetpay-services"
import type { OrderPaymentRequestsView } from "../../../../../../domain/payment-request-view"
import { orderPaymentRequestsView, paymentRequestViewOf } from "../../../../../../workflows/payment-requests/payment-requests"
import type { PaymentRequestResponse } from "../../../../../../domain/payment-request-view"
import { requestOrderPaymentWorkflow } from "../../../../../../workflows/payment-requests/request-order-payment"
import { idParamsSchema, parseOrThrow } from "../../../validators"
import type { CreatePaymentRequestBody } from "./validators"

/**
 * The order's payment requests, with what is outstanding now and whether a new request can
 * be made (and why not). Read from Medusa and the plugin's records: no Jetpay call.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<OrderPaymentRequestsView>) => {
  const { id } = parseOrThrow(idParamsSchema, req.params, "order id")
  res.json(await orderPaymentRequestsView(req.scope, id))
}

/**
 * Requests the order's outstanding amount from the customer with a Jetpay payment link,
 * sent by email (Notification Module, template `jetpay-payment-request`). The amount is
 * never taken from the request: the server computes it. 400 naming the field for a bad body,
 * 404 for an unknown order, 400 (`not_allowed`) with the reason when nothing can be requested.
 */
export const POST = async (req: AuthenticatedMedusaRequest<CreatePaymentRequestBody>, res: MedusaResponse<PaymentRequestResponse>) => {
  const { id } = parseOrThrow(idParamsSchema, req.params, "order id")
  const body = req.validatedBody
  const { result } = await requestOrderPaymentWorkflow(req.scope).run({
    input: {
      order_id: id,
      provider_id: jetpayServices(req.scope).providerId,
      language: body.language,
      requested_by: req.auth_context?.actor_id ?? null,
    },
  })
  res.status(201).json({ payment_request: await paymentRequestViewOf(req.scope, id, result.request_id) })
}
