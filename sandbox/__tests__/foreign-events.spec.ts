// Company-wide feeds: events that are not about transactions, and another integration's
// transactions, interleaved with this store's events; and one event placed by hand.

import { startSandbox, type Sandbox } from "../index"
import { client, type Client } from "./helpers/client"
import { startReceiver, type Receiver } from "./helpers/receiver"

let sandbox: Sandbox
let api: Client

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, minWaitSeconds: 0 })
  api = client(sandbox.url)
})

afterAll(() => sandbox.close())

beforeEach(() => api.post("/_sandbox/reset"))

interface Event {
  id: number
  createdAt: string
  type: string
  data: Record<string, unknown>
}

const events = async () => (await api.get("/_sandbox/events")).body as Event[]

/** Five debits, each created, paid and settled: 15 of this store's events. */
async function storeActivity(): Promise<Set<string>> {
  const mine = new Set<string>()
  const contact = await api.contact()
  for (let index = 0; index < 5; index += 1) {
    const debit = await api.debit(contact.identifier)
    mine.add(debit.identifier)
    await api.post(`/_sandbox/transactions/${debit.identifier}/pay`, { method: "eft" })
    await api.post(`/_sandbox/transactions/${debit.identifier}/advance`, { state: "completed" })
  }
  return mine
}

describe("foreign events", () => {
  it("are off by default", async () => {
    expect((await api.get("/_sandbox/foreign-events")).body).toEqual({ enabled: false, probability: 1, emitted: 0, transactions: [] })
    await storeActivity()
    expect(await events()).toHaveLength(15)
  })

  it("interleave non-transaction events and another integration's transactions with this store's, ids ascending and unbroken", async () => {
    const switched = await api.post("/_sandbox/foreign-events", { enabled: true })
    expect(switched).toMatchObject({ status: 200, body: { enabled: true, probability: 1 } })
    const mine = await storeActivity()
    const feed = await events()

    // With probability 1, each of this store's events is followed by one foreign event.
    expect(feed).toHaveLength(30)
    const ids = feed.map((event) => event.id)
    expect(ids).toEqual(ids.map((_, index) => ids[0] + index))
    feed.forEach((event, index) => {
      const ours = typeof event.data.transactionId === "string" && mine.has(event.data.transactionId)
      expect(ours).toBe(index % 2 === 0)
    })

    const foreign = feed.filter((_, index) => index % 2 === 1)
    const platform = foreign.filter((event) => !event.type.startsWith("transactions."))
    expect(new Set(platform.map((event) => event.type))).toEqual(
      new Set(["company.updated", "kyc.status_changed", "cards.tokenization.completed", "platform.notice"])
    )
    for (const event of platform) {
      expect(event.data).not.toHaveProperty("transactionId")
      expect(event.data).not.toHaveProperty("state")
      expect(Object.keys(event.data).length).toBeGreaterThan(0)
    }

    const others = foreign.filter((event) => event.type.startsWith("transactions."))
    expect(others.length).toBeGreaterThan(0)
    for (const event of others) {
      expect(event.type).toMatch(/^transactions\.(debits|credits)\.(created|updated)$/)
      expect(event.data).toEqual({ state: expect.any(String), transactionId: expect.stringMatching(/^[0-9a-f-]{36}$/) })
      expect(mine.has(event.data.transactionId as string)).toBe(false)
    }

    // Each of the other integration's transactions has its own progression, starting at `requested`.
    const byTransaction = new Map<string, string[]>()
    for (const event of others) {
      const id = event.data.transactionId as string
      byTransaction.set(id, [...(byTransaction.get(id) ?? []), event.data.state as string])
    }
    for (const states of byTransaction.values()) expect(states[0]).toBe("requested")
    expect([...byTransaction.values()].some((states) => states.length > 1)).toBe(true)
  })

  it("keeps another integration's transactions out of this store's list, but answers their status", async () => {
    await api.post("/_sandbox/foreign-events", { enabled: true })
    const mine = await storeActivity()
    const listed = (await api.get("/_sandbox/transactions")).body as { identifier: string }[]
    expect(new Set(listed.map((record) => record.identifier))).toEqual(mine)

    const { transactions } = (await api.get("/_sandbox/foreign-events")).body as {
      transactions: { identifier: string; kind: string; state: string }[]
    }
    expect(transactions.length).toBeGreaterThan(0)
    for (const other of transactions) {
      expect(mine.has(other.identifier)).toBe(false)
      const status = await api.get(`/transaction/${other.identifier}/status`)
      expect(status).toMatchObject({ status: 200, body: { state: other.state } })
    }
  })

  it("follows the probability, and stops when switched off", async () => {
    await api.post("/_sandbox/foreign-events", { enabled: true, probability: 0 })
    await storeActivity()
    expect(await events()).toHaveLength(15)
    await api.post("/_sandbox/foreign-events", { probability: 1 })
    await api.debit((await api.contact()).identifier)
    expect(await events()).toHaveLength(17)
    expect((await api.del("/_sandbox/foreign-events")).body).toMatchObject({ enabled: false, emitted: 1 })
    await api.debit((await api.contact()).identifier)
    expect(await events()).toHaveLength(18)
  })

  it("reach the webhook in the same batches as this store's events", async () => {
    const receiver: Receiver = await startReceiver()
    try {
      await api.post("/webhooks/", { callback_url: receiver.url, max_wait_seconds: 0, max_batch_size: 100 })
      await api.post("/_sandbox/webhooks/faults", { hold: true })
      await api.post("/_sandbox/foreign-events", { enabled: true })
      await storeActivity()
      await api.post("/_sandbox/webhooks/flush")
      const delivered = receiver.received.flatMap((delivery) => delivery.body.events)
      expect(delivered.map((event) => event.id)).toEqual((await events()).map((event) => event.id))
      expect(delivered.some((event) => !event.type.startsWith("transactions."))).toBe(true)
    } finally {
      await receiver.close()
    }
  })

  it("are switched off by reset, and the switch refuses unknown fields", async () => {
    await api.post("/_sandbox/foreign-events", { enabled: true })
    await api.post("/_sandbox/reset")
    expect((await api.get("/_sandbox/foreign-events")).body).toMatchObject({ enabled: false, transactions: [] })
    expect((await api.post("/_sandbox/foreign-events", { enable: true })).status).toBe(422)
    expect((await api.post("/_sandbox/foreign-events", { probability: 2 })).status).toBe(422)
  })
})

describe("POST /_sandbox/events", () => {
  it("adds exactly one event with the given type and data, next in the id sequence", async () => {
    const receiver = await startReceiver()
    try {
      await api.post("/webhooks/", { callback_url: receiver.url, max_wait_seconds: 0 })
      await api.post("/_sandbox/webhooks/faults", { hold: true })
      const debit = await api.debit((await api.contact()).identifier)
      const placed = await api.post("/_sandbox/events", { type: "kyc.status_changed", data: { status: "approved" } })
      expect(placed).toMatchObject({
        status: 201,
        body: { id: expect.any(Number), createdAt: expect.stringMatching(/\.\d{6}Z$/), type: "kyc.status_changed", data: { status: "approved" } },
      })
      await api.post(`/_sandbox/transactions/${debit.identifier}/pay`, { method: "card" })
      await api.post("/_sandbox/webhooks/flush")
      const [batch] = receiver.received
      expect(batch.body.events.map((event) => event.type)).toEqual([
        "transactions.debits.created",
        "kyc.status_changed",
        "transactions.debits.updated",
      ])
      const ids = batch.body.events.map((event) => event.id)
      expect(ids).toEqual([placed.body.id - 1, placed.body.id, placed.body.id + 1])
      expect(await events()).toHaveLength(3)
    } finally {
      await receiver.close()
    }
  })

  it("takes an empty data, and also a transaction event of a transaction nobody made", async () => {
    expect((await api.post("/_sandbox/events", { type: "platform.notice" })).body.data).toEqual({})
    const stray = await api.post("/_sandbox/events", {
      type: "transactions.debits.updated",
      data: { state: "completed", transactionId: "6f1c2b7e-0000-4000-8000-000000000001" },
    })
    expect(stray.status).toBe(201)
    expect((await api.get("/_sandbox/transactions")).body).toEqual([])
  })

  it.each([[{}], [{ type: "Not A Type" }], [{ type: "nodot" }], [{ type: "a.b", data: [] }], [{ type: "a.b", extra: 1 }]])(
    "refuses %p with 422",
    async (body) => {
      expect((await api.post("/_sandbox/events", body)).status).toBe(422)
    }
  )
})

