import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { JETPAY_PROVIDER_ID, type StoreFixture } from "./store-fixture"

type Api = {
  post: (url: string, body?: unknown, config?: unknown) => Promise<{ data: any; status: number }>
  get: (url: string, config?: unknown) => Promise<{ data: any; status: number }>
}

export type JetpayCheckout = {
  cartId: string
  sessionId: string
  transactionId: string
  /** The payment session as the Store API returned it. */
  session: { id: string; provider_id: string; status: string; data: Record<string, unknown> }
  data: Record<string, unknown> & { jetpay_transaction_id: string; link: string }
}

/** What a storefront does up to the redirect: a guest cart, its payment collection, a Jetpay session. */
export async function startJetpayCheckout(
  api: Api,
  store: StoreFixture,
  options: { quantity?: number; browserData?: Record<string, unknown> } = {}
): Promise<JetpayCheckout> {
  const headers = { headers: { "x-publishable-api-key": store.publishableKey } }
  const { data: cartBody } = await api.post(
    "/store/carts",
    {
      region_id: store.regionId,
      email: "marie.tremblay@example.com",
      shipping_address: {
        first_name: "Marie",
        last_name: "Tremblay",
        address_1: "1 rue Sainte-Catherine",
        city: "Montréal",
        province: "QC",
        postal_code: "H2X 1Z4",
        country_code: "ca",
      },
      items: [{ variant_id: store.variantId, quantity: options.quantity ?? 2 }],
    },
    headers
  )
  const cartId = cartBody.cart.id
  const { data: collectionBody } = await api.post("/store/payment-collections", { cart_id: cartId }, headers)
  const { data: sessionBody } = await api.post(
    `/store/payment-collections/${collectionBody.payment_collection.id}/payment-sessions`,
    { provider_id: JETPAY_PROVIDER_ID, data: options.browserData },
    headers
  )
  const session = sessionBody.payment_collection.payment_sessions[0]
  return { cartId, sessionId: session.id, transactionId: session.data.jetpay_transaction_id, session, data: session.data }
}

/** The storefront completing the cart when the shopper returns. */
export function completeCart(api: Api, store: StoreFixture, cartId: string) {
  return api
    .post(`/store/carts/${cartId}/complete`, {}, { headers: { "x-publishable-api-key": store.publishableKey } })
    .catch((error: { response?: { data: any; status: number } }) => {
      if (error.response) return error.response
      throw error
    })
}

export type OrderView = {
  id: string
  metadata: Record<string, unknown> | null
  payments: Array<{ id: string; amount: number; captured_at: string | null; canceled_at: string | null; captures: unknown[] }>
  /** The statuses of the order's payment sessions: `pending_authorization` while an EFT awaits settlement. */
  sessions: string[]
}

/** The orders made from a cart, with their payments and captures: what a merchant sees. */
export async function ordersOfCart(container: MedusaContainer, cartId: string): Promise<OrderView[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: links } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
  const orderIds = links.map((link: { order_id: string }) => link.order_id)
  if (!orderIds.length) return []
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id", "metadata", "payment_collections.payments.*", "payment_collections.payments.captures.*", "payment_collections.payment_sessions.status"],
    filters: { id: orderIds },
  })
  return orders.map((order: any) => ({
    id: order.id,
    metadata: order.metadata,
    payments: order.payment_collections.flatMap((collection: any) =>
      collection.payments.map((payment: any) => ({
        id: payment.id,
        amount: Number(payment.amount),
        captured_at: payment.captured_at,
        canceled_at: payment.canceled_at,
        captures: payment.captures ?? [],
      }))
    ),
    sessions: order.payment_collections.flatMap((collection: any) => (collection.payment_sessions ?? []).map((session: any) => session.status)),
  }))
}

/** The cart's order once it exists with its payment (made by the webhook or by the completion). */
export async function orderWithPayment(container: MedusaContainer, cartId: string, timeoutMs = 30_000, what = "the order"): Promise<OrderView> {
  const [order] = await eventually(async () => {
    const orders = await ordersOfCart(container, cartId)
    return orders[0]?.payments.length > 0 && orders
  }, timeoutMs, what)
  return order
}

/** The cart's order once its payment is captured (Jetpay settled it). */
export async function capturedOrder(container: MedusaContainer, cartId: string, timeoutMs = 30_000, what = "the capture"): Promise<OrderView> {
  const [order] = await eventually(async () => {
    const orders = await ordersOfCart(container, cartId)
    return orders[0]?.payments[0]?.captured_at && orders
  }, timeoutMs, what)
  return order
}

/**
 * The cart's order once it exists with its payment authorized, or awaiting an EFT's settlement
 * (its session `pending_authorization`, no Medusa payment yet).
 */
export async function placedOrder(container: MedusaContainer, cartId: string, timeoutMs = 30_000, what = "the order"): Promise<OrderView> {
  const [order] = await eventually(async () => {
    const orders = await ordersOfCart(container, cartId)
    const first = orders[0]
    return first && (first.payments.length > 0 || first.sessions.includes("pending_authorization")) && orders
  }, timeoutMs, what)
  return order
}

export async function eventually<T>(check: () => Promise<T | undefined | null | false | 0 | "">, timeoutMs = 20_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  while (Date.now() < deadline) {
    try {
      const value = await check()
      if (value !== undefined && value !== null && value !== false && value !== 0 && value !== "") return value as T
    } catch (error) {
      lastError = error
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`)
}
