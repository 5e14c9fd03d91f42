import Medusa from "@medusajs/js-sdk"
import { jetpaySessionOf, startJetpayPayment } from "../start-payment"
import { JetpayStoreError } from "../store-api"
import { BASE_URL, cartWithSession, FakeStoreApi, KEY } from "./fake-store-api"

const sessionsRoute = "POST /store/payment-collections/paycol_01/payment-sessions"

describe("startJetpayPayment", () => {
  it("makes the payment collection once, starts a Jetpay session sending only the provider, and returns the server's link and amounts", async () => {
    const api = new FakeStoreApi()
      .on("GET /store/carts/cart_01", { status: 200, body: { cart: { id: "cart_01", currency_code: "CAD", payment_collection: null } } })
      .on("POST /store/payment-collections", { status: 200, body: { payment_collection: { id: "paycol_01" } } })
      .on(sessionsRoute, { status: 200, body: { payment_collection: cartWithSession({ surcharge: 275 }).payment_collection } })
    const store = { baseUrl: `${BASE_URL}/`, publishableKey: KEY, fetch: api.fetch }

    const checkout = await startJetpayPayment(store, "cart_01")

    expect(checkout).toEqual({
      cartId: "cart_01",
      providerId: "pp_jetpay_jetpay",
      sessionId: "payses_01",
      transactionId: "tx_01",
      link: "https://pay.jetpay.test/tx_01",
      amountCents: 4999,
      surchargeCents: 275,
      currencyCode: "cad",
    })
    expect(api.routes().map((route) => route.replace(/\?.*/, ""))).toEqual([
      "GET /store/carts/cart_01",
      "POST /store/payment-collections",
      sessionsRoute,
    ])
    expect(api.calls[1].body).toEqual({ cart_id: "cart_01" })
    expect(api.calls[2].body).toEqual({ provider_id: "pp_jetpay_jetpay" })
    expect(api.calls.every((call) => call.headers["x-publishable-api-key"] === KEY)).toBe(true)
  })

  it("picks up the cart's payable Jetpay session instead of cancelling its link with a new one", async () => {
    const api = new FakeStoreApi().on("GET /store/carts/cart_01", { status: 200, body: { cart: cartWithSession() } })
    const checkout = await startJetpayPayment({ baseUrl: BASE_URL, publishableKey: KEY, fetch: api.fetch }, "cart_01")
    expect(checkout.link).toBe("https://pay.jetpay.test/tx_01")
    expect(api.routes().map((route) => route.replace(/\?.*/, ""))).toEqual(["GET /store/carts/cart_01"])
  })

  it("asks nothing when the page's own cart holds a payable session", async () => {
    const api = new FakeStoreApi()
    const checkout = await startJetpayPayment({ baseUrl: BASE_URL, publishableKey: KEY, fetch: api.fetch }, cartWithSession())
    expect(checkout.surchargeCents).toBe(150)
    expect(api.calls).toEqual([])
  })

  it.each([
    ["a session that is no longer pending", { status: "error" }, {}],
    ["a session without its link (paid)", { link: null }, {}],
    ["another Jetpay provider's session", { provider_id: "pp_jetpay_other" }, {}],
    ["reuse: false", {}, { reuse: false }],
  ])("starts a new session for %s", async (_why, session, options) => {
    const api = new FakeStoreApi()
      .on("GET /store/carts/cart_01", { status: 200, body: { cart: cartWithSession(session) } })
      .on(sessionsRoute, { status: 200, body: { payment_collection: cartWithSession({ id: "payses_02", link: "https://pay.jetpay.test/tx_02" }).payment_collection } })
    const checkout = await startJetpayPayment({ baseUrl: BASE_URL, publishableKey: KEY, fetch: api.fetch }, cartWithSession(session), options)
    expect(checkout).toMatchObject({ sessionId: "payses_02", link: "https://pay.jetpay.test/tx_02" })
    expect(api.calls.at(-1)!.body).toEqual({ provider_id: "pp_jetpay_jetpay" })
  })

  it("rejects with Medusa's status and message (a cart without an email), and when the session has no link", async () => {
    const refused = new FakeStoreApi()
      .on("GET /store/carts/cart_01", { status: 200, body: { cart: { ...cartWithSession(), payment_collection: { id: "paycol_01", payment_sessions: [] } } } })
      .on(sessionsRoute, { status: 400, body: { type: "invalid_data", message: "Jetpay needs the shopper's email and name" } })
    const error = await startJetpayPayment({ baseUrl: BASE_URL, publishableKey: KEY, fetch: refused.fetch }, "cart_01").catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JetpayStoreError)
    expect(error).toMatchObject({ status: 400, message: "Jetpay needs the shopper's email and name" })

    const noLink = new FakeStoreApi()
      .on("GET /store/carts/cart_01", { status: 200, body: { cart: cartWithSession({ status: "error" }) } })
      .on(sessionsRoute, { status: 200, body: { payment_collection: cartWithSession({ link: null }).payment_collection } })
    await expect(startJetpayPayment({ baseUrl: BASE_URL, publishableKey: KEY, fetch: noLink.fetch }, "cart_01")).rejects.toThrow(
      "Jetpay did not return a payment link"
    )
  })

  it("says a store that cannot be reached, or answers no JSON, with status 0 or the HTTP status", async () => {
    const down = new FakeStoreApi().on("GET /store/carts/cart_01", new TypeError("fetch failed"))
    await expect(startJetpayPayment({ baseUrl: BASE_URL, publishableKey: KEY, fetch: down.fetch }, "cart_01")).rejects.toMatchObject({
      status: 0,
      message: "fetch failed",
    })
    const proxy = new FakeStoreApi().on("GET /store/carts/cart_01", { status: 502, text: "<html>Bad gateway</html>" })
    await expect(startJetpayPayment({ baseUrl: BASE_URL, publishableKey: KEY, fetch: proxy.fetch }, "cart_01")).rejects.toMatchObject({
      status: 502,
      message: "GET /store/carts/cart_01: HTTP 502",
    })
  })

  it("works through a @medusajs/js-sdk client, which adds the publishable key", async () => {
    const api = new FakeStoreApi()
      .on("GET /store/carts/cart_01", { status: 200, body: { cart: cartWithSession({ status: "canceled" }) } })
      .on(sessionsRoute, { status: 200, body: { payment_collection: cartWithSession({ id: "payses_02" }).payment_collection } })
    const realFetch = globalThis.fetch
    globalThis.fetch = api.fetch as typeof fetch
    try {
      const sdk = new Medusa({ baseUrl: BASE_URL, publishableKey: KEY })
      const checkout = await startJetpayPayment({ sdk }, "cart_01")
      expect(checkout.sessionId).toBe("payses_02")
      expect(api.calls.map((call) => call.headers["x-publishable-api-key"])).toEqual([KEY, KEY])
      expect(api.calls[1].body).toEqual({ provider_id: "pp_jetpay_jetpay" })

      const failing = new FakeStoreApi().on("GET /store/carts/cart_404", { status: 404, body: { type: "not_found", message: "Cart id not found: cart_404" } })
      globalThis.fetch = failing.fetch as typeof fetch
      await expect(startJetpayPayment({ sdk }, "cart_404")).rejects.toMatchObject({ status: 404, message: "Cart id not found: cart_404" })
    } finally {
      globalThis.fetch = realFetch
    }
  })
})

describe("jetpaySessionOf", () => {
  it("reads the latest Jetpay session's data and nothing else", () => {
    const cart = cartWithSession()
    cart.payment_collection.payment_sessions.push(
      { id: "payses_old", provider_id: "pp_jetpay_jetpay", status: "canceled", created_at: "2026-12-07T09:00:00.000Z", data: { jetpay_transaction_id: "tx_old", amount: 1, surcharge: 1 } } as never,
      { id: "payses_sys", provider_id: "pp_system_default", status: "pending", created_at: "2026-12-07T11:00:00.000Z", data: {} } as never
    )
    expect(jetpaySessionOf(cart)).toMatchObject({ sessionId: "payses_01", transactionId: "tx_01", surchargeCents: 150, amountCents: 4999 })
  })

  it("is null without a Jetpay session, and reads bad amounts as 0", () => {
    expect(jetpaySessionOf({ id: "cart_01" })).toBeNull()
    expect(jetpaySessionOf({ id: "cart_01", payment_collection: { payment_sessions: [{ id: "s", provider_id: "pp_jetpay_jetpay", data: {} }] } })).toBeNull()
    const odd = jetpaySessionOf({
      id: "cart_01",
      payment_collection: { payment_sessions: [{ id: "s", provider_id: "pp_jetpay_jetpay", data: { jetpay_transaction_id: "tx", amount: "12", surcharge: -3 } }] },
    })
    expect(odd).toMatchObject({ amountCents: 0, surchargeCents: 0, link: null, currencyCode: null })
  })
})
