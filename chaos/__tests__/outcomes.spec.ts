import { classifyDebit, needsOrder } from "../outcomes"

describe("what Medusa must show for a debit, by Jetpay's truth", () => {
  it.each([
    ["requested", ["requested"], "never-paid", "no-order"],
    ["cancelled", ["requested", "cancelled"], "cancelled", "no-order"],
    ["canceled", ["requested", "canceled"], "cancelled", "no-order"],
    ["initiated", ["requested", "initiated"], "authorized", "authorized"],
    ["paid", ["requested", "paid"], "authorized", "authorized"],
    ["completed", ["requested", "initiated", "completed"], "settled", "captured"],
    ["completed", ["requested", "paid", "completed"], "settled", "captured"],
    ["failed", ["requested", "initiated", "failed"], "failed-after-authorization", "canceled"],
    ["failed", ["requested", "paid", "failed"], "failed-after-authorization", "canceled"],
    ["failed", ["requested", "failed"], "failed-unpaid", "no-order"],
    ["failed", ["requested", "initiated", "completed", "failed"], "returned", "reversed"],
    ["processing", ["requested", "processing"], "unknown-state", "unknown"],
  ] as const)("%s after %j: %s, %s", (state, history, truthClass, expectation) => {
    expect(classifyDebit({ state, history })).toEqual({ truthClass, expectation })
  })

  it.each([
    ["no-order", false],
    ["unknown", false],
    ["authorized", true],
    ["captured", true],
    ["canceled", true],
    ["reversed", true],
  ] as const)("%s needs an order: %s", (expectation, wanted) => {
    expect(needsOrder(expectation)).toBe(wanted)
  })
})
