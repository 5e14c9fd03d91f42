// What both pages share: the Store API with the publishable key, money, and the
// few things the storefront remembers in localStorage.
import { locale } from "./i18n.js"

let configPromise

/** `{ medusaUrl, publishableKey, regionId, sandboxUrl }`, served by the demo. */
export function config() {
  configPromise ??= fetch("/config.json").then((response) => response.json())
  return configPromise
}

export class StoreApiError extends Error {
  constructor(status, message) {
    super(message)
    this.status = status
  }
}

/** One Store API call; rejects with a StoreApiError that carries Medusa's message. */
export async function storeApi(method, path, body) {
  const { medusaUrl, publishableKey } = await config()
  const response = await fetch(`${medusaUrl}${path}`, {
    method,
    headers: {
      "x-publishable-api-key": publishableKey,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await response.text()
  let json = {}
  try {
    json = text ? JSON.parse(text) : {}
  } catch {
    // An HTML error page (an unknown route): keep the status.
  }
  if (!response.ok) throw new StoreApiError(response.status, json.message ?? `${method} ${path}: ${response.status}`)
  return json
}

/** Medusa v2 amounts are in dollars (24.99); shown in the page's locale ($24.99, 24,99 $). */
export function money(amount, currency = "cad") {
  return new Intl.NumberFormat(locale(), { style: "currency", currency: currency.toUpperCase() }).format(amount ?? 0)
}

const CART_KEY = "jetpay-demo.cart-id"
const CHECKOUT_KEY = "jetpay-demo.checkout-cart-id"

/**
 * The cart being filled, and the cart sent to Jetpay. Jetpay has no "back to the store"
 * link, so the storefront must remember which cart it is waiting for.
 */
export const remember = {
  cartId: () => localStorage.getItem(CART_KEY),
  setCartId: (id) => localStorage.setItem(CART_KEY, id),
  checkoutCartId: () => localStorage.getItem(CHECKOUT_KEY),
  setCheckoutCartId: (id) => localStorage.setItem(CHECKOUT_KEY, id),
  setSurcharge: (cartId, cents) => localStorage.setItem(`jetpay-demo.surcharge.${cartId}`, String(cents ?? 0)),
  surcharge: (cartId) => Number(localStorage.getItem(`jetpay-demo.surcharge.${cartId}`) ?? 0),
  /** Nothing to wait for any more (the cart lost its payment): the shop keeps its cart. */
  forgetCheckout: () => localStorage.removeItem(CHECKOUT_KEY),
  /** The order exists (or the cart is gone): the next visit starts a new cart. */
  forget(cartId) {
    if (localStorage.getItem(CART_KEY) === cartId) localStorage.removeItem(CART_KEY)
    if (localStorage.getItem(CHECKOUT_KEY) === cartId) localStorage.removeItem(CHECKOUT_KEY)
    localStorage.removeItem(`jetpay-demo.surcharge.${cartId}`)
  },
}

export const JETPAY_PROVIDER_ID = "pp_jetpay_jetpay"

/**
 * A new Jetpay payment for the cart: its payment collection (made once), a new
 * session, and the session's link to Jetpay's page. The server builds the payer and
 * the amount from the cart; nothing is sent from here but the provider.
 */
export async function startJetpayPayment(cartId) {
  const { cart } = await storeApi("GET", `/store/carts/${cartId}?fields=id,%2Bpayment_collection.id`)
  const collectionId =
    cart.payment_collection?.id ??
    (await storeApi("POST", "/store/payment-collections", { cart_id: cartId })).payment_collection.id
  const { payment_collection } = await storeApi("POST", `/store/payment-collections/${collectionId}/payment-sessions`, {
    provider_id: JETPAY_PROVIDER_ID,
  })
  const session = payment_collection.payment_sessions.find((candidate) => candidate.provider_id === JETPAY_PROVIDER_ID)
  if (!session?.data?.link) throw new Error("Jetpay did not return a payment link")
  // Shown after a card payment: Jetpay's fee on top of the order (cents).
  remember.setSurcharge(cartId, session.data.surcharge)
  return session.data.link
}

/** Sends the shopper to Jetpay, remembering the cart to come back to. */
export async function payWithJetpay(cartId) {
  let link
  try {
    link = await startJetpayPayment(cartId)
  } catch (error) {
    if (!isStuckCart(error)) throw error
    cartId = await copyCart(cartId)
    link = await startJetpayPayment(cartId)
  }
  remember.setCheckoutCartId(cartId)
  window.location.assign(link)
}

/**
 * Medusa drops a cart's payment sessions before it changes the cart or starts a new
 * session, and refuses to go on when the provider cannot drop one. A checkout started
 * before the demo restarted is such a cart: the new (in-memory) sandbox has never
 * heard of its Jetpay payment. The way out is a new cart with the same contents.
 */
export function isStuckCart(error) {
  return error instanceof StoreApiError && /payment sessions?/i.test(error.message)
}

const ADDRESS_FIELDS = ["first_name", "last_name", "company", "address_1", "address_2", "city", "province", "postal_code", "country_code", "phone"]

/** A new cart with the items, email and address of `cartId`; it becomes the remembered cart. */
export async function copyCart(cartId) {
  const { cart } = await storeApi("GET", `/store/carts/${cartId}?fields=id,region_id,email,*items,*shipping_address`)
  const address = cart.shipping_address
    ? Object.fromEntries(ADDRESS_FIELDS.filter((field) => cart.shipping_address[field]).map((field) => [field, cart.shipping_address[field]]))
    : undefined
  const { cart: copy } = await storeApi("POST", "/store/carts", {
    region_id: cart.region_id,
    ...(cart.email ? { email: cart.email } : {}),
    ...(address ? { shipping_address: address, billing_address: address } : {}),
    items: cart.items.map((item) => ({ variant_id: item.variant_id, quantity: item.quantity })),
  })
  remember.forget(cartId)
  remember.setCartId(copy.id)
  return copy.id
}

/** Text into an element, never HTML. */
export function setText(id, text) {
  document.getElementById(id).textContent = text
}

export function show(id, visible = true) {
  document.getElementById(id).hidden = !visible
}
