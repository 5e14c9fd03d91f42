import { contiguousThrough, eventSequence } from "../event-sequence"
import { DEFAULT_TIMINGS } from "../timings"
import { REPLAY_ATTEMPTS, replayDecision, type ReplayInput } from "../replay-decision"

const { gapGraceMs: GAP_GRACE_MS, replayCooldownMs: REPLAY_COOLDOWN_MS } = DEFAULT_TIMINGS

const now = new Date("2026-11-30T12:00:00Z")
const ago = (ms: number) => new Date(now.getTime() - ms)
/** Ids 101 to 104 missing, 105 received long enough ago. */
const gap = { highestReceived: 105n, nextReceived: 105n, gapSince: ago(GAP_GRACE_MS) }
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
    ["a gap older than the grace", { highestReceived: 105n, gapSince: ago(GAP_GRACE_MS) }, { replay: true, from: 101n, reason: "gap", tries: 1 }],
    ["Jetpay counts as sent what never arrived", { lastSentEventId: 130n }, { replay: true, from: 101n, reason: "lost_after_delivery", tries: 1 }],
    ["a failed webhook", { webhookFailed: true }, { replay: true, from: 101n, reason: "webhook_failed", tries: 1 }],
    ["no event yet", { through: null, highestReceived: null, lastSentEventId: 5n }, { replay: false }],
    ["the same replay asked a moment ago", { lastSentEventId: 130n, lastReplay: { from: 101n, at: ago(REPLAY_COOLDOWN_MS - 1) } }, { replay: false }],
    ["the same replay asked long ago", { lastSentEventId: 130n, lastReplay: { from: 101n, at: ago(REPLAY_COOLDOWN_MS) } }, { replay: true, from: 101n, reason: "lost_after_delivery", tries: 2 }],
    ["a gap replayed one time less than the attempts", { ...gap, lastReplay: { from: 101n, at: ago(REPLAY_COOLDOWN_MS), tries: REPLAY_ATTEMPTS - 1 } }, { replay: true, from: 101n, reason: "gap", tries: REPLAY_ATTEMPTS }],
    ["a gap replayed every attempt, the last one's cooldown over: lost for good up to the next id received", { ...gap, lastReplay: { from: 101n, at: ago(REPLAY_COOLDOWN_MS), tries: REPLAY_ATTEMPTS } }, { replay: false, giveUp: { from: 101n, to: 104n, reason: "gap", tries: REPLAY_ATTEMPTS } }],
    ["a gap replayed every attempt, the last one still on its way", { ...gap, lastReplay: { from: 101n, at: ago(REPLAY_COOLDOWN_MS - 1), tries: REPLAY_ATTEMPTS } }, { replay: false }],
    ["sent but never arrived, replayed every attempt: lost for good up to Jetpay's cursor", { lastSentEventId: 130n, lastReplay: { from: 101n, at: ago(REPLAY_COOLDOWN_MS), tries: REPLAY_ATTEMPTS } }, { replay: false, giveUp: { from: 101n, to: 130n, reason: "lost_after_delivery", tries: REPLAY_ATTEMPTS } }],
    ["a failed webhook is repaired however often it was", { webhookFailed: true, lastReplay: { from: 101n, at: ago(REPLAY_COOLDOWN_MS), tries: REPLAY_ATTEMPTS } }, { replay: true, from: 101n, reason: "webhook_failed", tries: REPLAY_ATTEMPTS + 1 }],
    ["replays from an earlier id do not count for a new gap", { ...gap, lastReplay: { from: 90n, at: ago(REPLAY_COOLDOWN_MS), tries: REPLAY_ATTEMPTS } }, { replay: true, from: 101n, reason: "gap", tries: 1 }],
  ] as const)("%s", (_name, over, expected) => {
    expect(replayDecision({ ...base, ...over })).toEqual(expected)
  })

  it("takes the store's gap grace and replay cooldown when they are given", () => {
    const short = { gapGraceMs: 500, replayCooldownMs: 1_000 }
    expect(replayDecision({ ...base, highestReceived: 105n, gapSince: ago(500) }, short)).toEqual({ replay: true, from: 101n, reason: "gap", tries: 1 })
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
