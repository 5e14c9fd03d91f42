import { confirmedIntentToRecord, refundCreditNote } from "../refund-reference"

const credit = (jetpay_id: string, refund_outcome: string | null, amount = 1000) => ({ jetpay_id, refund_outcome, amount })

describe("confirmedIntentToRecord: a confirmed refund is matched by its intent, never by its amount", () => {
  const lost = credit("intent:a", "unknown")
  const sent = credit("3f2c-credit-b", "sent")
  const confirmed = credit("intent:c", "confirmed_sent")
  const stale = credit("intent:d", "pending")
  const notSent = credit("intent:e", "not_sent")
  const recorded = credit("intent:f", "recorded")
  const credits = [sent, lost, confirmed, stale, notSent, recorded]

  it.each([
    ["an ordinary refund (no confirmed intent named)", null, null],
    ["the lost one, named", "intent:a", lost],
    ["one confirmed before", "intent:c", confirmed],
    ["a stale intent whose process died", "intent:d", stale],
    ["a credit Jetpay made whose Medusa refund was undone (refund_unrecorded), named", "3f2c-credit-b", sent],
    ["one a person said was not sent", "intent:e", null],
    ["a recorded one whose Medusa refund was undone, named", "intent:f", recorded],
    ["another debit's intent", "intent:z", null],
  ] as const)("%s", (_, reference, expected) => {
    expect(confirmedIntentToRecord(credits, reference)).toBe(expected)
  })

  it("two refunds of the same amount, one lost: an ordinary refund does not take the lost one's place", () => {
    const equal = [credit("intent:a", "confirmed_sent", 1000), credit("b", "sent", 1000)]
    expect(confirmedIntentToRecord(equal, null)).toBeNull()
    expect(confirmedIntentToRecord(equal, "intent:a")).toBe(equal[0])
  })
})

describe("refundCreditNote", () => {
  it("names the debit and the refund's own intent", () => {
    expect(refundCreditNote("debit-1", "intent:a")).toBe("Refund of Jetpay debit debit-1 (intent:a)")
    expect(refundCreditNote("debit-1", "intent:a")).not.toBe(refundCreditNote("debit-1", "intent:b"))
  })
})
