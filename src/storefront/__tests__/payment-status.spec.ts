import { getJetpayPaymentStatus, jetpayPhase, watchJetpayOrder } from "../payment-status"
import { BASE_URL, FakeStoreApi, KEY } from "./fake-store-api"

const ROUTE = "GET /store/jetpay/payment-status"
const status = (state: string, extra: { link?: string | null; order_id?: string | null; session_status?: string } = {}) => ({
  status: 200,
  body: { state, session_status: extra.session_status ?? "pending", link: extra.link ?? null, order_id: extra.order_id ?? null },
})

/** A clock that only moves when the watch sleeps: no test waits for real time. */
function fakeTime() {
  let now = 0
  const slept: number[] = []
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms)
      now += ms
    },
    slept,
  }
}

describe("getJetpayPaymentStatus", () => {
  it("asks the plugin's status route with the cart id and the publishable key", async () => {
    const api = new FakeStoreApi().on(ROUTE, status("requested", { link: "https://pay.jetpay.test/tx" }))
    const answer = await getJetpayPaymentStatus({ baseUrl: BASE_URL, publishableKey: KEY, fetch: api.fetch, headers: { "x-medusa-locale": "fr-CA" } }, "cart_01 &x")
    expect(answer).toEqual({ state: "requested", session_status: "pending", link: "https://pay.jetpay.test/tx", order_id: null })
    expect(api.calls[0].url.toString()).toBe(`${BASE_URL}/store/jetpay/payment-status?cart_id=cart_01+%26x`)
    expect(api.calls[0].headers).toMatchObject({ "x-publishable-api-key": KEY, "x-medusa-locale": "fr-CA" })
  })
})

describe("jetpayPhase", () => {
  it.each([
    [{ state: "requested", order_id: null }, "waiting"],
    [{ state: "initiated", order_id: null }, "authorizing"],
    [{ state: "paid", order_id: null }, "authorizing"],
    [{ state: "completed", order_id: null }, "authorizing"],
    [{ state: "initiated", order_id: "order_1" }, "confirmed"],
    [{ state: "failed", order_id: "order_1" }, "confirmed"],
    [{ state: "failed", order_id: null }, "failed"],
    [{ state: "cancelled", order_id: null }, "failed"],
    [{ state: "on_hold", order_id: null }, "checking"],
  ])("%j is %s", (input, phase) => {
    expect(jetpayPhase(input)).toBe(phase)
  })
})

describe("watchJetpayOrder", () => {
  const store = (api: FakeStoreApi) => ({ baseUrl: BASE_URL, publishableKey: KEY, fetch: api.fetch })

  it("asks until the order exists, every intervalMs, telling each status", async () => {
    const api = new FakeStoreApi().on(ROUTE, status("requested", { link: "https://l" }), status("initiated"), status("initiated", { order_id: "order_9", session_status: "pending_authorization" }))
    const time = fakeTime()
    const seen: string[] = []
    const result = await watchJetpayOrder(store(api), "cart_01", { intervalMs: 2000, ...time, onStatus: (s) => seen.push(s.state) })
    expect(result).toEqual({
      outcome: "order",
      orderId: "order_9",
      status: { state: "initiated", session_status: "pending_authorization", link: null, order_id: "order_9" },
    })
    expect(seen).toEqual(["requested", "initiated", "initiated"])
    expect(time.slept).toEqual([2000, 2000])
  })

  it("stops at a failed or cancelled payment: only a new payment changes it", async () => {
    for (const state of ["failed", "cancelled"]) {
      const api = new FakeStoreApi().on(ROUTE, status("requested"), status(state))
      const result = await watchJetpayOrder(store(api), "cart_01", fakeTime())
      expect(result).toMatchObject({ outcome: "failed", status: { state } })
      expect(api.calls).toHaveLength(2)
    }
  })

  it("gives up after timeoutMs with the last status, and at once on a 404", async () => {
    const waiting = new FakeStoreApi().on(ROUTE, status("requested", { link: "https://l" }))
    const time = fakeTime()
    const result = await watchJetpayOrder(store(waiting), "cart_01", { intervalMs: 1000, timeoutMs: 5000, ...time })
    expect(result).toMatchObject({ outcome: "timeout", status: { state: "requested" } })
    expect(waiting.calls).toHaveLength(6)
    expect(time.now()).toBe(5000)

    const unknown = new FakeStoreApi().on(ROUTE, { status: 404, body: { type: "not_found", message: "Cart cart_01 has no Jetpay payment" } })
    expect(await watchJetpayOrder(store(unknown), "cart_01", fakeTime())).toEqual({ outcome: "not_found" })
    expect(unknown.calls).toHaveLength(1)
  })

  it("keeps asking through a few failures, gives up after maxFailures in a row", async () => {
    const flaky = new FakeStoreApi().on(ROUTE, new TypeError("fetch failed"), { status: 500, body: { message: "Jetpay cannot be reached right now" } }, status("paid", { order_id: "order_2" }))
    const errors: string[] = []
    const ok = await watchJetpayOrder(store(flaky), "cart_01", { ...fakeTime(), maxFailures: 3, onError: (e, n) => errors.push(`${n}: ${e.message}`) })
    expect(ok).toMatchObject({ outcome: "order", orderId: "order_2" })
    expect(errors).toEqual(["1: fetch failed", "2: Jetpay cannot be reached right now"])

    const down = new FakeStoreApi().on(ROUTE, status("requested"), { status: 503, text: "down" })
    const result = await watchJetpayOrder(store(down), "cart_01", { ...fakeTime(), maxFailures: 3 })
    expect(result).toMatchObject({ outcome: "unavailable", error: { message: "GET /store/jetpay/payment-status: HTTP 503" } })
    expect(down.calls).toHaveLength(4)
  })

  it("stops when its signal aborts, before or in the middle of a wait, on real timers", async () => {
    for (const abort of [(c: AbortController) => c.abort(), (c: AbortController) => setTimeout(() => c.abort(), 5)]) {
      const api = new FakeStoreApi().on(ROUTE, status("requested"))
      const controller = new AbortController()
      const started = Date.now()
      const result = await watchJetpayOrder(store(api), "cart_01", { intervalMs: 60_000, signal: controller.signal, onStatus: () => abort(controller) })
      expect(result).toEqual({ outcome: "aborted" })
      expect(api.calls).toHaveLength(1)
      expect(Date.now() - started).toBeLessThan(5_000)
    }
  })
})
