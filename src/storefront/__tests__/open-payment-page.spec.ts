import { openJetpayPaymentPage, type JetpayTab } from "../open-payment-page"
import { BASE_URL, cartWithSession, FakeStoreApi, KEY } from "./fake-store-api"

function fakeTab() {
  const tab = { location: { href: "about:blank" }, opener: {} as unknown, closed: false, close: () => void (tab.closed = true) }
  return tab
}

describe("openJetpayPaymentPage", () => {
  it("opens the tab inside the click, before any await, takes away its handle on the store's tab, then sends it to Jetpay's link", async () => {
    const api = new FakeStoreApi().on("GET /store/carts/cart_01", { status: 200, body: { cart: cartWithSession({ status: "canceled" }) } })
    api.on("POST /store/payment-collections/paycol_01/payment-sessions", {
      status: 200,
      body: { payment_collection: cartWithSession({ link: "https://pay.jetpay.test/tx_new" }).payment_collection },
    })
    const tab = fakeTab()
    let callsWhenOpened = -1
    const opening = openJetpayPaymentPage({ baseUrl: BASE_URL, publishableKey: KEY, fetch: api.fetch }, "cart_01", {
      openTab: () => {
        callsWhenOpened = api.calls.length
        return tab as JetpayTab
      },
    })
    expect(callsWhenOpened).toBe(0)
    const { checkout, tabOpened } = await opening
    expect(tabOpened).toBe(true)
    expect(tab.opener).toBeNull()
    expect(tab.location.href).toBe("https://pay.jetpay.test/tx_new")
    expect(checkout.link).toBe("https://pay.jetpay.test/tx_new")
  })

  it("returns the link to show when the browser blocked the tab", async () => {
    const api = new FakeStoreApi()
    const { checkout, tabOpened } = await openJetpayPaymentPage({ baseUrl: BASE_URL, publishableKey: KEY, fetch: api.fetch }, cartWithSession(), {
      openTab: () => null,
    })
    expect({ tabOpened, link: checkout.link }).toEqual({ tabOpened: false, link: "https://pay.jetpay.test/tx_01" })
  })

  it("closes the empty tab when the payment cannot start", async () => {
    const api = new FakeStoreApi().on("GET /store/carts/cart_01", { status: 404, body: { message: "Cart id not found: cart_01" } })
    const tab = fakeTab()
    await expect(
      openJetpayPaymentPage({ baseUrl: BASE_URL, publishableKey: KEY, fetch: api.fetch }, "cart_01", { openTab: () => tab as JetpayTab })
    ).rejects.toMatchObject({ status: 404, message: "Cart id not found: cart_01" })
    expect(tab.closed).toBe(true)
    expect(tab.location.href).toBe("about:blank")
  })
})
