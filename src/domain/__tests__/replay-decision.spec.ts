import { contiguousThrough, eventSequence } from "../event-sequence"
import { DEFAULT_TIMINGS } from "../timings"
import { replayDecision, type ReplayInput } from "../replay-decision"

const { gapGraceMs: GAP_GRACE_MS, replayCooldownMs: REPLAY_COOLDOWN_MS } = DEFAULT_TIMINGS

const now = new Date("2026-11-30T12:00:00Z")
const ago = (ms: number) => new Date(now.getTime() - ms)
const base: ReplayInput = {
  through: 100n,
  highestReceived: 100n,
  gapSince: null,
  lastSentEventId: 100n,
  webhookFailed: false,
  lastReplay: null,
  now,
}

describe("replayDecision", () => {
  it.each([
    ["all whole and acknowledged", {}, { replay: false }],
    ["a fresh gap (a batch on its way)", { highestReceived: 105n, gapSince: ago(GAP_GRACE_MS - 1) }, { replay: false }],
    ["a gap older than the grace", { highestReceived: 105n, gapSince: ago(GAP_GRACE_MS) }, { replay: true, from: 101n, reason: "gap" }],
    ["Jetpay counts as sent what never arrived", { lastSentEventId: 130n }, { replay: true, from: 101n, reason: "lost_after_delivery" }],
    ["a failed webhook", { webhookFailed: true }, { replay: true, from: 101n, reason: "webhook_failed" }],
    ["no event yet", { through: null, highestReceived: null, lastSentEventId: 5n }, { replay: false }],
    ["the same replay asked a moment ago", { lastSentEventId: 130n, lastReplay: { from: 101n, at: ago(REPLAY_COOLDOWN_MS - 1) } }, { replay: false }],
    ["the same replay asked long ago", { lastSentEventId: 130n, lastReplay: { from: 101n, at: ago(REPLAY_COOLDOWN_MS) } }, { replay: true, from: 101n, reason: "lost_after_delivery" }],
  ] as const)("%s", (_name, over, expected) => {
    expect(replayDecision({ ...base, ...over })).toEqual(expected)
  })

  it("takes the store's gap grace and replay cooldown when they are given", () => {
    const short = { gapGraceMs: 500, replayCooldownMs: 1_000 }
    expect(replayDecision({ ...base, highestReceived: 105n, gapSince: ago(500) }, short)).toEqual({ replay: true, from: 101n, reason: "gap" })
    expect(replayDecision({ ...base, highestReceived: 105n, gapSince: ago(499) }, short)).toEqual({ replay: false })
    expect(replayDecision({ ...base, lastSentEventId: 130n, lastReplay: { from: 101n, at: ago(1_000) } }, short)).toMatchObject({ replay: true })
  })
})

describe("event ids", () => {
  it("sort as text like numbers", () => {
    const ids = ["9", "10", "100", "18446744073709551615"]
    expect(ids.map(eventSequence).sort()).toEqual(ids.map(eventSequence))
    expect(() => eventSequence("12a")).toThrow("whole number")
  })

  it.each([
    [0n, ["1", "2", "3"], 3n],
    [0n, ["1", "3"], 1n],
    [5n, ["4", "5", "6", "8"], 6n],
    [5n, [], 5n],
    [5n, ["7"], 5n],
  ])("from %s over %j the ids are whole through %s", (through, ids, expected) => {
    expect(contiguousThrough(through, ids)).toBe(expected)
  })
})
