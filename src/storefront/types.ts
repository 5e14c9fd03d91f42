/** Jetpay's state of a payment, as the plugin's status route reports it. */
export type JetpayState = "requested" | "initiated" | "paid" | "completed" | "failed" | "cancelled" | (string & {})

/** `GET /store/jetpay/payment-status?cart_id=...`: what the plugin says about a cart's Jetpay payment. */
export type JetpayPaymentStatus = {
  /** Jetpay's state of the cart's latest Jetpay payment. */
  state: JetpayState
  /** The Medusa payment session's status (`pending`, `pending_authorization`, `authorized`, ...). */
  session_status: string
  /** Jetpay's page, while the payment can still be paid there; otherwise null. */
  link: string | null
  /** The cart's order, once it exists. */
  order_id: string | null
}

/** A cart's Jetpay payment as its payment session holds it (amounts in cents). */
export type JetpayCheckout = {
  cartId: string
  providerId: string
  /** Medusa's payment session id. */
  sessionId: string
  /** Jetpay's transaction id. */
  transactionId: string
  /** Jetpay's page where the shopper pays, by bank (EFT, with a PAD agreement) or by card. */
  link: string | null
  /** The amount Jetpay debits, in cents. */
  amountCents: number
  /** Jetpay's card fee in cents, added only if the shopper pays by card; never part of the order. */
  surchargeCents: number
  /** The cart's currency (lowercase), when the cart said it. */
  currencyCode: string | null
}

/** The parts of a Medusa Store API cart the kit reads (a `HttpTypes.StoreCart` fits). */
export type JetpayCartLike = {
  id: string
  currency_code?: string | null
  payment_collection?: {
    id?: string
    payment_sessions?: Array<{
      id: string
      provider_id: string
      status?: string
      created_at?: string | Date | null
      data?: Record<string, unknown> | null
    }> | null
  } | null
}
