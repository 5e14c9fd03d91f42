import { unrecordedCredits, type SettledCredit } from "../unrecorded-refunds"

const now = new Date("2026-12-01T12:00:00.000Z")
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString()
const GRACE = 60_000

const credit = (jetpay_id: string, amount: number, secondsAgo: number, more: Partial<SettledCredit> = {}): SettledCredit => ({
  jetpay_id,
  payment_id: "pay_1",
  amount,
  refund_outcome: "sent",
  attention_resolved_at: null,
  updated_at: ago(secondsAgo),
  ...more,
})

describe("unrecorded refund credits", () => {
  it.each<[string, SettledCredit[], Record<string, number[]>, number, string[], string | null]>([
    ["no credit", [], {}, GRACE, [], null],
    ["each credit has its Medusa refund", [credit("a", 500, 600), credit("b", 700, 300)], { pay_1: [700, 500] }, GRACE, [], null],
    ["accounted for but within the grace: looked at again when it ends (Medusa may still undo it)", [credit("a", 500, 20)], { pay_1: [500] }, GRACE, [], ago(-40)],
    ["a recorded (confirmed) credit counts like a sent one", [credit("a", 500, 600, { refund_outcome: "recorded" })], { pay_1: [] }, GRACE, ["a"], null],
    ["Medusa deleted its refund after the credit: listed past the grace", [credit("a", 500, 120)], { pay_1: [] }, GRACE, ["a"], null],
    ["still within the grace: not yet, looked at again when it ends", [credit("a", 500, 10)], { pay_1: [] }, GRACE, [], ago(-50)],
    ["two presses, one Medusa refund of the same amount: one listed, the oldest", [credit("a", 500, 200), credit("b", 500, 100)], { pay_1: [500] }, GRACE, ["a"], null],
    ["a refund of another amount hides nothing (a sum would)", [credit("a", 500, 200), credit("b", 300, 100)], { pay_1: [800] }, GRACE, ["a", "b"], null],
    ["a Medusa refund with no credit of its own accounts for none other", [credit("a", 500, 200)], { pay_1: [500, 500] }, GRACE, [], null],
    ["outcomes without a credit surely made are no part of it", [credit("a", 500, 200, { refund_outcome: "unknown" }), credit("b", 500, 200, { refund_outcome: "not_sent" }), credit("c", 500, 200, { refund_outcome: "pending" }), credit("d", 500, 200, { refund_outcome: "confirmed_sent" })], {}, GRACE, [], null],
    ["dismissed by a person: left out", [credit("a", 500, 200, { attention_resolved_at: ago(10) })], {}, GRACE, [], null],
    ["a credit of no Medusa payment (refunded from Needs attention): left out", [credit("a", 500, 200, { payment_id: null })], {}, GRACE, [], null],
    ["per payment: another payment's refund accounts for none of these", [credit("a", 500, 200), credit("b", 500, 200, { payment_id: "pay_2" })], { pay_2: [500, 500] }, GRACE, ["a"], null],
    ["before a new refund (no grace): a credit sent a moment ago without its refund is unrecorded", [credit("a", 500, 0)], { pay_1: [] }, 0, ["a"], null],
  ])("%s", (_name, credits, refunds, graceMs, unrecorded, recheckAt) => {
    const result = unrecordedCredits(credits, (paymentId) => refunds[paymentId] ?? [], now, graceMs)
    expect(result.unrecorded.map((item) => item.jetpay_id)).toEqual(unrecorded)
    expect(result.recheckAt?.toISOString() ?? null).toBe(recheckAt)
  })
})
