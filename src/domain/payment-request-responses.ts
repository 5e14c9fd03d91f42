import type { PaymentRequestView } from "./payment-request-view"

// The payment-request admin API's answers, for its routes and the admin extensions
// (type-only imports there: nothing of the server reaches the browser bundle).

export type {
  OrderPaymentRequestsView,
  PaymentRequestStatus,
  PaymentRequestView,
} from "./payment-request-view"
export type { RequestRefusal } from "./payment-request-rules"

/** `POST /admin/jetpay/orders/:id/payment-requests`, `.../:request_id/resend` and `.../:request_id/cancel`. */
export type PaymentRequestResponse = { payment_request: PaymentRequestView }
