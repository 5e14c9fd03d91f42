import { performance } from "node:perf_hooks"

/**
 * One shopper's whole checkout through the Store API, as a storefront makes it, timed step
 * by step. Plain fetch against a base URL, so the same steps drive an in-process test app
 * and a `medusa start` process alike.
 */
export const CHECKOUT_STEPS = ["cart", "address", "payment session", "payer pays", "cart completed", "order read back"] as const
export type CheckoutStep = (typeof CHECKOUT_STEPS)[number]

export type StoreTarget = {
  baseUrl: string
  publishableKey: string
  regionId: string
  variantId: string
  providerId: string
  /** A logged-in customer's token (Bearer), else a guest checkout. */
  customerToken?: string
}

export type CheckoutResult = {
  cartId: string
  orderId: string
  /** The Jetpay debit, when the provider is Jetpay. */
  transactionId: string | null
  /** Milliseconds per step; "payer pays" is absent for a provider with no payer step. */
  ms: Partial<Record<CheckoutStep, number>>
}

export type CheckoutOptions = {
  email?: string
  /** What the payer does between the session and the cart's completion (Jetpay: pay on the link). */
  payerPays?: (session: { data: Record<string, unknown> }) => Promise<void>
  /** Line-item changes after the first session (the storefront then starts a new session). */
  cartChanges?: number
  /** Off: the storefront never completes the cart; the caller waits for the webhook's order. */
  complete?: boolean
}

export async function checkout(store: StoreTarget, options: CheckoutOptions = {}): Promise<CheckoutResult> {
  const ms: CheckoutResult["ms"] = {}
  const timed = async <T>(step: CheckoutStep, run: () => Promise<T>): Promise<T> => {
    const started = performance.now()
    const result = await run()
    ms[step] = (ms[step] ?? 0) + performance.now() - started
    return result
  }
  const call = storeApi(store)
  const email = options.email ?? `shopper-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`

  const { cart } = await timed("cart", () =>
    call("POST", "/store/carts", {
      region_id: store.regionId,
      email,
      items: [{ variant_id: store.variantId, quantity: 1 }],
    })
  )
  await timed("address", () =>
    call("POST", `/store/carts/${cart.id}`, {
      shipping_address: ADDRESS,
      billing_address: ADDRESS,
    })
  )
  let session = await timed("payment session", () => startSession(call, cart.id, store.providerId))
  for (let change = 0; change < (options.cartChanges ?? 0); change++) {
    // Medusa drops the cart's sessions when its total changes; the storefront starts a new one.
    const lineId = cart.items[0].id
    await call("POST", `/store/carts/${cart.id}/line-items/${lineId}`, { quantity: change + 2 })
    session = await timed("payment session", () => startSession(call, cart.id, store.providerId))
  }
  if (options.payerPays) await timed("payer pays", () => options.payerPays!(session))

  let orderId = ""
  if (options.complete !== false) {
    const completed = await timed("cart completed", () => call("POST", `/store/carts/${cart.id}/complete`, {}))
    if (completed.type !== "order") {
      throw new Error(`cart ${cart.id} was not completed: ${JSON.stringify(completed.error ?? completed).slice(0, 300)}`)
    }
    orderId = completed.order.id
    await timed("order read back", () => call("GET", `/store/orders/${orderId}?fields=id,total,payment_status`))
  }
  const transactionId = typeof session.data?.jetpay_transaction_id === "string" ? session.data.jetpay_transaction_id : null
  return { cartId: cart.id, orderId, transactionId, ms }
}

const ADDRESS = {
  first_name: "Marie",
  last_name: "Tremblay",
  address_1: "1 rue Sainte-Catherine",
  city: "Montréal",
  province: "QC",
  postal_code: "H2X 1Z4",
  country_code: "ca",
}

type Call = (method: string, path: string, body?: unknown) => Promise<any>

async function startSession(call: Call, cartId: string, providerId: string) {
  const { payment_collection: collection } = await call("POST", "/store/payment-collections", { cart_id: cartId })
  const { payment_collection: withSession } = await call(
    "POST",
    `/store/payment-collections/${collection.id}/payment-sessions`,
    { provider_id: providerId }
  )
  const session = withSession.payment_sessions.find((candidate: { provider_id: string }) => candidate.provider_id === providerId)
  if (!session) throw new Error(`no ${providerId} session on payment collection ${collection.id}`)
  return session as { id: string; data: Record<string, unknown> }
}

/** The Store API with the publishable key (and the customer's token); a non-2xx answer throws with its body. */
export function storeApi(store: Pick<StoreTarget, "baseUrl" | "publishableKey" | "customerToken">): Call {
  return async (method, path, body) => {
    const headers: Record<string, string> = { "x-publishable-api-key": store.publishableKey }
    if (body !== undefined) headers["content-type"] = "application/json"
    if (store.customerToken) headers.authorization = `Bearer ${store.customerToken}`
    const response = await fetch(`${store.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`)
    return text ? JSON.parse(text) : null
  }
}

/** Registers and logs in a customer; returns their token for `StoreTarget.customerToken`. */
export async function logInNewCustomer(baseUrl: string, publishableKey: string, email: string): Promise<string> {
  const post = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-publishable-api-key": publishableKey,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`)
    return response.json() as Promise<any>
  }
  const password = "bench-pass-1"
  const registration = await post("/auth/customer/emailpass/register", { email, password })
  await post("/store/customers", { email, first_name: "Léa", last_name: "Gagnon" }, registration.token)
  return (await post("/auth/customer/emailpass", { email, password })).token
}
