import { isJetpayProvider, JETPAY_PROVIDER_ID } from "./provider.js"
import { storeRequest, type JetpayStore } from "./store-api.js"
import type { JetpayCartLike, JetpayCheckout } from "./types.js"

const CART_FIELDS = "id,currency_code,*payment_collection,*payment_collection.payment_sessions"

/**
 * The cart's latest Jetpay payment session, read from a cart the Store API returned (with its
 * `payment_collection.payment_sessions`); null when it has none. Only what the server put in the
 * session's data is read: the link, the amount and the card surcharge, in cents.
 */
export function jetpaySessionOf(cart: JetpayCartLike, configuredIds: readonly string[] = []): JetpayCheckout | null {
  const sessions = (cart.payment_collection?.payment_sessions ?? [])
    .filter((session) => isJetpayProvider(session.provider_id, configuredIds))
    .sort((a, b) => time(b.created_at) - time(a.created_at))
  const session = sessions[0]
  const data = session?.data ?? {}
  if (!session || typeof data.jetpay_transaction_id !== "string") return null
  return {
    cartId: cart.id,
    providerId: session.provider_id,
    sessionId: session.id,
    transactionId: data.jetpay_transaction_id,
    link: typeof data.link === "string" ? data.link : null,
    amountCents: cents(data.amount),
    surchargeCents: cents(data.surcharge),
    currencyCode: cart.currency_code ? cart.currency_code.toLowerCase() : null,
  }
}

export type StartJetpayPaymentOptions = {
  /** The Jetpay provider's id in Medusa; `pp_jetpay_jetpay` by default. */
  providerId?: string
  /**
   * Reuse the cart's Jetpay session while it is still payable (pending, with its link) instead of
   * starting a new one, which would cancel the first link. True by default.
   */
  reuse?: boolean
}

/**
 * Starts (or picks up) the Jetpay payment of a cart: its payment collection (made once), a Jetpay
 * payment session, and the session's link to Jetpay's page. The cart needs an email and an
 * address first: the plugin builds the Jetpay payer from them, on the server. Nothing but the
 * provider id is sent; the amount, the link and the surcharge come from the server.
 */
export async function startJetpayPayment(
  store: JetpayStore,
  cartOrId: string | JetpayCartLike,
  options: StartJetpayPaymentOptions = {}
): Promise<JetpayCheckout & { link: string }> {
  const providerId = options.providerId ?? JETPAY_PROVIDER_ID
  const reuse = options.reuse !== false
  // A cart the page already holds, with a payable Jetpay session: nothing to ask.
  const held = typeof cartOrId === "string" ? null : payable(cartOrId, providerId)
  if (reuse && held) return held
  const cartId = typeof cartOrId === "string" ? cartOrId : cartOrId.id
  const { cart } = await storeRequest<{ cart: JetpayCartLike }>(store, "GET", `/store/carts/${encodeURIComponent(cartId)}`, {
    query: { fields: CART_FIELDS },
  })
  const current = payable(cart, providerId)
  if (reuse && current) return current
  const collectionId =
    cart.payment_collection?.id ??
    (await storeRequest<{ payment_collection: { id: string } }>(store, "POST", "/store/payment-collections", { body: { cart_id: cart.id } }))
      .payment_collection.id
  const { payment_collection } = await storeRequest<{ payment_collection: NonNullable<JetpayCartLike["payment_collection"]> }>(
    store,
    "POST",
    `/store/payment-collections/${encodeURIComponent(collectionId)}/payment-sessions`,
    { body: { provider_id: providerId } }
  )
  const started = jetpaySessionOf({ id: cart.id, currency_code: cart.currency_code, payment_collection }, [providerId])
  if (!started?.link) throw new Error("Jetpay did not return a payment link")
  return { ...started, link: started.link }
}

/** The cart's Jetpay session of this provider while it can be paid: pending, with its link. */
function payable(cart: JetpayCartLike, providerId: string): (JetpayCheckout & { link: string }) | null {
  const current = jetpaySessionOf(cart, [providerId])
  if (!current || current.providerId !== providerId || !current.link) return null
  const session = cart.payment_collection?.payment_sessions?.find((candidate) => candidate.id === current.sessionId)
  return session?.status === "pending" ? { ...current, link: current.link } : null
}

function time(value: string | Date | null | undefined): number {
  return value ? new Date(value).getTime() || 0 : 0
}

function cents(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : 0
}
