import { jetpayTestApp } from "../helpers/test-app"
import { completeCart, eventually, ordersOfCart, startJetpayCheckout, orderWithPayment } from "../helpers/checkout-steps"
import { jetpaySteps } from "../helpers/jetpay-steps"
import { useJetpaySandbox } from "../helpers/sandbox-fixture"
import { createJetpayStore, JETPAY_PROVIDER_ID, type StoreFixture } from "../helpers/store-fixture"
import { startJetpayPayment, watchJetpayOrder } from "../../src/storefront"
import { jetpayServices } from "../../src/providers/jetpay/jetpay-services"

jest.setTimeout(120_000)

const sandbox = useJetpaySandbox()

type Status = { state: string; session_status: string; link: string | null; order_id: string | null }

jetpayTestApp({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let headers: { headers: Record<string, string> }
    const { control, pay, advance, settled, failStatusReads, registerWebhook } = jetpaySteps(sandbox, getContainer)

    beforeAll(async () => {
      store = await createJetpayStore(getContainer())
      headers = { headers: { "x-publishable-api-key": store.publishableKey } }
      await registerWebhook(api.defaults.baseURL)
    })

    afterEach(() => control("DELETE", "/_sandbox/webhooks/faults"))

    const status = (cartId: string) =>
      api
        .get(`/store/jetpay/payment-status?cart_id=${cartId}`, headers)
        .catch((error: { response?: { status: number; data: unknown } }) => error.response!)

    const statusReads = async (transactionId: string) =>
      (await control<Array<{ method: string; path: string }>>("GET", "/_sandbox/requests")).filter(
        (request) => request.method === "GET" && request.path === `/transaction/${transactionId}/status`
      ).length

    it("reports the payment from link to order: state, session status, link while payable, order id", async () => {
      const checkout = await startJetpayCheckout(api, store)
      const waiting = await status(checkout.cartId)
      expect(waiting.status).toBe(200)
      expect(waiting.data).toEqual({
        state: "requested",
        session_status: "pending",
        link: checkout.data.link,
        order_id: null,
      })

      // EFT: the order is made when the payer signs; its payment awaits settlement (pending_authorization),
      // and the storefront has the order id to tell the shopper their order is placed.
      await pay(checkout.transactionId, "eft")
      const confirmed = await eventually(async () => {
        const current = await status(checkout.cartId)
        return current.data.order_id && current.data.session_status === "pending_authorization" && (current.data as Status)
      }, 30_000, "the order id in the status")
      const [order] = await ordersOfCart(getContainer(), checkout.cartId)
      expect(confirmed).toEqual({ state: "initiated", session_status: "pending_authorization", link: null, order_id: order.id })
      expect(JSON.stringify(confirmed)).not.toMatch(/example\.com|Tremblay/)

      // Jetpay settles: the session is authorized (and the payment captured) on that order.
      await advance(checkout.transactionId, "completed")
      const settledStatus = await eventually(async () => {
        const current = await status(checkout.cartId)
        // Jetpay's state is read at most once every statusCacheMs: both catch up within it.
        return current.data.session_status === "authorized" && current.data.state === "completed" && (current.data as Status)
      }, 30_000, "the settled payment in the status")
      expect(settledStatus).toEqual({ state: "completed", session_status: "authorized", link: null, order_id: order.id })
    })

    it("reads Jetpay at most once every few seconds per transaction, however fast the storefront polls", async () => {
      const checkout = await startJetpayCheckout(api, store)
      // The debit's `created` event is applied (it reads the status too), then webhooks wait.
      await settled(checkout.transactionId, 1)
      await control("POST", "/_sandbox/webhooks/faults", { hold: true })
      await control("DELETE", "/_sandbox/requests")
      const answers = await Promise.all(Array.from({ length: 10 }, () => status(checkout.cartId)))
      for (let i = 0; i < 10; i++) answers.push(await status(checkout.cartId))
      expect(answers.every((answer) => answer.status === 200 && answer.data.state === "requested")).toBe(true)
      expect(await statusReads(checkout.transactionId)).toBe(1)

      // Polled on, it reads Jetpay again once the read is statusCacheMs old (3 s), and once only.
      await eventually(async () => {
        await status(checkout.cartId)
        return (await statusReads(checkout.transactionId)) >= 2
      }, 10_000, "a second status read once the first is old")
      expect(await statusReads(checkout.transactionId)).toBe(2)
    })

    it("answers 404 for an unknown cart or a cart without a Jetpay payment, 400 without cart_id, and needs the publishable key", async () => {
      expect((await status("cart_does_not_exist")).status).toBe(404)
      const { data } = await api.post("/store/carts", { region_id: store.regionId }, headers)
      expect((await status(data.cart.id)).status).toBe(404)
      const missing = await api.get("/store/jetpay/payment-status", headers).catch((e: any) => e.response)
      expect(missing.status).toBe(400)
      // A NUL in the id is refused by the route's validator, not passed on to the database.
      const nul = await api.get("/store/jetpay/payment-status?cart_id=cart_%00x", headers).catch((e: any) => e.response)
      expect(nul.status).toBe(400)
      expect(JSON.stringify(nul.data)).toMatch(/cart_id/)
      const noKey = await api.get(`/store/jetpay/payment-status?cart_id=${data.cart.id}`).catch((e: any) => e.response)
      expect(noKey.status).toBeGreaterThanOrEqual(400)
      expect(noKey.status).toBeLessThan(500)
      expect(JSON.stringify(noKey.data)).toMatch(/publishable/i)
    })

    it("cancels the old debit when the cart changes, and the old link can never complete the changed cart", async () => {
      const checkout = await startJetpayCheckout(api, store, { quantity: 1 })
      await api.post(`/store/carts/${checkout.cartId}/line-items`, { variant_id: store.variantId, quantity: 1 }, headers)

      // Medusa dropped the session; its debit is cancelled on Jetpay, so its link cannot be paid.
      const old = await control<{ state: string }>("GET", `/_sandbox/transactions/${checkout.transactionId}`)
      expect(old.state).toBe("cancelled")
      const payOld = await fetch(`${sandbox.current().url}/_sandbox/transactions/${checkout.transactionId}/pay`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ method: "eft" }),
      })
      expect(payOld.status).toBe(409)

      // The storefront starts a new session: a new link for the new total.
      const { data: cartBody } = await api.get(`/store/carts/${checkout.cartId}`, headers)
      const { data: sessionBody } = await api.post(
        `/store/payment-collections/${cartBody.cart.payment_collection.id}/payment-sessions`,
        { provider_id: JETPAY_PROVIDER_ID },
        headers
      )
      const [session] = sessionBody.payment_collection.payment_sessions
      expect(session.data.jetpay_transaction_id).not.toBe(checkout.transactionId)
      expect(session.data.amount).toBe(9998)
      expect(session.data.link).not.toBe(checkout.data.link)
      expect((await status(checkout.cartId)).data).toMatchObject({ state: "requested", link: session.data.link })

      // The cancelled debit's webhook changes nothing; paying the new link makes the order.
      expect(await ordersOfCart(getContainer(), checkout.cartId)).toHaveLength(0)
      await pay(session.data.jetpay_transaction_id, "card")
      const order = await orderWithPayment(getContainer(), checkout.cartId, 30_000, "the order")
      expect(order.payments).toEqual([expect.objectContaining({ amount: 99.98 })])
    })

    it("five session creations at once on one cart (double clicks, two tabs) leave exactly one payable link: the live session's", async () => {
      const checkout = await startJetpayCheckout(api, store)
      const { data: cart } = await api.get(`/store/carts/${checkout.cartId}?fields=*payment_collection`, headers)
      const collectionId = cart.cart.payment_collection.id
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          api
            .post(`/store/payment-collections/${collectionId}/payment-sessions`, { provider_id: JETPAY_PROVIDER_ID }, headers)
            .catch((error: { response: { status: number; data: unknown } }) => error.response)
        )
      )
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200])
      const made = new Set<string>([checkout.transactionId])
      for (const answer of answers) {
        for (const session of (answer.data as any).payment_collection.payment_sessions) made.add(session.data.jetpay_transaction_id)
      }
      expect(made.size).toBe(6)
      const { data: after } = await api.get(`/store/carts/${checkout.cartId}?fields=*payment_collection.payment_sessions`, headers)
      const live = after.cart.payment_collection.payment_sessions
      expect(live).toHaveLength(1)
      const states = await Promise.all([...made].map(async (id) => [id, (await control<{ state: string }>("GET", `/_sandbox/transactions/${id}`)).state]))
      // Only the live session's debit can still be paid; every other one was cancelled at Jetpay.
      expect(states.filter(([, state]) => state === "requested")).toEqual([[live[0].data.jetpay_transaction_id, "requested"]])
      expect(states.filter(([, state]) => state !== "requested").map(([, state]) => state)).toEqual(Array(5).fill("cancelled"))
    })

    it("a second tab after the payer paid is told the cart is paid (English and French), and completing the cart makes the order", async () => {
      const checkout = await startJetpayCheckout(api, store)
      await pay(checkout.transactionId, "eft")
      const { data: cart } = await api.get(`/store/carts/${checkout.cartId}?fields=*payment_collection`, headers)
      const second = await api
        .post(`/store/payment-collections/${cart.cart.payment_collection.id}/payment-sessions`, { provider_id: JETPAY_PROVIDER_ID }, headers)
        .catch((error: { response: { status: number; data: { message: string } } }) => error.response)
      expect(second.status).toBe(400)
      expect(second.data.message).toBe(
        `This cart is already paid with Jetpay (payment ${checkout.transactionId}): complete the cart to see its order. ` +
          `Ce panier est déjà payé avec Jetpay (paiement ${checkout.transactionId}) : finalisez le panier pour voir sa commande.`
      )
      // The paid debit is untouched and the cart completes into its order.
      expect((await control<{ state: string }>("GET", `/_sandbox/transactions/${checkout.transactionId}`)).state).toBe("initiated")
      const completed = await eventually(async () => {
        const answer = await completeCart(api, store, checkout.cartId)
        return answer.status === 200 && answer.data.order ? answer : (await ordersOfCart(getContainer(), checkout.cartId)).length === 1 && answer
      }, 20_000, "the cart's order")
      expect(completed.status).toBe(200)
      expect(await ordersOfCart(getContainer(), checkout.cartId)).toHaveLength(1)
    })

    it("lets a cart change even when Jetpay no longer knows its old debit (another account, a wiped sandbox)", async () => {
      const checkout = await startJetpayCheckout(api, store, { quantity: 1 })
      await control("POST", "/_sandbox/faults", { method: "DELETE", path: `/transaction/${checkout.transactionId}`, status: 404, count: 1 })
      const changed = await api.post(`/store/carts/${checkout.cartId}/line-items`, { variant_id: store.variantId, quantity: 1 }, headers)
      expect(changed.status).toBe(200)
      expect(changed.data.cart.items[0].quantity).toBe(2)
    })

    it("answers with the last recorded state while Jetpay cannot be reached", async () => {
      const checkout = await startJetpayCheckout(api, store)
      // Past the status cache (statusCacheMs), so the next answer needs a read Jetpay cannot give.
      const { statusCacheMs } = jetpayServices(getContainer()).options.timings
      await new Promise((resolve) => setTimeout(resolve, statusCacheMs + 100))
      await failStatusReads(checkout.transactionId)
      const answer = await status(checkout.cartId)
      expect(answer.status).toBe(200)
      expect(answer.data).toMatchObject({ state: "requested", order_id: null })
    })

    it("builds a guest's contact on the server from the cart: billing name when there is no shipping name, English outside Quebec", async () => {
      const { data: cartBody } = await api.post(
        "/store/carts",
        {
          region_id: store.regionId,
          email: "alex.chen@example.com",
          billing_address: { first_name: "Alex", last_name: "Chen", province: "ON", country_code: "ca" },
          items: [{ variant_id: store.variantId, quantity: 1 }],
        },
        headers
      )
      const { data: collectionBody } = await api.post("/store/payment-collections", { cart_id: cartBody.cart.id }, headers)
      const { data: sessionBody } = await api.post(
        `/store/payment-collections/${collectionBody.payment_collection.id}/payment-sessions`,
        { provider_id: JETPAY_PROVIDER_ID, data: { jetpay_payer: { email: "x@evil.example", name: "X", language: "fr" } } },
        headers
      )
      const transactionId = sessionBody.payment_collection.payment_sessions[0].data.jetpay_transaction_id
      const debit = await control<{ contact_id: string }>("GET", `/_sandbox/transactions/${transactionId}`)
      const contact = await control("GET", `/_sandbox/contacts/${debit.contact_id}`)
      expect(contact).toMatchObject({ email: "alex.chen@example.com", name: "Alex Chen", language: "en" })
    })

    it("gives a logged-in customer one Jetpay contact, reused across their checkouts", async () => {
      const email = `member-${Date.now()}@example.com`
      const { data: registration } = await api.post("/auth/customer/emailpass/register", { email, password: "s3cret-pass" })
      await api.post(
        "/store/customers",
        { email, first_name: "Léa", last_name: "Gagnon" },
        { headers: { ...headers.headers, authorization: `Bearer ${registration.token}` } }
      )
      const { data: login } = await api.post("/auth/customer/emailpass", { email, password: "s3cret-pass" })
      const member = { headers: { ...headers.headers, authorization: `Bearer ${login.token}` } }

      const contacts: string[] = []
      for (let i = 0; i < 2; i++) {
        const { data: cartBody } = await api.post(
          "/store/carts",
          { region_id: store.regionId, email, items: [{ variant_id: store.variantId, quantity: 1 }] },
          member
        )
        const { data: collectionBody } = await api.post("/store/payment-collections", { cart_id: cartBody.cart.id }, member)
        const { data: sessionBody } = await api.post(
          `/store/payment-collections/${collectionBody.payment_collection.id}/payment-sessions`,
          { provider_id: JETPAY_PROVIDER_ID },
          member
        )
        const transactionId = sessionBody.payment_collection.payment_sessions[0].data.jetpay_transaction_id
        contacts.push((await control<{ contact_id: string }>("GET", `/_sandbox/transactions/${transactionId}`)).contact_id)
      }
      expect(contacts[0]).toBe(contacts[1])
      const contact = await control("GET", `/_sandbox/contacts/${contacts[0]}`)
      expect(contact).toMatchObject({ email, name: "Léa Gagnon", tags: ["medusa"] })
      const all = await control<Array<{ email: string }>>("GET", "/_sandbox/contacts")
      expect(all.filter((candidate) => candidate.email === email)).toHaveLength(1)
    })

    it("refuses to start a Jetpay payment for a cart without an email, before calling Jetpay", async () => {
      const { data: cartBody } = await api.post(
        "/store/carts",
        { region_id: store.regionId, items: [{ variant_id: store.variantId, quantity: 1 }] },
        headers
      )
      const { data: collectionBody } = await api.post("/store/payment-collections", { cart_id: cartBody.cart.id }, headers)
      await control("DELETE", "/_sandbox/requests")
      const refused = await api
        .post(`/store/payment-collections/${collectionBody.payment_collection.id}/payment-sessions`, { provider_id: JETPAY_PROVIDER_ID }, headers)
        .catch((e: any) => e.response)
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/email/)
      // No contact and no debit was made (the reconciliation job's own reads of the webhook may show up).
      const requests = await control<Array<{ method: string; path: string }>>("GET", "/_sandbox/requests")
      expect(requests.filter((request) => request.method === "PUT")).toEqual([])
    })

    it("the storefront kit starts the payment from a bare cart, picks its payable session up again, and watches the status route to the webhook's order", async () => {
      const { data } = await api.post(
        "/store/carts",
        {
          region_id: store.regionId,
          email: "jo.guest@example.com",
          shipping_address: { first_name: "Jo", last_name: "Guest", address_1: "1 King St W", city: "Toronto", province: "ON", postal_code: "M5H 1A1", country_code: "ca" },
          items: [{ variant_id: store.variantId, quantity: 2 }],
        },
        headers
      )
      const cartId: string = data.cart.id
      const kit = { baseUrl: api.defaults.baseURL, publishableKey: store.publishableKey }

      const checkout = await startJetpayPayment(kit, cartId, { providerId: JETPAY_PROVIDER_ID })
      const debit = await control<{ amount: number; customer_surcharge_amount: number }>("GET", `/_sandbox/transactions/${checkout.transactionId}`)
      expect(checkout).toMatchObject({ cartId, providerId: JETPAY_PROVIDER_ID, amountCents: 9998, currencyCode: "cad", surchargeCents: debit.customer_surcharge_amount })
      expect(checkout.link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
      // A second click (another tab) keeps the first link payable instead of cancelling it.
      expect((await startJetpayPayment(kit, cartId, { providerId: JETPAY_PROVIDER_ID })).sessionId).toBe(checkout.sessionId)

      const states: string[] = []
      const watching = watchJetpayOrder(kit, cartId, { intervalMs: 200, timeoutMs: 30_000, onStatus: (current) => states.push(current.state) })
      await eventually(async () => states.length > 0, 10_000, "the kit's first status read")
      await pay(checkout.transactionId, "card")
      const result = await watching
      const [order] = await ordersOfCart(getContainer(), cartId)
      expect(result).toMatchObject({ outcome: "order", orderId: order.id, status: { state: "paid", order_id: order.id, link: null } })
      expect(states[0]).toBe("requested")
    })
  },
})
