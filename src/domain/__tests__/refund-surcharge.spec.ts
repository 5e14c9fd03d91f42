import { creditCents, debitMethod, refundSurchargeCents, type RefundSurchargeInput } from "../refund-surcharge"

describe("debitMethod", () => {
  it.each<[Array<string | null>, string]>([
    [["requested", "paid", "completed"], "card"],
    [["requested", "paid"], "card"],
    [["requested", "initiated", "completed"], "eft"],
    [["requested", "initiated", "completed", "failed"], "eft"],
    // Out of order and with Jetpay's other spellings: still read.
    [["completed", " PAID ", "requested"], "card"],
    [["requested", "completed"], "unknown"],
    [[null, "requested"], "unknown"],
    [[], "unknown"],
  ])("%p -> %s", (states, method) => {
    expect(debitMethod(states)).toBe(method)
  })
})

describe("refundSurchargeCents", () => {
  const card: RefundSurchargeInput = {
    policy: "on_full_refund",
    paidCents: 9998,
    refundedBeforeCents: 0,
    refundCents: 9998,
    surchargeCents: 350,
    method: "card",
  }
  it.each<[string, Partial<RefundSurchargeInput>, number]>([
    ["a full refund of a card payment returns the fee", {}, 350],
    ["the refund that completes earlier partial refunds returns it", { refundedBeforeCents: 2000, refundCents: 7998 }, 350],
    ["a partial refund returns none", { refundCents: 2000 }, 0],
    ["a partial refund after another returns none", { refundedBeforeCents: 2000, refundCents: 2000 }, 0],
    ["policy never: none", { policy: "never" }, 0],
    ["an EFT payment had no fee", { method: "eft" }, 0],
    ["an unknown method: none (never pay out a fee that may not have been paid)", { method: "unknown" }, 0],
    ["no fee quoted", { surchargeCents: 0 }, 0],
  ])("%s", (_title, change, expected) => {
    expect(refundSurchargeCents({ ...card, ...change })).toBe(expected)
  })
})

describe("creditCents", () => {
  it.each([
    [9998, 350, 10348],
    [2000, 0, 2000],
  ])("%p + %p = %p", (refund, fee, total) => {
    expect(creditCents(refund, fee)).toBe(total)
  })
})
