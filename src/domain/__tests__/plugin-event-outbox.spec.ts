import { outboxEntries, pluginEventIdempotencyKey, PLUGIN_EVENT_NAMES } from "../plugin-event-outbox"
import type { PluginEventKind } from "../sync-plan"

const data = { order_id: "order_1", transaction_id: "tx-1", payment_id: "pay_1", fail_reason: null }

describe("outboxEntries: each event a sync tells, keyed per transaction and kind", () => {
  it.each([
    [["authorized"], [["outbox:tx-1:authorized", "jetpay.payment.authorized", "tx-1:authorized"]]],
    [
      ["authorized", "captured"],
      [
        ["outbox:tx-1:authorized", "jetpay.payment.authorized", "tx-1:authorized"],
        ["outbox:tx-1:captured", "jetpay.payment.captured", "tx-1:captured"],
      ],
    ],
    [["failed"], [["outbox:tx-1:failed", "jetpay.payment.failed", "tx-1:failed"]]],
    [["reversed"], [["outbox:tx-1:reversed", "jetpay.payment.reversed", "tx-1:reversed"]]],
    [["refund_failed"], [["outbox:tx-1:refund_failed", "jetpay.refund.failed", "tx-1:refund_failed"]]],
    [[], []],
  ] as Array<[PluginEventKind[], string[][]]>)("%j", (kinds, expected) => {
    const entries = outboxEntries(kinds, data)
    expect(entries.map((entry) => [entry.key, entry.value.name, entry.value.data.idempotency_key])).toEqual(expected)
    expect(entries.map((entry) => entry.value.seq)).toEqual(kinds.map((_, index) => index))
    for (const entry of entries) expect(entry.value.data).toMatchObject(data)
  })

  it("gives the same key to every delivery of one event, and different ones to different events", () => {
    expect(pluginEventIdempotencyKey("tx-1", "captured")).toBe(pluginEventIdempotencyKey("tx-1", "captured"))
    expect(pluginEventIdempotencyKey("tx-1", "captured")).not.toBe(pluginEventIdempotencyKey("tx-2", "captured"))
    expect(pluginEventIdempotencyKey("tx-1", "captured")).not.toBe(pluginEventIdempotencyKey("tx-1", "authorized"))
  })

  it("names every kind", () => {
    expect(Object.values(PLUGIN_EVENT_NAMES).every((name) => name.startsWith("jetpay."))).toBe(true)
  })
})
