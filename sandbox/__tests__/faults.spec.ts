// Faults on demand: API faults (status, Retry-After, latency, timeout) and webhook faults
// (duplicate, reverse, hold + flush, bad signature).

import { createHash } from "node:crypto"
import { startSandbox, type Sandbox } from "../index"
import { client, fetchJwks, type Client } from "./helpers/client"
import { jose } from "./helpers/jose"
import { sleep, startReceiver, waitUntil, type Receiver } from "./helpers/receiver"

let sandbox: Sandbox
let api: Client

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, minWaitSeconds: 0, webhookRetryBaseMs: 50 })
  api = client(sandbox.url)
})

afterAll(() => sandbox.close())

beforeEach(() => api.post("/_sandbox/reset"))

const transactions = async () => (await api.get("/_sandbox/transactions")).body as { identifier: string }[]

describe("API faults", () => {
  it("answers a status fault with Retry-After without performing the operation, then recovers", async () => {
    const contact = await api.contact()
    const fault = await api.post("/_sandbox/faults", { method: "PUT", path: "/debit", status: 503, retry_after: 7 })
    expect(fault).toMatchObject({ status: 201, body: { id: expect.any(Number), remaining: 1, status: 503 } })

    const failed = await api.put("/debit", { amount: 100, statement: "ACME", to_bank_account: "acct", contact_id: contact.identifier })
    expect(failed.status).toBe(503)
    expect(failed.headers.get("retry-after")).toBe("7")
    expect(failed.body).toEqual({ detail: "Simulated fault" })
    expect(await transactions()).toHaveLength(0)

    const retried = await api.put("/debit", { amount: 100, statement: "ACME", to_bank_account: "acct", contact_id: contact.identifier })
    expect(retried.status).toBe(200)
    expect(await transactions()).toHaveLength(1)
    expect((await api.get("/_sandbox/faults")).body).toEqual([])
  })

  it("applies to `count` matching requests, by method and path prefix only", async () => {
    const contact = await api.contact()
    const debit = await api.debit(contact.identifier)
    await api.post("/_sandbox/faults", { method: "GET", path: "/transaction", status: 429, count: 2 })

    expect((await api.get("/webhooks/")).status).toBe(200)
    expect((await api.del(`/transaction/${debit.identifier}/nothing`)).status).toBe(404)
    expect((await api.get(`/transaction/${debit.identifier}/status`)).status).toBe(429)
    expect((await api.get("/_sandbox/faults")).body).toMatchObject([{ remaining: 1 }])
    expect((await api.get(`/transaction/${debit.identifier}/status`)).status).toBe(429)
    expect((await api.get(`/transaction/${debit.identifier}/status`)).status).toBe(200)
  })

  it("never applies to the control API or the hosted pages", async () => {
    await api.post("/_sandbox/faults", { status: 500, count: 10 })
    const contactFault = await api.put("/contact", { email: "a@b.co", name: "A", language: "en" })
    expect(contactFault.status).toBe(500)
    expect((await api.get("/_sandbox/transactions")).status).toBe(200)
    expect((await fetch(`${sandbox.url}/payment/pay/00000000-0000-4000-8000-000000000000`)).status).toBe(404)
    expect((await api.get("/_sandbox/faults")).body).toMatchObject([{ remaining: 9 }])
    expect((await api.del("/_sandbox/faults")).status).toBe(200)
    expect((await api.get("/_sandbox/faults")).body).toEqual([])
  })

  it("performs the operation before the fault status with process: true", async () => {
    const contact = await api.contact()
    await api.post("/_sandbox/faults", { path: "/debit", status: 500, process: true })
    const answer = await api.put("/debit", { amount: 100, statement: "ACME", to_bank_account: "acct", contact_id: contact.identifier })
    expect(answer.status).toBe(500)
    expect(await transactions()).toHaveLength(1)
  })

  it("delays the answer with latency_ms", async () => {
    await api.post("/_sandbox/faults", { path: "/webhooks", latency_ms: 300 })
    const started = Date.now()
    const answer = await api.get("/webhooks/")
    expect(Date.now() - started).toBeGreaterThanOrEqual(280)
    expect(answer).toMatchObject({ status: 200, body: [] })
    // Used once: nothing is left to slow the next request.
    expect((await api.get("/_sandbox/faults")).body).toEqual([])
  })

  it.each([
    [false, 0],
    [true, 1],
  ])("holds the socket open without answering on timeout (process: %p)", async (process, created) => {
    const contact = await api.contact()
    await api.post("/_sandbox/faults", { method: "PUT", path: "/debit", timeout: true, process })
    const started = Date.now()
    const attempt = api.call(
      "PUT",
      "/debit",
      { amount: 100, statement: "ACME", to_bank_account: "acct", contact_id: contact.identifier },
      { signal: AbortSignal.timeout(400) }
    )
    // A closed socket would fail fast with a network error; only the client's own timeout ends it.
    await expect(attempt).rejects.toMatchObject({ name: "TimeoutError" })
    expect(Date.now() - started).toBeGreaterThanOrEqual(380)
    expect(await transactions()).toHaveLength(created)
    const log = (await api.get("/_sandbox/requests")).body
    expect(log).toContainEqual(expect.objectContaining({ method: "PUT", path: "/debit", status: null }))
  })

  it.each([
    [{}],
    [{ status: 200 }],
    [{ status: 503, timeout: true }],
    [{ status: 503, unknown: 1 }],
    [{ status: 503, path: "debit" }],
  ])("refuses the fault %p with 422", async (body) => {
    expect((await api.post("/_sandbox/faults", body)).status).toBe(422)
  })
})

describe("webhook faults", () => {
  let receiver: Receiver

  beforeEach(async () => {
    receiver = await startReceiver()
  })

  afterEach(() => receiver.close())

  const register = (overrides: Record<string, unknown> = {}) =>
    api.post("/webhooks/", { callback_url: receiver.url, max_wait_seconds: 0, ...overrides })

  const newDebit = async () => api.debit((await api.contact()).identifier)
  const deliveries = async () => (await api.get("/_sandbox/deliveries")).body as Record<string, unknown>[]

  it.each([
    [false, "one after the other"],
    [true, "at the same time"],
  ])("delivers a batch twice with duplicate (concurrent: %p, %s)", async (concurrent) => {
    // The first copy's answer waits (up to 1 s) for a second copy to arrive: concurrent copies
    // overlap, sequential ones (the second sent after the first answer) cannot.
    let open = 0
    let overlapped = false
    let secondArrived: () => void = () => {}
    const second = new Promise<void>((resolve) => (secondArrived = resolve))
    receiver.respondWith(async () => {
      open += 1
      if (open > 1) {
        overlapped = true
        secondArrived()
      } else {
        await Promise.race([second, sleep(1_000)])
      }
      open -= 1
      return 200
    })
    await api.post("/_sandbox/webhooks/faults", { duplicate: 1, concurrent })
    await register()
    await newDebit()
    const [first, copy] = await receiver.waitFor(2)
    expect(copy.raw.equals(first.raw)).toBe(true)
    expect(copy.headers.authorization).not.toBe(first.headers.authorization)
    expect(overlapped).toBe(concurrent)
    // The log is written once the receiver answered.
    await waitUntil(async () => (await deliveries()).length === 2, 2000, "2 logged deliveries")
    const flags = (await deliveries()).map((entry) => entry.duplicate)
    expect(concurrent ? [...flags].sort() : flags).toEqual([false, true])

    // Only the next batch is doubled.
    const pay = await api.get("/_sandbox/transactions")
    await api.post(`/_sandbox/transactions/${pay.body[0].identifier}/pay`, { method: "card" })
    await receiver.waitFor(3)
    await sleep(300)
    expect(receiver.received).toHaveLength(3)
  })

  it("sends the next batch in descending id order with reverse", async () => {
    await register()
    await api.post("/_sandbox/webhooks/faults", { hold: true })
    const debit = await newDebit()
    await api.post(`/_sandbox/transactions/${debit.identifier}/pay`, { method: "eft" })
    await api.post(`/_sandbox/transactions/${debit.identifier}/advance`, { state: "completed" })
    await api.post("/_sandbox/webhooks/faults", { reverse: 1, hold: false })
    const [batch] = await receiver.waitFor(1)
    const ids = batch.body.events.map((event) => event.id)
    expect(ids).toHaveLength(3)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    expect(batch.body.events.map((event) => event.data.state)).toEqual(["completed", "initiated", "requested"])

    await api.post(`/_sandbox/transactions/${debit.identifier}/advance`, { state: "failed" })
    await receiver.waitFor(2)
    expect(receiver.received[1].body.events.map((event) => event.data.state)).toEqual(["failed"])
  })

  it("holds deliveries until flushed or released", async () => {
    await register({ max_batch_size: 2 })
    await api.post("/_sandbox/webhooks/faults", { hold: true })
    const debit = await newDebit()
    await api.post(`/_sandbox/transactions/${debit.identifier}/pay`, { method: "card" })
    await api.post(`/_sandbox/transactions/${debit.identifier}/advance`, { state: "completed" })
    await sleep(200)
    expect(receiver.received).toHaveLength(0)

    const flushed = await api.post("/_sandbox/webhooks/flush")
    expect(flushed.body).toEqual({ delivered: 3, batches: 2 })
    // The flush answers after the deliveries were made.
    expect(receiver.received.map((delivery) => delivery.body.events.length)).toEqual([2, 1])

    // Still held: new events wait again until the faults are cleared.
    await api.post(`/_sandbox/transactions/${debit.identifier}/advance`, { state: "failed" })
    await sleep(200)
    expect(receiver.received).toHaveLength(2)
    expect((await api.get("/_sandbox/webhooks/faults")).body).toMatchObject({ hold: true })
    await api.del("/_sandbox/webhooks/faults")
    await receiver.waitFor(3)
    expect(receiver.received[2].body.events.map((event) => event.data.state)).toEqual(["failed"])
  })

  it("flush sends a batch at once even with a long max_wait_seconds", async () => {
    await register({ max_wait_seconds: 3600 })
    await newDebit()
    await sleep(100)
    expect(receiver.received).toHaveLength(0)
    expect((await api.post("/_sandbox/webhooks/flush")).body).toEqual({ delivered: 1, batches: 1 })
    expect(receiver.received).toHaveLength(1)
    expect((await api.post("/_sandbox/webhooks/flush")).body).toEqual({ delivered: 0, batches: 0 })
  })

  it("flush reports a batch the receiver refused as not delivered", async () => {
    receiver.respondWith(() => 500)
    await register({ max_wait_seconds: 3600 })
    await newDebit()
    expect((await api.post("/_sandbox/webhooks/flush")).body).toEqual({ delivered: 0, batches: 1 })
    expect((await deliveries())[0]).toMatchObject({ status: 500 })
  })

  it("signs the next delivery with a stranger key under the real kid with bad_signature", async () => {
    const jwks = jose.createRemoteJWKSet(new URL(`${sandbox.url}/.well-known/jwks.json`))
    const verify = (authorization: string | undefined) =>
      jose.jwtVerify(authorization!.replace(/^Bearer /, ""), jwks, { algorithms: ["RS256"], issuer: "jetpay", subject: "webhook" })

    await api.post("/_sandbox/webhooks/faults", { bad_signature: 1 })
    await register()
    const debit = await newDebit()
    const [forged] = await receiver.waitFor(1)
    const { keys } = await fetchJwks(sandbox.url)
    expect(jose.decodeProtectedHeader(forged.headers.authorization!.replace(/^Bearer /, ""))).toMatchObject({ kid: keys[0].kid, alg: "RS256" })
    await expect(verify(forged.headers.authorization)).rejects.toMatchObject({ code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" })

    await api.post(`/_sandbox/transactions/${debit.identifier}/pay`, { method: "eft" })
    const [, genuine] = await receiver.waitFor(2)
    const { payload } = await verify(genuine.headers.authorization)
    expect(payload.payload_hash).toBe(createHash("sha256").update(genuine.raw).digest("base64url"))
    expect((await deliveries()).map((entry) => entry.signature)).toEqual(["bad", "valid"])
  })

  it("refuses unknown webhook fault fields", async () => {
    expect((await api.post("/_sandbox/webhooks/faults", { fail_status: 2 })).status).toBe(422)
  })

  it("logs each delivery with the webhook id, event ids, status, attempt and time", async () => {
    const hook = await register()
    const debit = await newDebit()
    await waitUntil(async () => (await deliveries()).length === 1, 5000, "a delivery")
    expect((await deliveries())[0]).toEqual({
      webhook_id: hook.body.id,
      event_ids: [expect.any(Number)],
      status: 200,
      attempt: 1,
      at: expect.any(String),
      signature: "valid",
      duplicate: false,
    })
    expect(debit.identifier).toBeDefined()
  })
})
