import { paymentFacts, furthestState } from "../payment-facts"

// Each row is one payment's verified history (in any order of arrival), Jetpay's live status when
// the plugin looks, and whether a status read confirmed its settlement before (the record's
// settled_at). The same facts must give the same outcome, early or late.
describe("paymentFacts: the outcome depends on what happened, not on when the plugin looked", () => {
  it.each([
    // seen, live, settlement confirmed before, outcome, authorized, settled
    [[], "requested", false, "pending", false, false],
    [["requested"], "initiated", false, "authorized", true, false],
    [["requested"], "paid", false, "authorized", true, false],
    [["requested", "initiated"], "completed", false, "settled", true, true],
    // Settled (a status read said so) then returned: seen step by step, or the history in any order.
    [["requested", "initiated", "completed"], "failed", true, "reversed", true, true],
    [["completed", "requested", "initiated"], "failed", true, "reversed", true, true],
    [["requested", "failed", "completed", "initiated"], "failed", true, "reversed", true, true],
    // Authorized then failed before settling: an order is owed (authorized), the payment failed.
    [["requested", "initiated"], "failed", false, "failed", true, false],
    [["failed", "initiated"], "failed", false, "failed", true, false],
    [["requested"], "failed", false, "failed", false, false],
    // Cancelled (cart changed), in each wording a status read may use.
    [["requested"], "cancelled", false, "cancelled", false, false],
    [["requested"], "canceled", false, "cancelled", false, false],
    [["requested"], "deleted", false, "cancelled", false, false],
    [["requested"], "not_found", false, "cancelled", false, false],
    // A live read that lags the verified history (a replica behind) does not undo it.
    [["requested", "initiated", "completed"], "paid", true, "settled", true, true],
    [["requested", "paid", "failed"], "paid", false, "failed", true, false],
    // A `completed` known only from events, never from a status read: authorized, never settled.
    // A failed read after it is a failure, not a return: nothing is captured for it.
    [["requested", "initiated", "completed"], "failed", false, "failed", true, false],
    [["completed", "requested", "initiated"], "failed", false, "failed", true, false],
    [["requested", "failed", "completed", "initiated"], "failed", false, "failed", true, false],
    [["requested", "initiated", "completed"], "paid", false, "authorized", true, false],
    [["completed"], "requested", false, "authorized", true, false],
    // An unknown live state: the history decides, never "paid".
    [["requested"], "on_hold", false, "pending", false, false],
    [["requested", "initiated"], "on_hold", false, "authorized", true, false],
    // Credits: processing and initiated are on the way; settled then failed is a reversal too.
    [["requested"], "processing", false, "pending", false, false],
    [["requested", "processing", "initiated", "completed"], "failed", true, "reversed", true, true],
    [["requested", "processing", "initiated", "completed"], "failed", false, "failed", true, false],
  ] as const)("seen %j, live %s, settlement confirmed %s -> %s", (seen, live, settlementConfirmed, outcome, authorized, settled) => {
    const facts = paymentFacts(seen, live, { settlementConfirmed })
    expect(facts.outcome).toBe(outcome)
    expect(facts.authorized).toBe(authorized)
    expect(facts.settled).toBe(settled)
    expect(facts.unconfirmedSettlement).toBe(!settled && seen.includes("completed"))
  })

  it("gives the same outcome for every order of arrival of the same history", () => {
    const history = ["requested", "initiated", "completed", "failed"]
    const orders = [history, [...history].reverse(), ["failed", "requested", "completed", "initiated"]]
    for (const seen of orders) {
      for (const live of ["failed", "completed", "initiated"]) {
        expect(paymentFacts(seen, live, { settlementConfirmed: true }).outcome).toBe("reversed")
      }
      expect(paymentFacts(seen, "failed").outcome).toBe("failed")
    }
  })

  it("records the furthest state and names an unknown live state; an unconfirmed completed is recorded as paid", () => {
    expect(paymentFacts(["requested", "completed"], "failed").state).toBe("failed")
    expect(paymentFacts(["requested", "completed"], "initiated").state).toBe("paid")
    expect(paymentFacts(["requested", "completed"], "initiated", { settlementConfirmed: true }).state).toBe("completed")
    expect(paymentFacts(["requested"], "on_hold")).toMatchObject({ state: "requested", unknownLiveState: "on_hold" })
    expect(paymentFacts(["requested"], "paid").unknownLiveState).toBeNull()
  })
})

describe("furthestState", () => {
  it.each([
    ["requested", "initiated", "initiated"],
    ["completed", "paid", "completed"],
    ["requested", "requested", "requested"],
    ["mystery", "paid", "paid"],
    ["paid", "mystery", "paid"],
  ])("%s vs %s -> %s", (a, b, expected) => {
    expect(furthestState(a, b)).toBe(expected)
  })
})

describe("paymentFacts.paid: the money is there for a Medusa payment", () => {
  it.each([
    [["requested"], "initiated", false, false],
    [["requested", "initiated"], "initiated", false, false],
    [["requested"], "paid", false, true],
    [["requested", "initiated"], "completed", false, true],
    // Signed events say it completed while the status read lags: it waits for a read that says so.
    [["requested", "initiated", "completed"], "initiated", false, false],
    [["requested", "paid", "completed"], "paid", false, true],
    [["requested", "initiated"], "initiated", true, true],
    [["requested", "initiated"], "failed", false, false],
  ] as const)("seen %j, live %s, settlement confirmed %s -> paid %s", (seen, live, settlementConfirmed, paid) => {
    expect(paymentFacts(seen, live, { settlementConfirmed }).paid).toBe(paid)
  })
})
