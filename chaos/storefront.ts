// What a storefront asks the store, through the Store API, with a shopper's patience.
import { HttpError, request, requestOk, withPatience, type Answer } from "./http"

export const JETPAY_PROVIDER_ID = "pp_jetpay_jetpay"

export type StoreTarget = { serverUrl: string; publishableKey: string; regionId: string; variantId: string }

export type JetpaySession = { id: string; status: string; debitId: string; amount: number }

const ADDRESS = {
  first_name: "Marie",
  last_name: "Tremblay",
  address_1: "1 rue Sainte-Catherine",
  city: "Montréal",
  province: "QC",
  postal_code: "H2X 1Z4",
  country_code: "ca",
}

export function storefront(store: StoreTarget, patienceMs: number, onRetry?: (error: unknown) => void) {
  const headers = { "x-publishable-api-key": store.publishableKey }
  const url = (path: string) => `${store.serverUrl}${path}`
  const post = <T = any>(path: string, body: unknown) =>
    withPatience(() => requestOk<T>("POST", url(path), { body, headers }), patienceMs, onRetry)
  const get = <T = any>(path: string) => withPatience(() => requestOk<T>("GET", url(path), { headers }), patienceMs, onRetry)

  return {
    /** A guest cart in Canada with one line of the seeded variant, its email and addresses. */
    async createCart(email: string): Promise<string> {
      const { cart } = await post("/store/carts", {
        region_id: store.regionId,
        email,
        shipping_address: ADDRESS,
        billing_address: ADDRESS,
        items: [{ variant_id: store.variantId, quantity: 1 }],
      })
      return cart.id
    },

    async paymentCollection(cartId: string): Promise<string> {
      const { payment_collection } = await post("/store/payment-collections", { cart_id: cartId })
      return payment_collection.id
    },

    /** Starts the Jetpay session: Medusa asks the provider, which creates the Jetpay debit. */
    async startJetpaySession(collectionId: string): Promise<JetpaySession> {
      const { payment_collection } = await post(`/store/payment-collections/${collectionId}/payment-sessions`, {
        provider_id: JETPAY_PROVIDER_ID,
      })
      const session = jetpaySessions(payment_collection)[0]
      if (!session) throw new Error(`payment collection ${collectionId} has no Jetpay session after starting one`)
      return session
    },

    async cart(cartId: string): Promise<any> {
      const fields = "id,completed_at,*items,*payment_collection,*payment_collection.payment_sessions"
      return (await get(`/store/carts/${cartId}?fields=${encodeURIComponent(fields)}`)).cart
    },

    async addLine(cartId: string): Promise<void> {
      await post(`/store/carts/${cartId}/line-items`, { variant_id: store.variantId, quantity: 1 })
    },

    /**
     * The shopper back from Jetpay completing the cart. Any answer is a result (an order, or a
     * cart with an error when the payment is not authorized); only an unreachable store is retried.
     */
    complete(cartId: string): Promise<Answer> {
      return withPatience(async () => {
        const answer = await request("POST", url(`/store/carts/${cartId}/complete`), { body: {}, headers })
        if (answer.status >= 500) throw new HttpError("POST", url(`/store/carts/${cartId}/complete`), answer.status, answer.body)
        return answer
      }, patienceMs, onRetry)
    },

    /** GET /store/jetpay/payment-status: the storefront's view of the cart's payment and order. */
    paymentStatus(cartId: string): Promise<Answer<{ state: string; session_status: string; link: string | null; order_id: string | null }>> {
      return request("GET", url(`/store/jetpay/payment-status?cart_id=${encodeURIComponent(cartId)}`), { headers })
    },
  }
}

export type Storefront = ReturnType<typeof storefront>

/** The Jetpay sessions of a payment collection, newest first. */
export function jetpaySessions(collection: any): JetpaySession[] {
  const sessions: any[] = collection?.payment_sessions ?? []
  return sessions
    .filter((session) => session.provider_id === JETPAY_PROVIDER_ID && typeof session.data?.jetpay_transaction_id === "string")
    .sort((a, b) => new Date(b.created_at ?? 0).getTime() - new Date(a.created_at ?? 0).getTime())
    .map((session) => ({
      id: session.id,
      status: session.status,
      debitId: session.data.jetpay_transaction_id,
      amount: Number(session.data.amount),
    }))
}
