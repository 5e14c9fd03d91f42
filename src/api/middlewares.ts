import { defineMiddlewares, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { createPaymentRequestBodySchema, resendPaymentRequestBodySchema } from "./admin/jetpay/orders/[id]/payment-requests/validators"
import {
  attentionActionBodySchema,
  registerWebhookBodySchema,
  resendRefundEmailBodySchema,
  transactionExportQuerySchema,
  transactionListQuerySchema,
} from "./admin/jetpay/validators"
import { attachJetpayPayer } from "./middleware/attach-jetpay-payer"
import { checkJetpayCart } from "./middleware/check-jetpay-cart"
import { checkStatusInTurn } from "./middleware/check-status-in-turn"
import { guardPaymentSessions } from "./middleware/guard-payment-sessions"
import { refuseJetpayFields } from "./middleware/refuse-jetpay-fields"
import { paymentStatusQuerySchema } from "./store/jetpay/payment-status/validators"

/** A batch of 100 events is about 25 kB; anything far larger is not from Jetpay. */
export const WEBHOOK_BODY_LIMIT = "256kb"

export default defineMiddlewares({
  routes: [
    // The admin routes' bodies, by Medusa's own validator: 400 "Invalid request: ..." naming the field.
    { matcher: "/admin/jetpay/attention", method: ["POST"], middlewares: [validateAndTransformBody(attentionActionBodySchema)] },
    { matcher: "/admin/jetpay/webhook", method: ["POST"], middlewares: [validateAndTransformBody(registerWebhookBodySchema)] },
    { matcher: "/admin/jetpay/transactions", method: ["GET"], middlewares: [validateAndTransformQuery(transactionListQuerySchema, {})] },
    { matcher: "/admin/jetpay/transactions/export", method: ["GET"], middlewares: [validateAndTransformQuery(transactionExportQuerySchema, {})] },
    {
      matcher: "/admin/jetpay/orders/:id/payment-requests",
      method: ["POST"],
      middlewares: [validateAndTransformBody(createPaymentRequestBodySchema)],
    },
    {
      matcher: "/admin/jetpay/orders/:id/payment-requests/:request_id/resend",
      method: ["POST"],
      middlewares: [validateAndTransformBody(resendPaymentRequestBodySchema)],
    },
    {
      matcher: "/admin/jetpay/transactions/:id/resend-refund-email",
      method: ["POST"],
      middlewares: [validateAndTransformBody(resendRefundEmailBodySchema)],
    },
    // No store route returns the plugin's linked records, whatever Medusa version checks its fields.
    { matcher: "/store/*", middlewares: [refuseJetpayFields] },
    { matcher: "/store/jetpay/payment-status", method: ["GET"], middlewares: [validateAndTransformQuery(paymentStatusQuerySchema, {})] },
    // Medusa's cart-completion hooks belong to the store: the plugin's amount check runs before the route.
    { matcher: "/store/carts/:id/complete", method: ["POST"], middlewares: [checkJetpayCart] },
    // Medusa's admin "Check status" on an awaiting payment: in turn with the payment's syncs.
    { matcher: "/admin/orders/:id/payment-sessions/authorize", method: ["POST"], middlewares: [checkStatusInTurn] },
    {
      matcher: "/store/payment-collections/:id/payment-sessions",
      method: ["POST"],
      middlewares: [guardPaymentSessions, attachJetpayPayer],
    },
    {
      // The signature covers the exact bytes Jetpay sent: keep them for this route only.
      matcher: "/hooks/jetpay",
      method: ["POST"],
      bodyParser: { preserveRawBody: true, sizeLimit: WEBHOOK_BODY_LIMIT },
    },
  ],
})
