import { paymentFacts, furthestState } from "../payment-facts"

// Each row is one payment's verified history (in any order of arrival) and Jetpay's live
// status when the plugin looks. The same facts must give the same outcome, early or late.
describe("paymentFacts: the outcome depends on what happened, not on when the plugin looked", () => {
  it.each([
    // seen, live, outcome, authorized, settled
    [[], "requested", "pending", false, false],
    [["requested"], "initiated", "authorized", true, false],
    [["requested"], "paid", "authorized", true, false],
    [["requested", "initiated"], "completed", "settled", true, true],
    // Settled then returned: seen step by step, or only at the end with the history.
    [["requested", "initiated", "completed"], "failed", "reversed", true, true],
    [["completed", "requested", "initiated"], "failed", "reversed", true, true],
    [["requested", "failed", "completed", "initiated"], "failed", "reversed", true, true],
    // Authorized then failed before settling: an order is owed (authorized), the payment failed.
    [["requested", "initiated"], "failed", "failed", true, false],
    [["failed", "initiated"], "failed", "failed", true, false],
    [["requested"], "failed", "failed", false, false],
    // Cancelled (cart changed), in each wording a status read may use.
    [["requested"], "cancelled", "cancelled", false, false],
    [["requested"], "canceled", "cancelled", false, false],
    [["requested"], "deleted", "cancelled", false, false],
    [["requested"], "not_found", "cancelled", false, false],
    // A live read that lags the verified history (a replica behind) does not undo it.
    [["requested", "initiated", "completed"], "paid", "settled", true, true],
    [["requested", "paid", "failed"], "paid", "failed", true, false],
    // An unknown live state: the history decides, never "paid".
    [["requested"], "on_hold", "pending", false, false],
    [["requested", "initiated"], "on_hold", "authorized", true, false],
    // Credits: processing and initiated are on the way; settled then failed is a reversal too.
    [["requested"], "processing", "pending", false, false],
    [["requested", "processing", "initiated", "completed"], "failed", "reversed", true, true],
  ] as const)("seen %j, live %s -> %s", (seen, live, outcome, authorized, settled) => {
    const facts = paymentFacts(seen, live)
    expect(facts.outcome).toBe(outcome)
    expect(facts.authorized).toBe(authorized)
    expect(facts.settled).toBe(settled)
  })

  it("gives the same outcome for every order of arrival of the same history", () => {
    const history = ["requested", "initiated", "completed", "failed"]
    const orders = [history, [...history].reverse(), ["failed", "requested", "completed", "initiated"]]
    for (const seen of orders) {
      for (const live of ["failed", "completed", "initiated"]) {
        expect(paymentFacts(seen, live).outcome).toBe("reversed")
      }
    }
  })

  it("records the furthest state and names an unknown live state", () => {
    expect(paymentFacts(["requested", "completed"], "failed").state).toBe("failed")
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
