import { defineMiddlewares } from "@medusajs/framework/http"
import { attachJetpayPayer } from "./middleware/attach-jetpay-payer"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/store/payment-collections/:id/payment-sessions",
      method: ["POST"],
      middlewares: [attachJetpayPayer],
    },
  ],
})
