import { asAmountMismatch, allowsOrder, classifyDebit, needsOrder } from "../outcomes"
import { scenarioDifferences } from "../scenarios"

describe("what Medusa must show for a debit, by Jetpay's truth", () => {
  it.each([
    ["requested", ["requested"], "never-paid", "no-order"],
    ["cancelled", ["requested", "cancelled"], "cancelled", "no-order"],
    ["canceled", ["requested", "canceled"], "cancelled", "no-order"],
    ["initiated", ["requested", "initiated"], "authorized", "awaiting"],
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

  it("an EFT the payer signed is authorized under eftAuthorizedOn \"initiated\"", () => {
    expect(classifyDebit({ state: "initiated", history: ["requested", "initiated"] }, { eftAuthorizedOn: "initiated" })).toEqual({
      truthClass: "authorized",
      expectation: "authorized",
    })
  })

  it.each([
    ["no-order", false],
    ["unknown", false],
    ["authorized", true],
    ["awaiting", true],
    ["captured", true],
    ["canceled", false],
    ["reversed", false],
  ] as const)("%s needs an order: %s", (expectation, wanted) => {
    expect(needsOrder(expectation)).toBe(wanted)
  })

  it.each([
    ["no-order", false],
    ["unknown", false],
    ["authorized", true],
    ["captured", true],
    ["canceled", true],
    ["reversed", true],
  ] as const)("%s allows an order: %s", (expectation, allowed) => {
    expect(allowsOrder(expectation)).toBe(allowed)
  })
})

describe("Jetpay's truth once a scenario was driven", () => {
  it.each([
    ["eft-settled", ["completed"], []],
    ["never-paid", ["requested"], []],
    ["cart-changed", ["cancelled", "paid"], []],
    ["cart-changed", ["canceled", "paid"], []],
    ["cart-changed", ["requested", "paid"], [/old debit is requested at Jetpay, the scenario leaves it cancelled/]],
    ["cart-changed", ["paid"], [/saw 1 debit\(s\), the scenario makes 2/]],
    ["settled-returned", ["completed"], [/debit is completed at Jetpay, the scenario leaves it failed/]],
    ["complete-race", [undefined], [/debit is unknown at Jetpay/]],
  ] as const)("%s with %j", (scenario, states, expected) => {
    const differences = scenarioDifferences(scenario, states)
    expect(differences).toHaveLength(expected.length)
    expected.forEach((pattern, index) => expect(differences[index]).toMatch(pattern))
  })

  it("a never-paid debit ends cancelled when the store canceled the unpaid order a dead cart completion left", () => {
    expect(scenarioDifferences("never-paid", ["cancelled"], { canceledUnpaidOrder: true })).toEqual([])
    expect(scenarioDifferences("never-paid", ["canceled"], { canceledUnpaidOrder: true })).toEqual([])
    expect(scenarioDifferences("never-paid", ["requested"], { canceledUnpaidOrder: true })[0]).toMatch(/requested at Jetpay, the scenario leaves it cancelled/)
    expect(scenarioDifferences("never-paid", ["cancelled"])[0]).toMatch(/cancelled at Jetpay, the scenario leaves it requested/)
  })
})

describe("a debit paid for another amount than its cart's (asAmountMismatch)", () => {
  const paid = { id: "d", amount: 2499, truthClass: "authorized" as const, expectation: "authorized" as const }
  it.each([
    ["listed, the cart's total differs: no order", paid, 4998, true, "no-order"],
    ["listed, the same total: an order as Jetpay says", paid, 2499, true, "authorized"],
    ["not listed: an order as Jetpay says", paid, 4998, false, "authorized"],
    ["listed, the total unread: an order as Jetpay says", paid, undefined, true, "authorized"],
    ["listed but never paid: no order anyway", { ...paid, truthClass: "never-paid" as const, expectation: "no-order" as const }, 4998, true, "no-order"],
  ] as const)("%s", (_name, debit, total, listed, expectation) => {
    expect(asAmountMismatch(debit, total, listed).expectation).toBe(expectation)
  })
})
