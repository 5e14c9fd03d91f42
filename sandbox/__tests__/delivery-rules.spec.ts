// The pure rules behind the delivery side and the chaos faults, with randomness injected.

import { eventState, statusReadState } from "../cancelled-wording"
import { ApiFaults, WebhookFaults } from "../faults"
import { foreignEventKind, PLATFORM_EVENT_TYPES, platformEventData } from "../foreign-events"
import { shouldGiveUp, WEBHOOK_BACKING_OFF, wireWebhookState } from "../webhook-states"

/** A random source that plays back the given values in a loop. */
const sequence = (...values: number[]) => {
  let index = 0
  return () => values[index++ % values.length]
}

describe("ApiFaults", () => {
  it("fires a probability rule only when the draw is below it, and without limit when count is omitted", () => {
    const faults = new ApiFaults(sequence(0.2, 0.7, 0.29, 0.3))
    faults.add({ probability: 0.3, status: 500 })
    expect([1, 2, 3, 4].map(() => faults.take("GET", "/x")?.status)).toEqual([500, undefined, 500, undefined])
    expect(faults.list()).toMatchObject([{ remaining: null, hits: 2 }])
  })

  it("counts a rule with probability and count down to nothing", () => {
    const faults = new ApiFaults(() => 0)
    faults.add({ probability: 0.5, count: 2, status: 503 })
    expect([1, 2, 3].map(() => faults.take("GET", "/x")?.status)).toEqual([503, 503, undefined])
    expect(faults.list()).toEqual([])
  })

  it("keeps the old meaning without probability: count defaults to 1", () => {
    const faults = new ApiFaults(() => 0.99)
    expect(faults.add({ status: 500 })).toMatchObject({ remaining: 1, hits: 0 })
    expect(faults.take("PUT", "/debit")).toEqual({ id: 1, status: 500 })
    expect(faults.take("PUT", "/debit")).toBeUndefined()
  })

  it("picks from statuses by the draw", () => {
    const faults = new ApiFaults(sequence(0, 0.5, 0.99, 0.999999))
    faults.add({ statuses: [500, 502, 429], count: 4, retry_after: 3 })
    expect([1, 2, 3, 4].map(() => faults.take("GET", "/x"))).toEqual([
      { id: 1, status: 500, retry_after: 3 },
      { id: 1, status: 502, retry_after: 3 },
      { id: 1, status: 429, retry_after: 3 },
      { id: 1, status: 429, retry_after: 3 },
    ])
  })

  it("passes over a rule whose chance did not come up to the next matching one", () => {
    const faults = new ApiFaults(() => 0.9)
    faults.add({ path: "/transaction", probability: 0.5, status: 500 })
    faults.add({ path: "/transaction", timeout: true, process: true })
    expect(faults.take("GET", "/transaction/1/status")).toEqual({ id: 2, timeout: true, process: true })
    expect(faults.list()).toMatchObject([{ id: 1, hits: 0 }])
  })
})

describe("WebhookFaults", () => {
  it("uses the counters first, then the chances", () => {
    const faults = new WebhookFaults(sequence(0.1, 0.9))
    faults.set({ duplicate: 1, duplicate_probability: 0.5, reverse_probability: 0.5 })
    // Batch 1: counter for duplicate; reverse by chance (0.1 < 0.5).
    expect(faults.takeBatchFaults()).toEqual({ reverse: true, duplicate: true, concurrent: false })
    // Batch 2: reverse draws 0.9 (no), duplicate draws 0.1 (yes).
    expect(faults.takeBatchFaults()).toEqual({ reverse: false, duplicate: true, concurrent: false })
    expect(faults.get()).toMatchObject({ duplicate: 0, duplicate_probability: 0.5 })
  })

  it("sets only the fields given and reports drop", () => {
    const faults = new WebhookFaults()
    faults.set({ hold: true })
    expect(faults.set({ drop: true })).toMatchObject({ hold: true, drop: true })
    expect(faults.dropping).toBe(true)
    faults.clear()
    expect(faults.dropping).toBe(false)
  })
})

describe("webhook states", () => {
  it.each([
    ["active", "idle", "active"],
    ["active", "scheduled", "scheduled"],
    ["active", "dispatching", "dispatching"],
    ["active", "backing_off", WEBHOOK_BACKING_OFF],
    ["paused", "dispatching", "paused"],
    ["failed", "idle", "failed"],
  ] as const)("%s while %s shows %s", (stored, phase, shown) => {
    expect(wireWebhookState(stored, phase)).toBe(shown)
  })

  it("spells backing off with an underscore", () => {
    expect(WEBHOOK_BACKING_OFF).toBe("backing_off")
  })

  it.each([
    [7, 8, false],
    [8, 8, true],
    [1, 1, true],
  ])("%i failures in a row with give-up after %i -> %p", (failures, after, expected) => {
    expect(shouldGiveUp(failures, after)).toBe(expected)
  })
})

describe("cancelled wording", () => {
  it.each([
    ["cancelled", "cancelled", "cancelled"],
    ["canceled", "canceled", "canceled"],
    ["deleted", "deleted", "deleted"],
    ["404", null, "deleted"],
  ] as const)("%s: status reads %p, events say %s", (wording, read, event) => {
    expect(statusReadState("cancelled", wording)).toBe(read)
    expect(eventState("cancelled", wording)).toBe(event)
    expect(statusReadState("completed", wording)).toBe("completed")
    expect(eventState("failed", wording)).toBe("failed")
  })
})

describe("foreign events", () => {
  it("alternate platform events and another integration's transaction steps, every type in turn", () => {
    const kinds = Array.from({ length: 8 }, (_, index) => foreignEventKind(index))
    expect(kinds).toEqual([
      "company.updated",
      "other_transaction",
      "kyc.status_changed",
      "other_transaction",
      "cards.tokenization.completed",
      "other_transaction",
      "platform.notice",
      "other_transaction",
    ])
  })

  it.each(PLATFORM_EVENT_TYPES.map((type) => [type]))("%s carries data without transactionId or state", (type) => {
    const data = platformEventData(type, 3)
    expect(Object.keys(data).length).toBeGreaterThan(0)
    expect(data).not.toHaveProperty("transactionId")
    expect(data).not.toHaveProperty("state")
  })
})
