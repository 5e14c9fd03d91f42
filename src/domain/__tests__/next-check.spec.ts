import { attentionItem, attentionKindOf, type AttentionRecord } from "../attention-items"
import { SETTLED_DEBIT_WATCH_MS, attentionRecheckAt, isEftBeingPulled, nextCheckAt, recheckIntervalMs, runWork, type RunLook, type RunWork } from "../next-check"

const now = new Date("2026-11-30T12:00:00Z")
const created = (ageMs: number) => new Date(now.getTime() - ageMs)
const MIN = 60_000

describe("nextCheckAt: open transactions are re-read, more often when young", () => {
  it("thins out with age", () => {
    const ages = [0, 5 * MIN, 30 * MIN, 5 * 60 * MIN, 3 * 24 * 60 * MIN, 30 * 24 * 60 * MIN]
    const intervals = ages.map(recheckIntervalMs)
    expect([...intervals].sort((a, b) => a - b)).toEqual(intervals)
    expect(intervals[0]).toBeLessThanOrEqual(2 * MIN)
  })

  it.each([
    ["debit", "pending", 0, true],
    ["debit", "authorized", 0, true],
    ["credit", "authorized", 0, true],
    ["debit", "settled", 0, true],
    ["debit", "settled", SETTLED_DEBIT_WATCH_MS, false],
    ["credit", "settled", 0, false],
    ["debit", "failed", 0, false],
    ["debit", "cancelled", 0, false],
    ["debit", "reversed", 0, false],
  ] as const)("%s %s (age %s ms): re-read again %s", (kind, outcome, age, again) => {
    const next = nextCheckAt(kind, outcome, created(age), now)
    expect(next !== null).toBe(again)
    if (next) expect(next.getTime()).toBeGreaterThan(now.getTime())
  })

  it.each([
    ["abandoned sooner than the next read: read when it is abandoned", 30_000, 30_000],
    ["abandoned later than the next read: the usual read", 10 * MIN, 2 * MIN],
    ["abandoned already: the usual read", -1, 2 * MIN],
  ])("an unused checkout debit %s", (_name, abandonInMs, readInMs) => {
    const next = nextCheckAt("debit", "pending", created(0), now, new Date(now.getTime() + abandonInMs))
    expect(next!.getTime() - now.getTime()).toBe(readInMs)
  })

  it.each<[string, "debit" | "credit", "pending" | "authorized", number, boolean, number]>([
    ["an EFT being pulled, just signed: the last net, every 30 min", "debit", "authorized", 0, true, 30 * MIN],
    ["an EFT being pulled for two days: the usual, sparser read", "debit", "authorized", 2 * 24 * 60 * MIN, true, 2 * 60 * MIN],
    ["a card payment not settled yet: within minutes", "debit", "authorized", 0, false, 2 * MIN],
    ["a debit waiting for the payer: within minutes", "debit", "pending", 0, true, 2 * MIN],
    ["a refund credit on its way: within minutes", "credit", "authorized", 0, true, 2 * MIN],
  ])("%s", (_name, kind, outcome, age, eftBeingPulled, inMs) => {
    const next = nextCheckAt(kind, outcome, created(age), now, null, { eftBeingPulled })
    expect(next!.getTime() - now.getTime()).toBe(inMs)
  })

  it.each([
    ["initiated", true],
    ["INITIATED", true],
    ["paid", false],
    ["requested", false],
    ["completed", false],
    ["on_hold", false],
  ])("a debit Jetpay reads %s is an EFT being pulled: %s", (state, pulled) => {
    expect(isEftBeingPulled(state)).toBe(pulled)
  })
})

describe("runWork: a run does only what is due, and nothing on an idle store", () => {
  const idle: RunLook = {
    eventsDue: false,
    recheckDue: false,
    completionsDue: false,
    newEvents: false,
    registered: true,
    lastWebhookCheckAt: new Date(now.getTime() - 1_000),
    attentionFingerprint: "3:42/0:0",
    attentionSeen: { fingerprint: "3:42/0:0", recheckAt: null },
  }
  const timings = { webhookCheckIntervalMs: 20_000, idleWebhookCheckIntervalMs: 600_000 }
  /** Nothing open and no event since the webhook was last read. */
  const idleStore = { openTransactions: false, lastEventAt: new Date(now.getTime() - 60_000) }
  const none = { events: false, completions: false, recheck: false, cursor: false, webhookCheck: false, attention: false }

  it.each<[string, Partial<RunLook>, Partial<RunWork>]>([
    ["nothing due", {}, {}],
    ["events due", { eventsDue: true }, { events: true }],
    ["a re-read due", { recheckDue: true }, { recheck: true }],
    ["a cart completion to check", { completionsDue: true }, { completions: true }],
    ["events recorded past the cursor", { newEvents: true }, { cursor: true }],
    ["the webhook read 20 s ago", { lastWebhookCheckAt: new Date(now.getTime() - 20_000) }, { webhookCheck: true, cursor: true }],
    ["the webhook never read", { lastWebhookCheckAt: null }, { webhookCheck: true, cursor: true }],
    ["no webhook registered, never read", { registered: false, lastWebhookCheckAt: null }, {}],
    ["needs attention changed", { attentionFingerprint: "4:17/0:0" }, { attention: true }],
    ["needs attention never looked at", { attentionSeen: null }, { attention: true }],
    ["a payment without an order reaches its grace", { attentionSeen: { fingerprint: "3:42/0:0", recheckAt: now } }, { attention: true }],
    ["a payment without an order before its grace", { attentionSeen: { fingerprint: "3:42/0:0", recheckAt: new Date(now.getTime() + 1) } }, {}],
    ["idle, the webhook read 20 s ago", { ...idleStore, lastWebhookCheckAt: new Date(now.getTime() - 20_000) }, {}],
    ["idle, the webhook read 10 min ago", { ...idleStore, lastWebhookCheckAt: new Date(now.getTime() - 600_000), lastEventAt: null }, { webhookCheck: true, cursor: true }],
    ["idle, never any event, read 20 s ago", { ...idleStore, lastEventAt: null, lastWebhookCheckAt: new Date(now.getTime() - 20_000) }, {}],
    ["a transaction open, read 20 s ago", { ...idleStore, openTransactions: true, lastWebhookCheckAt: new Date(now.getTime() - 20_000) }, { webhookCheck: true, cursor: true }],
    ["an event received since the last read, read 20 s ago", { ...idleStore, lastEventAt: new Date(now.getTime() - 5_000), lastWebhookCheckAt: new Date(now.getTime() - 20_000) }, { webhookCheck: true, cursor: true }],
    ["nothing open, the webhook never read", { ...idleStore, lastWebhookCheckAt: null }, { webhookCheck: true, cursor: true }],
  ])("%s", (_name, change, expected) => {
    const work = runWork({ ...idle, ...change }, now, timings)
    const want = { ...none, ...expected }
    expect(work).toEqual({ ...want, any: Object.values(want).some(Boolean) })
  })
})

describe("attentionRecheckAt: when time alone changes the needs-attention list", () => {
  const grace = { paidWithoutOrderGraceMs: 60_000, refundIntentStaleMs: 300_000 }
  const debit = (authorizedAgoMs: number | null, change: Partial<AttentionRecord> = {}): AttentionRecord => ({
    jetpay_id: "jp-1",
    kind: "debit",
    order_id: null,
    cart_id: "cart_1",
    amount: 1000,
    fail_reason: null,
    last_error: null,
    amount_mismatch: null,
    refund_outcome: null,
    failed_at: null,
    reversed_at: null,
    authorized_at: authorizedAgoMs === null ? null : new Date(now.getTime() - authorizedAgoMs),
    authorized_event_at: null,
    created_at: new Date(now.getTime() - 3_600_000),
    updated_at: now,
    ...change,
  })

  it.each<[string, AttentionRecord[], number | null]>([
    ["no records", [], null],
    ["a debit authorized 10 s ago, no order: at its grace", [debit(10_000)], 50_000],
    ["the soonest of two", [debit(10_000), debit(30_000)], 30_000],
    ["past its grace already (listed now)", [debit(60_000)], null],
    ["with an order", [debit(10_000, { order_id: "order_1" })], null],
    ["not authorized", [debit(null)], null],
    ["a credit", [debit(10_000, { kind: "credit" })], null],
    ["authorized by an event first: the event's time counts", [debit(5_000, { authorized_event_at: new Date(now.getTime() - 40_000) })], 20_000],
    ["a refund on its way for 100 s: when it turns stale", [debit(null, { kind: "credit", refund_outcome: "pending", created_at: new Date(now.getTime() - 100_000) })], 200_000],
    ["a stale refund intent (listed now)", [debit(null, { kind: "credit", refund_outcome: "pending", created_at: new Date(now.getTime() - 300_000) })], null],
    ["a refund whose outcome is known", [debit(null, { kind: "credit", refund_outcome: "sent", created_at: new Date(now.getTime() - 100_000) })], null],
  ])("%s", (_name, records, inMs) => {
    const at = attentionRecheckAt(records, now, grace)
    expect(at && at.getTime() - now.getTime()).toBe(inMs)
  })

  it("is the moment attentionKindOf lists the payment, not a moment sooner", () => {
    const record = debit(10_000)
    const at = attentionRecheckAt([record], now, grace)!
    expect(attentionKindOf(record, new Date(at.getTime() - 1), false, grace)).toBeNull()
    expect(attentionKindOf(record, at, false, grace)).toBe("paid_without_order")
    const intent = debit(null, { kind: "credit", refund_outcome: "pending", created_at: new Date(now.getTime() - 100_000) })
    const stale = attentionRecheckAt([intent], now, grace)!
    expect(attentionKindOf(intent, new Date(stale.getTime() - 1), false, grace)).toBeNull()
    expect(attentionKindOf(intent, stale, false, grace)).toBe("refund_unknown")
    expect(attentionItem(intent, "refund_unknown").reason).toMatch(/process stopped, before Jetpay answered/)
  })
})
