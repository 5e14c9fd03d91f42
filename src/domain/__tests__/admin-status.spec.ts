import { orderPaymentStatus, transactionStatus } from "../admin-status"

describe("Jetpay states as the merchant reads them", () => {
  it.each([
    // kind, state, reversed, code, label
    ["debit", "requested", false, "waiting", "Waiting for the shopper"],
    ["debit", "initiated", false, "awaiting_settlement", "Awaiting settlement"],
    ["debit", "paid", false, "authorized", "Authorized"],
    ["debit", "completed", false, "settled", "Settled"],
    ["debit", "failed", false, "failed", "Failed"],
    ["debit", "failed", true, "reversed", "Reversed"],
    ["debit", "cancelled", false, "cancelled", "Cancelled"],
    ["debit", "canceled", false, "cancelled", "Cancelled"],
    ["debit", "on_hold", false, "unknown", "Unknown (on_hold)"],
    ["credit", "requested", false, "awaiting_payee", "Waiting for the payee's bank details"],
    ["credit", "processing", false, "paying_out", "Paying out"],
    ["credit", "completed", false, "paid_out", "Paid out"],
    ["credit", "failed", false, "failed", "Failed"],
    ["credit", "cancelled", false, "cancelled", "Cancelled"],
  ])("%s %s (reversed: %s) -> %s", (kind, state, reversed, code, label) => {
    expect(transactionStatus({ kind, state, reversed_at: reversed ? new Date() : null })).toEqual({ code, label })
  })

  const debit = { kind: "debit", state: "completed", amount: 10000, reversed_at: null }
  const credit = (amount: number, state = "requested") => ({ kind: "credit", state, amount })

  it.each([
    ["no refund", debit, [], "settled"],
    ["a partial refund", debit, [credit(2000)], "partially_refunded"],
    ["refunds adding up to the amount", debit, [credit(4000), credit(6000, "completed")], "refunded"],
    ["only failed or cancelled credits", debit, [credit(10000, "failed"), credit(500, "cancelled")], "settled"],
    ["a reversal, even with refunds", { ...debit, state: "failed", reversed_at: new Date() }, [credit(2000)], "reversed"],
    ["a debit the payer signed (EFT)", { ...debit, state: "initiated" }, [], "awaiting_settlement"],
    ["a card payment", { ...debit, state: "paid" }, [], "authorized"],
  ])("an order with %s reads %s", (_what, main, credits, code) => {
    expect(orderPaymentStatus(main, credits).code).toBe(code)
  })

  it("a refund Jetpay refused reads not sent, and refunds nothing", () => {
    const refused = { kind: "credit", state: "requested", amount: 10000, refund_outcome: "not_sent" }
    expect(transactionStatus(refused)).toEqual({ code: "not_sent", label: "Not sent" })
    expect(orderPaymentStatus(debit, [refused]).code).toBe("settled")
    expect(orderPaymentStatus(debit, [refused, credit(2000)]).code).toBe("partially_refunded")
  })

  it.each([
    ["an EFT still being pulled", { ...debit, state: "initiated" }, [], "refund_on_settlement"],
    ["a card payment not settled yet", { ...debit, state: "paid" }, [], "refund_on_settlement"],
    ["its money settled, no refund yet (or the refund failed)", debit, [], "refund_due"],
    ["its money settled, a refund that failed at Jetpay", debit, [credit(10000, "failed")], "refund_due"],
    ["its money settled, a refund Jetpay refused", debit, [{ ...credit(10000), refund_outcome: "not_sent" }], "refund_due"],
    ["its money settled, part refunded", debit, [credit(4000)], "refund_due"],
    ["its money settled and refunded", debit, [credit(10000)], "refunded"],
    ["a payment that failed", { ...debit, state: "failed" }, [], "failed"],
    ["a payment that came back", { ...debit, state: "failed", reversed_at: new Date() }, [], "reversed"],
  ])("a canceled order with %s reads %s", (_what, main, credits, code) => {
    expect(orderPaymentStatus(main, credits, true).code).toBe(code)
  })
})
