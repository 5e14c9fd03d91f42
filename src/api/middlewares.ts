import { defineMiddlewares } from "@medusajs/framework/http"
import { attachJetpayPayer } from "./middleware/attach-jetpay-payer"

/** A batch of 100 events is about 25 kB; anything far larger is not from Jetpay. */
export const WEBHOOK_BODY_LIMIT = "256kb"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/store/payment-collections/:id/payment-sessions",
      method: ["POST"],
      middlewares: [attachJetpayPayer],
    },
    {
      // The signature covers the exact bytes Jetpay sent: keep them for this route only.
      matcher: "/hooks/jetpay",
      method: ["POST"],
      bodyParser: { preserveRawBody: true, sizeLimit: WEBHOOK_BODY_LIMIT },
    },
  ],
})
