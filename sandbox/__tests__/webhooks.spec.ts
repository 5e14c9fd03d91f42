// Webhook registration and delivery: signed batches, ordering, batching, retries.

import { createHash } from "node:crypto"
import { startSandbox, type Sandbox } from "../index"
import { client, fetchJwks, type Client } from "./helpers/client"
import { jose } from "./helpers/jose"
import { startReceiver, waitUntil, type Receiver } from "./helpers/receiver"

let sandbox: Sandbox
let api: Client
let receiver: Receiver

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, minWaitSeconds: 0, webhookRetryBaseMs: 50 })
  api = client(sandbox.url)
})

afterAll(() => sandbox.close())

beforeEach(async () => {
  await api.post("/_sandbox/reset")
  receiver = await startReceiver()
})

afterEach(() => receiver.close())

async function register(overrides: Record<string, unknown> = {}) {
  const answer = await api.post("/webhooks/", {
    callback_url: receiver.url,
    max_batch_size: 10,
    max_wait_seconds: 0,
    ...overrides,
  })
  if (answer.status !== 201) throw new Error(`register: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body
}

/** Creates a debit and moves it through `steps`; returns its id. Each step is one event. */
async function debitThrough(steps: ("eft" | "card" | "completed" | "failed")[] = []) {
  const contact = await api.contact()
  const debit = await api.debit(contact.identifier)
  for (const step of steps) {
    if (step === "eft" || step === "card") await api.post(`/_sandbox/transactions/${debit.identifier}/pay`, { method: step })
    else await api.post(`/_sandbox/transactions/${debit.identifier}/advance`, { state: step })
  }
  return debit.identifier
}

const deliveredIds = () => receiver.received.flatMap((delivery) => delivery.body.events.map((event) => event.id))

describe("registration", () => {
  it("registers one webhook and shows it without its api key", async () => {
    const created = await api.post("/webhooks/", {
      callback_url: receiver.url,
      callback_api_key: "s3cret-key",
      max_batch_size: 5,
      max_wait_seconds: 30,
    })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({
      id: expect.any(Number),
      identifier: expect.stringMatching(/^[0-9a-f-]{36}$/),
      callback_url: receiver.url,
      has_callback_api_key: true,
      max_batch_size: 5,
      max_wait_seconds: 30,
      state: "active",
      last_sent_event_id: expect.any(Number),
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
      updated_at: expect.any(String),
    })
    const listed = await api.get("/webhooks/")
    expect(listed.body).toEqual([created.body])
    expect(JSON.stringify(listed.body)).not.toContain("s3cret-key")
    expect((await api.get(`/webhooks/${created.body.identifier}`)).body).toEqual(created.body)
  })

  it("applies Jetpay's defaults", async () => {
    const created = await api.post("/webhooks/", { callback_url: receiver.url })
    expect(created.body).toMatchObject({ max_batch_size: 10, max_wait_seconds: 60, has_callback_api_key: false })
  })

  it("allows several webhooks per company, one per callback_url", async () => {
    const first = await register()
    const second = await api.post("/webhooks/", { callback_url: "https://other.example.com/hooks" })
    expect(second.status).toBe(201)
    expect(second.body.id).toBeGreaterThan(first.id)
    expect(second.body.identifier).not.toBe(first.identifier)
    const listed = (await api.get("/webhooks/")).body as { callback_url: string }[]
    expect(listed.map((hook) => hook.callback_url)).toEqual([receiver.url, "https://other.example.com/hooks"])
  })

  it("refuses a callback_url the company already has, on register and on PATCH, with a 422", async () => {
    const first = await register()
    const duplicate = await api.post("/webhooks/", { callback_url: receiver.url, max_batch_size: 50 })
    const refusal = {
      detail: [
        {
          loc: ["body", "callback_url"],
          msg: "A webhook with this callback_url already exists; use PATCH",
          type: "value_error",
        },
      ],
    }
    expect(duplicate).toMatchObject({ status: 422, body: refusal })
    expect(duplicate.body).toEqual(refusal)

    const other = (await api.post("/webhooks/", { callback_url: "https://other.example.com/hooks" })).body
    const moved = await api.patch(`/webhooks/${other.identifier}`, { callback_url: receiver.url })
    expect(moved).toMatchObject({ status: 422, body: refusal })
    expect((await api.get(`/webhooks/${other.identifier}`)).body.callback_url).toBe("https://other.example.com/hooks")
    // Its own URL is not "another webhook's".
    expect((await api.patch(`/webhooks/${first.identifier}`, { callback_url: receiver.url })).status).toBe(200)
    expect((await api.get("/webhooks/")).body).toHaveLength(2)
  })

  it("allows a new webhook after the old one was deleted", async () => {
    const first = await register()
    expect((await api.del(`/webhooks/${first.identifier}`)).body).toEqual({ ok: true })
    expect((await api.get(`/webhooks/${first.identifier}`)).status).toBe(404)
    const second = await register()
    expect(second.id).toBeGreaterThan(first.id)
  })

  it.each([
    ["http://shop.example.com/hooks", 422],
    ["http://192.168.1.10/hooks", 422],
    ["https://shop.example.com/hooks", 201],
    ["http://localhost:9000/hooks", 201],
    ["http://127.0.0.1:9000/hooks", 201],
    ["http://[::1]:9000/hooks", 201],
  ])("callback_url %s -> %i", async (callbackUrl, status) => {
    const answer = await api.post("/webhooks/", { callback_url: callbackUrl })
    expect(answer.status).toBe(status)
    if (status === 422) expect(answer.body.detail[0].loc).toEqual(["body", "callback_url"])
  })

  it.each([
    [{ max_batch_size: 0 }, "max_batch_size"],
    [{ max_batch_size: 101 }, "max_batch_size"],
    [{ max_wait_seconds: 3601 }, "max_wait_seconds"],
    [{ max_wait_seconds: -1 }, "max_wait_seconds"],
  ])("refuses %p", async (override, field) => {
    const answer = await api.post("/webhooks/", { callback_url: receiver.url, ...override })
    expect(answer).toMatchObject({ status: 422, body: { detail: [{ loc: ["body", field] }] } })
  })

  it("holds max_wait_seconds to Jetpay's 60 s minimum by default", async () => {
    const strict = await startSandbox()
    try {
      const answer = await client(strict.url).post("/webhooks/", { callback_url: receiver.url, max_wait_seconds: 59 })
      expect(answer).toMatchObject({
        status: 422,
        body: { detail: [{ loc: ["body", "max_wait_seconds"], type: "greater_than_equal" }] },
      })
    } finally {
      await strict.close()
    }
  })

  it("patches settings and pauses, and 404s an unknown webhook", async () => {
    const hook = await register()
    const patched = await api.patch(`/webhooks/${hook.identifier}`, { max_batch_size: 3, state: "paused" })
    expect(patched.body).toMatchObject({ max_batch_size: 3, state: "paused", max_wait_seconds: 0 })
    expect((await api.patch("/webhooks/00000000-0000-4000-8000-000000000000", { state: "active" })).status).toBe(404)
    expect((await api.patch(`/webhooks/${hook.identifier}`, { callback_url: "http://example.com/x" })).status).toBe(422)
  })
})

describe("signed delivery", () => {
  it("posts a batch signed with RS256 that verifies against the JWKS, with the api key header", async () => {
    await register({ callback_api_key: "s3cret-key" })
    const transactionId = await debitThrough()
    const [delivery] = await receiver.waitFor(1)

    expect(delivery.headers["content-type"]).toBe("application/json")
    expect(delivery.headers["x-callback-api-key"]).toBe("s3cret-key")
    expect(delivery.body).toEqual({
      webhookId: expect.any(Number),
      events: [
        {
          id: expect.any(Number),
          createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
          type: "transactions.debits.created",
          data: { state: "requested", transactionId },
        },
      ],
    })

    const token = /^Bearer (.+)$/.exec(delivery.headers.authorization ?? "")?.[1]
    expect(token).toBeDefined()
    const jwks = jose.createRemoteJWKSet(new URL(`${sandbox.url}/.well-known/jwks.json`))
    const { payload, protectedHeader } = await jose.jwtVerify(token!, jwks, {
      algorithms: ["RS256"],
      issuer: "jetpay",
      subject: "webhook",
    })
    const { keys } = await fetchJwks(sandbox.url)
    expect(protectedHeader).toEqual({ alg: "RS256", kid: keys[0].kid, typ: "JWT" })
    expect(payload.payload_hash).toBe(createHash("sha256").update(delivery.raw).digest("base64url"))
    expect(payload.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(payload.exp! - payload.iat!).toBe(90)
    expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(5)
  })

  it("uses the configured api key header name", async () => {
    const custom = await startSandbox({ minWaitSeconds: 0, callbackApiKeyHeader: "X-Jetpay-Key" })
    try {
      const customApi = client(custom.url)
      await customApi.post("/webhooks/", { callback_url: receiver.url, callback_api_key: "k1", max_wait_seconds: 0 })
      await customApi.debit((await customApi.contact()).identifier)
      const [delivery] = await receiver.waitFor(1)
      expect(delivery.headers["x-jetpay-key"]).toBe("k1")
      expect(delivery.headers["x-callback-api-key"]).toBeUndefined()
    } finally {
      await custom.close()
    }
  })

  it("sends no api key header when none was registered", async () => {
    await register()
    await debitThrough()
    const [delivery] = await receiver.waitFor(1)
    expect(delivery.headers["x-callback-api-key"]).toBeUndefined()
  })

  it("emits an event for creation and for every state change, ids strictly increasing", async () => {
    await register()
    const id = await debitThrough(["eft", "completed", "failed"])
    await waitUntil(() => deliveredIds().length >= 4, 5000, "4 events")
    const events = receiver.received.flatMap((delivery) => delivery.body.events)
    expect(events.map((event) => [event.type, event.data.state, event.data.transactionId])).toEqual([
      ["transactions.debits.created", "requested", id],
      ["transactions.debits.updated", "initiated", id],
      ["transactions.debits.updated", "completed", id],
      ["transactions.debits.updated", "failed", id],
    ])
    const ids = events.map((event) => event.id)
    ids.slice(1).forEach((eventId, index) => expect(eventId).toBeGreaterThan(ids[index]))
    const createdAts = events.map((event) => event.createdAt)
    expect([...createdAts].sort()).toEqual(createdAts)
  })

  it("names credit events transactions.credits.*", async () => {
    await register()
    const contact = await api.contact()
    const credit = await api.put("/credit", { amount: 100, statement: "REFUND", from_bank_account: "acct", contact_id: contact.identifier })
    await api.post(`/_sandbox/transactions/${credit.body.identifier}/pay`, {})
    await waitUntil(() => deliveredIds().length >= 2, 5000, "2 events")
    expect(receiver.received.flatMap((d) => d.body.events).map((e) => [e.type, e.data.state])).toEqual([
      ["transactions.credits.created", "requested"],
      ["transactions.credits.updated", "processing"],
    ])
  })
})

describe("batching", () => {
  it("groups a burst of state changes into ascending batches", async () => {
    await register({ max_batch_size: 10 })
    await debitThrough(["card", "completed"])
    await waitUntil(() => deliveredIds().length >= 3, 5000, "3 events")
    // A flush finds nothing left to send: every delivery there was to be is in.
    expect((await api.post("/_sandbox/webhooks/flush")).body).toEqual({ delivered: 0, batches: 0 })
    expect(receiver.received.length).toBeGreaterThanOrEqual(1)
    expect(receiver.received.length).toBeLessThanOrEqual(3)
    for (const delivery of receiver.received) {
      const ids = delivery.body.events.map((event) => event.id)
      expect(ids).toEqual([...ids].sort((a, b) => a - b))
    }
    const all = deliveredIds()
    expect(all).toHaveLength(3)
    expect(all).toEqual([...all].sort((a, b) => a - b))
  })

  it("never exceeds max_batch_size", async () => {
    await register({ max_batch_size: 2 })
    await debitThrough(["card", "completed"])
    await debitThrough(["eft"])
    await waitUntil(() => deliveredIds().length >= 5, 5000, "5 events")
    expect((await api.post("/_sandbox/webhooks/flush")).body).toEqual({ delivered: 0, batches: 0 })
    expect(receiver.received.every((delivery) => delivery.body.events.length <= 2)).toBe(true)
    expect(receiver.received.length).toBeGreaterThanOrEqual(3)
    const all = deliveredIds()
    expect(all).toEqual([...all].sort((a, b) => a - b))
    expect(new Set(all).size).toBe(5)
  })

  it("waits max_wait_seconds before sending a batch that is not full", async () => {
    await register({ max_wait_seconds: 1, max_batch_size: 10 })
    const started = Date.now()
    await debitThrough(["card"])
    const [delivery] = await receiver.waitFor(1, 3000)
    expect(delivery.receivedAt - started).toBeGreaterThanOrEqual(950)
    expect(delivery.body.events).toHaveLength(2)
  })

  it("sends a full batch at once, without waiting", async () => {
    await register({ max_wait_seconds: 3600, max_batch_size: 2 })
    await debitThrough(["card"])
    const [delivery] = await receiver.waitFor(1, 2000)
    expect(delivery.body.events).toHaveLength(2)
  })

  it("delivers only events after registration unless asked to replay", async () => {
    await debitThrough(["eft"]) // events before the webhook exists
    const hook = await register()
    expect(hook.last_sent_event_id).toBeGreaterThanOrEqual(2)
    await debitThrough()
    await receiver.waitFor(1)
    expect((await api.post("/_sandbox/webhooks/flush")).body).toEqual({ delivered: 0, batches: 0 })
    expect(deliveredIds()).toEqual([hook.last_sent_event_id + 1])
  })

  it("replays from an event id or a timestamp", async () => {
    const events = async () => (await api.get("/_sandbox/events")).body as { id: number; createdAt: string }[]
    await debitThrough(["eft", "completed"])
    const [first, second] = await events()
    const hook = await register({ replay_from_event_id: second.id })
    expect(hook.last_sent_event_id).toBe(second.id - 1)
    await waitUntil(() => deliveredIds().length >= 2, 5000, "replayed events")
    expect(deliveredIds()).toEqual([second.id, second.id + 1])

    const replayed = await api.patch(`/webhooks/${hook.identifier}`, { replay_from_timestamp: first.createdAt })
    expect(replayed.body.last_sent_event_id).toBe(first.id - 1)
    await waitUntil(() => deliveredIds().length >= 5, 5000, "events replayed by timestamp")
    expect(deliveredIds().slice(2)).toEqual([first.id, first.id + 1, first.id + 2])

    const both = await api.patch(`/webhooks/${hook.identifier}`, {
      replay_from_event_id: 1,
      replay_from_timestamp: first.createdAt,
    })
    expect(both.status).toBe(422)
  })

  it("delivers nothing while paused and resumes where it left off", async () => {
    const hook = await register()
    await api.patch(`/webhooks/${hook.identifier}`, { state: "paused" })
    await debitThrough(["eft"])
    // A flush sends what an active webhook has pending: a paused one gets nothing.
    expect((await api.post("/_sandbox/webhooks/flush")).body).toEqual({ delivered: 0, batches: 0 })
    expect(receiver.received).toHaveLength(0)
    await api.patch(`/webhooks/${hook.identifier}`, { state: "active" })
    await waitUntil(() => deliveredIds().length >= 2, 5000, "events after resume")
    expect((await api.get(`/webhooks/${hook.identifier}`)).body.last_sent_event_id).toBe(Math.max(...deliveredIds()))
  })
})

describe("retries", () => {
  it("retries a failed batch with the same events and a fresh JWT until the receiver answers 2xx", async () => {
    receiver.respondWith((_, index) => (index < 2 ? 500 : 200))
    const hook = await register()
    await debitThrough()
    const deliveries = await receiver.waitFor(3, 5000)
    // The third answer is in (a flush waits for the delivery in flight) and nothing is left.
    expect((await api.post("/_sandbox/webhooks/flush")).body).toEqual({ delivered: 0, batches: 0 })

    expect(deliveries[1].raw.equals(deliveries[0].raw)).toBe(true)
    expect(deliveries[2].raw.equals(deliveries[0].raw)).toBe(true)
    const tokens = new Set(deliveries.map((delivery) => delivery.headers.authorization))
    expect(tokens.size).toBe(3)
    expect(deliveries[1].receivedAt - deliveries[0].receivedAt).toBeGreaterThanOrEqual(20)

    const log = (await api.get("/_sandbox/deliveries")).body
    expect(log.map((entry: { status: number; attempt: number }) => [entry.status, entry.attempt])).toEqual([
      [500, 1],
      [500, 2],
      [200, 3],
    ])
    const eventId = deliveries[0].body.events[0].id
    expect((await api.get(`/webhooks/${hook.identifier}`)).body.last_sent_event_id).toBe(eventId)
    expect((await api.post("/_sandbox/webhooks/flush")).body).toEqual({ delivered: 0, batches: 0 })
    expect(receiver.received).toHaveLength(3)
  })

  it("does not move the cursor while the receiver fails, and keeps newer events behind the failed batch", async () => {
    let failing = true
    receiver.respondWith(() => (failing ? 503 : 200))
    const hook = await register({ max_batch_size: 1 })
    await debitThrough(["card"])
    await receiver.waitFor(2, 5000)
    const before = (await api.get(`/webhooks/${hook.identifier}`)).body.last_sent_event_id
    expect(receiver.received.every((delivery) => delivery.body.events[0].id === receiver.received[0].body.events[0].id)).toBe(true)
    failing = false
    await waitUntil(() => receiver.received.some((delivery) => delivery.body.events[0].id !== receiver.received[0].body.events[0].id), 5000, "the next event")
    const after = (await api.get(`/webhooks/${hook.identifier}`)).body.last_sent_event_id
    expect(after).toBeGreaterThan(before)
  })

  it("records a network error as status null and delivers once the callback URL works", async () => {
    const dead = await startReceiver()
    const deadUrl = dead.url
    await dead.close()
    const hook = await register({ callback_url: deadUrl })
    await debitThrough()
    await waitUntil(async () => (await api.get("/_sandbox/deliveries")).body.length >= 1, 5000, "a failed delivery")
    expect((await api.get("/_sandbox/deliveries")).body[0]).toMatchObject({ status: null, attempt: 1 })
    await api.patch(`/webhooks/${hook.identifier}`, { callback_url: receiver.url })
    const [delivery] = await receiver.waitFor(1, 5000)
    expect(delivery.body.events).toHaveLength(1)
  })
})
