// Faults for a chaos run: API rules that fire by chance (and without a count), several statuses
// at random, the drop fault, and duplicate/reverse storms.

import { startSandbox, type Sandbox } from "../index"
import { client, type Client } from "./helpers/client"
import { startReceiver, waitUntil, type Receiver } from "./helpers/receiver"

let sandbox: Sandbox
let api: Client

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, minWaitSeconds: 0, webhookRetryBaseMs: 20 })
  api = client(sandbox.url)
})

afterAll(() => sandbox.close())

beforeEach(() => api.post("/_sandbox/reset"))

const faults = async () => (await api.get("/_sandbox/faults")).body as Record<string, unknown>[]

describe("probabilistic API faults", () => {
  it("fire on about `probability` of matching requests, without limit when count is omitted", async () => {
    const added = await api.post("/_sandbox/faults", { path: "/webhooks", probability: 0.5, status: 502 })
    expect(added).toMatchObject({ status: 201, body: { probability: 0.5, status: 502, remaining: null, hits: 0 } })
    const statuses: number[] = []
    for (let index = 0; index < 200; index += 1) statuses.push((await api.get("/webhooks/")).status)
    const failed = statuses.filter((status) => status === 502).length
    expect(statuses.every((status) => status === 200 || status === 502)).toBe(true)
    // Binomial(200, 0.5): outside 60..140 has a chance far below one in a billion.
    expect(failed).toBeGreaterThan(60)
    expect(failed).toBeLessThan(140)
    expect(await faults()).toMatchObject([{ remaining: null, hits: failed }])
  })

  it("with a count, fire at most count times", async () => {
    await api.post("/_sandbox/faults", { path: "/webhooks", probability: 1, count: 3, status: 500 })
    const statuses = []
    for (let index = 0; index < 5; index += 1) statuses.push((await api.get("/webhooks/")).status)
    expect(statuses).toEqual([500, 500, 500, 200, 200])
    expect(await faults()).toEqual([])
  })

  it("pick one of `statuses` at random each time, with Retry-After", async () => {
    await api.post("/_sandbox/faults", { path: "/webhooks", probability: 1, statuses: [500, 503, 429], retry_after: 2 })
    const seen = new Set<number>()
    for (let index = 0; index < 60; index += 1) {
      const answer = await api.get("/webhooks/")
      seen.add(answer.status)
      expect(answer.headers.get("retry-after")).toBe("2")
      expect(answer.body).toEqual({ detail: "Simulated fault" })
    }
    expect(seen).toEqual(new Set([500, 503, 429]))
  })

  it("a rule whose chance did not come up lets the next rule fire", async () => {
    await api.post("/_sandbox/faults", { path: "/webhooks", probability: 0.000001, status: 500 })
    await api.post("/_sandbox/faults", { path: "/webhooks", status: 503 })
    expect((await api.get("/webhooks/")).status).toBe(503)
    expect(await faults()).toMatchObject([{ status: 500, hits: 0 }])
  })

  it.each([
    [false, 0],
    [true, 1],
  ])("hold the request by chance with timeout (process: %p)", async (process, created) => {
    const contact = await api.contact()
    await api.post("/_sandbox/faults", { method: "PUT", path: "/debit", probability: 1, count: 1, timeout: true, process })
    const attempt = api.call(
      "PUT",
      "/debit",
      { amount: 100, statement: "ACME", to_bank_account: "acct", contact_id: contact.identifier },
      { signal: AbortSignal.timeout(300) }
    )
    await expect(attempt).rejects.toMatchObject({ name: "TimeoutError" })
    expect((await api.get("/_sandbox/transactions")).body).toHaveLength(created)
  })

  it.each([
    [{ status: 500, probability: 0 }],
    [{ status: 500, probability: 1.5 }],
    [{ status: 500, probability: "0.5" }],
    [{ statuses: [] }],
    [{ statuses: [200] }],
    [{ statuses: [500], status: 500 }],
    [{ statuses: [500], timeout: true }],
    [{ probability: 0.5 }],
    [{ status: 500, count: 0 }],
  ])("refuse %p with 422", async (body) => {
    expect((await api.post("/_sandbox/faults", body)).status).toBe(422)
  })
})

describe("webhook faults for a storm", () => {
  let receiver: Receiver

  beforeEach(async () => {
    receiver = await startReceiver()
  })

  afterEach(() => receiver.close())

  const register = (overrides: Record<string, unknown> = {}) =>
    api.post("/webhooks/", { callback_url: receiver.url, max_wait_seconds: 0, max_batch_size: 1, ...overrides })
  const newDebit = async () => (await api.debit((await api.contact()).identifier)).identifier
  const deliveries = async () => (await api.get("/_sandbox/deliveries")).body as { status: unknown; event_ids: number[]; attempt: number }[]

  it("drop: batches that come due count as delivered but are never sent, until switched off", async () => {
    const hook = (await register()).body
    expect((await api.post("/_sandbox/webhooks/faults", { drop: true })).body).toMatchObject({ drop: true })
    const id = await newDebit()
    await api.post(`/_sandbox/transactions/${id}/pay`, { method: "card" })
    const events = (await api.get("/_sandbox/events")).body as { id: number }[]
    await waitUntil(
      async () => (await api.get(`/webhooks/${hook.identifier}`)).body.last_sent_event_id === events[1].id,
      2000,
      "the cursor past the dropped events"
    )
    // The dropped batch is out of the way: a flush finds nothing to send.
    expect((await api.post("/_sandbox/webhooks/flush")).body).toEqual({ delivered: 0, batches: 0 })
    expect(receiver.received).toHaveLength(0)
    expect(await deliveries()).toEqual([
      { webhook_id: hook.id, event_ids: [events[0].id], status: "dropped", attempt: 0, at: expect.any(String), signature: null, duplicate: false },
      { webhook_id: hook.id, event_ids: [events[1].id], status: "dropped", attempt: 0, at: expect.any(String), signature: null, duplicate: false },
    ])

    await api.post("/_sandbox/webhooks/faults", { drop: false })
    await api.post(`/_sandbox/transactions/${id}/advance`, { state: "completed" })
    const [delivery] = await receiver.waitFor(1)
    expect(delivery.body.events.map((event) => event.data.state)).toEqual(["completed"])

    // Lost for good, unless replayed.
    await api.patch(`/webhooks/${hook.identifier}`, { replay_from_event_id: events[0].id })
    await receiver.waitFor(4)
    expect(receiver.received.slice(1).map((d) => d.body.events[0].id)).toEqual([events[0].id, events[1].id, events[1].id + 1])
  })

  it("drop also swallows a batch waiting for its retry, and a flush", async () => {
    receiver.respondWith(() => 500)
    await register({ max_wait_seconds: 3600 })
    // Held, so the refused batch waits for the next flush instead of its retry timer.
    await api.post("/_sandbox/webhooks/faults", { hold: true })
    await newDebit()
    expect((await api.post("/_sandbox/webhooks/flush")).body).toEqual({ delivered: 0, batches: 1 })
    await api.post("/_sandbox/webhooks/faults", { drop: true })
    await newDebit()
    expect((await api.post("/_sandbox/webhooks/flush")).body).toEqual({ delivered: 2, batches: 2 })
    expect((await deliveries()).map((entry) => entry.status)).toEqual([500, "dropped", "dropped"])
    expect(receiver.received).toHaveLength(1)
  })

  it("lose_event_ids: those events are never sent, replays included, while the cursor moves past them", async () => {
    const hook = (await register({ max_batch_size: 10 })).body
    await api.post("/_sandbox/webhooks/faults", { hold: true })
    const id = await newDebit()
    const [created] = (await api.get("/_sandbox/events")).body as { id: number }[]
    expect((await api.post("/_sandbox/webhooks/faults", { lose_event_ids: [created.id] })).body).toMatchObject({ lose_event_ids: [created.id] })
    await api.post("/_sandbox/webhooks/flush")
    expect(receiver.received).toHaveLength(0)
    expect((await api.get(`/webhooks/${hook.identifier}`)).body.last_sent_event_id).toBe(created.id)

    await api.post(`/_sandbox/transactions/${id}/pay`, { method: "card" })
    await api.post("/_sandbox/webhooks/flush")
    await api.patch(`/webhooks/${hook.identifier}`, { replay_from_event_id: created.id })
    await api.post("/_sandbox/webhooks/flush")
    await receiver.waitFor(2)
    expect(receiver.received.map((delivery) => delivery.body.events.map((event) => event.id))).toEqual([[created.id + 1], [created.id + 1]])
  })

  it("duplicate and reverse take a large n", async () => {
    const large = Number.MAX_SAFE_INTEGER
    const set = await api.post("/_sandbox/webhooks/faults", { duplicate: large, reverse: large })
    expect(set.body).toMatchObject({ duplicate: large, reverse: large })
    await register({ max_batch_size: 10 })
    await api.post("/_sandbox/webhooks/faults", { hold: true })
    const id = await newDebit()
    await api.post(`/_sandbox/transactions/${id}/pay`, { method: "card" })
    await api.post("/_sandbox/webhooks/faults", { hold: false })
    const [first, second] = await receiver.waitFor(2)
    expect(second.raw.equals(first.raw)).toBe(true)
    const ids = first.body.events.map((event) => event.id)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    expect((await api.get("/_sandbox/webhooks/faults")).body).toMatchObject({ duplicate: large - 1, reverse: large - 1 })
  })

  it("duplicate_probability and reverse_probability apply to every new batch by chance", async () => {
    await api.post("/_sandbox/webhooks/faults", { duplicate_probability: 1, reverse_probability: 1 })
    await register({ max_batch_size: 10 })
    await api.post("/_sandbox/webhooks/faults", { hold: true })
    for (let index = 0; index < 3; index += 1) {
      const id = await newDebit()
      await api.post(`/_sandbox/transactions/${id}/pay`, { method: "eft" })
      await api.post("/_sandbox/webhooks/flush")
    }
    expect(receiver.received).toHaveLength(6)
    for (let index = 0; index < 6; index += 2) {
      expect(receiver.received[index + 1].raw.equals(receiver.received[index].raw)).toBe(true)
      const ids = receiver.received[index].body.events.map((event) => event.id)
      expect(ids).toHaveLength(2)
      expect(ids[0]).toBeGreaterThan(ids[1])
    }
    // The counters were not used: the chances stay as set.
    expect((await api.get("/_sandbox/webhooks/faults")).body).toMatchObject({
      duplicate: 0,
      reverse: 0,
      duplicate_probability: 1,
      reverse_probability: 1,
    })
  })

  it.each([[{ duplicate_probability: 1.5 }], [{ reverse_probability: -0.1 }], [{ drop: "yes" }], [{ duplicate: -1 }]])(
    "refuses %p with 422",
    async (body) => {
      expect((await api.post("/_sandbox/webhooks/faults", body)).status).toBe(422)
    }
  )
})
