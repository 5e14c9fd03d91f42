// A chaos run drives thousands of payments through one sandbox: lookups must stay cheap
// (no scan of every event per delivery, no scan of every transaction per request).

import { startSandbox } from "../index"
import { Store } from "../store"
import { client } from "./helpers/client"
import { startReceiver, waitUntil } from "./helpers/receiver"

function storeWithEvents(transactions: number): Store {
  const store = new Store(1_000, { cancelledWording: "cancelled" })
  for (let index = 0; index < transactions; index += 1) {
    const record = store.createTransaction({
      kind: "debit",
      state: "requested",
      amount: 100,
      customer_surcharge_amount: 4,
      contact_id: "c",
      statement: "S",
      note: null,
      to_bank_account: "a",
      from_bank_account: null,
    })
    store.applyAction(record.identifier, { type: "pay", method: "eft" })
    store.applyAction(record.identifier, { type: "complete" })
    store.touch(record.identifier)
  }
  return store
}

describe("Store lookups", () => {
  const store = storeWithEvents(10_000)
  const events = store.listEvents()

  it("eventsAfter starts each page at the event after the id asked, over 40,000 events", () => {
    expect(events).toHaveLength(40_000)
    for (const event of events) expect(store.eventsAfter(event.id - 1, 10)[0].wire).toEqual(event)
  })

  it("eventsAfter answers like a scan would", () => {
    const scan = (afterId: number, limit: number) => events.filter((event) => event.id > afterId).slice(0, limit)
    for (const [afterId, limit] of [
      [0, 5],
      [999, 3],
      [1_000, 100],
      [25_000, 10],
      [40_998, 10],
      [40_999, 10],
      [1e9, 10],
    ]) {
      expect(store.eventsAfter(afterId, limit).map((event) => event.wire)).toEqual(scan(afterId, limit))
    }
    expect(store.eventsAfter(40_990)).toHaveLength(9)
    expect(new Store(1, { cancelledWording: "cancelled" }).eventsAfter(0, 10)).toEqual([])
  })

  it("cursorBeforeTimestamp finds the first event at or after a time by binary search", () => {
    const stored = store.eventsAfter(0)
    const scan = (micros: bigint) => {
      const first = stored.find((event) => event.createdAtMicros >= micros)
      return first ? first.wire.id - 1 : store.lastEventId()
    }
    for (const index of [0, 1, 17, 20_000, 39_999]) {
      const micros = stored[index].createdAtMicros
      expect(store.cursorBeforeTimestamp(micros)).toBe(stored[index].wire.id - 1)
      expect(store.cursorBeforeTimestamp(micros - 1n)).toBe(scan(micros - 1n))
      expect(store.cursorBeforeTimestamp(micros + 1n)).toBe(scan(micros + 1n))
    }
    expect(store.cursorBeforeTimestamp(0n)).toBe(999)
    expect(store.cursorBeforeTimestamp(10n ** 30n)).toBe(store.lastEventId())
  })
})

describe("over HTTP", () => {
  it("carries 1,000 payments and ~5,000 events to a webhook in order, and lists 3,000 transactions", async () => {
    const sandbox = await startSandbox({ minWaitSeconds: 0 })
    const receiver = await startReceiver()
    try {
      const api = client(sandbox.url)
      await api.post("/webhooks/", { callback_url: receiver.url, max_wait_seconds: 0, max_batch_size: 100 })
      await api.post("/_sandbox/foreign-events", { enabled: true, probability: 0.4 })
      const contact = await api.contact()

      const pay = async (index: number) => {
        const debit = await api.debit(contact.identifier, { amount: 1000 + index })
        await api.post(`/_sandbox/transactions/${debit.identifier}/pay`, { method: index % 2 === 0 ? "eft" : "card" })
        await api.post(`/_sandbox/transactions/${debit.identifier}/advance`, { state: index % 10 === 0 ? "failed" : "completed" })
      }
      const lanes = 20
      await Promise.all(
        Array.from({ length: lanes }, async (_, lane) => {
          for (let index = lane; index < 1_000; index += lanes) await pay(index)
        })
      )
      const events = (await api.get("/_sandbox/events")).body as { id: number }[]
      expect(events.length).toBeGreaterThan(4_000)
      const lastId = events[events.length - 1].id
      await waitUntil(
        () => receiver.received.some((delivery) => delivery.body.events.some((event) => event.id === lastId)),
        30_000,
        "the last event delivered"
      )
      const delivered = receiver.received.flatMap((delivery) => delivery.body.events.map((event) => event.id))
      expect(delivered).toEqual(events.map((event) => event.id))

      await Promise.all(
        Array.from({ length: lanes }, async () => {
          for (let index = 0; index < 2_000 / lanes; index += 1) await api.debit(contact.identifier)
        })
      )
      const all = (await api.get("/_sandbox/transactions")).body as unknown[]
      expect(all).toHaveLength(3_000)

      const failed = (await api.get("/_sandbox/transactions?kind=debit&state=failed")).body as { state: string; kind: string }[]
      expect(failed).toHaveLength(100)
      expect(failed.every((record) => record.state === "failed" && record.kind === "debit")).toBe(true)
      expect((await api.get("/_sandbox/transactions?kind=credit")).body).toEqual([])
    } finally {
      await receiver.close()
      await sandbox.close()
    }
  })
})

describe("GET /_sandbox/transactions filters", () => {
  it("refuses an unknown kind, state or parameter with a query 422", async () => {
    const sandbox = await startSandbox()
    try {
      const api = client(sandbox.url)
      const answer = await api.get("/_sandbox/transactions?kind=refund")
      expect(answer).toMatchObject({ status: 422, body: { detail: [{ loc: ["query", "kind"] }] } })
      expect((await api.get("/_sandbox/transactions?state=settled")).status).toBe(422)
      expect((await api.get("/_sandbox/transactions?sort=asc")).status).toBe(422)
      expect((await api.get("/_sandbox/transactions?state=requested")).body).toEqual([])
    } finally {
      await sandbox.close()
    }
  })
})
