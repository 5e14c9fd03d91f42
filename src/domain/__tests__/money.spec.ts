import { BigNumber } from "@medusajs/framework/utils"
import { debitAmountFor, fromJetpayAmount, leftToRefund, toJetpayAmount, formatCents } from "../money"

describe("toJetpayAmount", () => {
  it.each([
    [100, "cad", 10000],
    [99.98, "cad", 9998],
    ["0.1", "cad", 10],
    [0.1 + 0.2, "cad", 30], // float noise never leaks into cents
    ["19.995", "cad", 2000], // tax arithmetic leftovers round half up
    ["19.994", "cad", 1999],
    [new BigNumber("1234.56"), "CAD", 123456],
    [{ value: "12.3" }, "usd", 1230],
    [500, "jpy", 500], // a zero-decimal currency
  ])("%p %s -> %p", (amount, currency, cents) => {
    expect(toJetpayAmount(amount as never, currency)).toBe(cents)
  })
})

describe("fromJetpayAmount", () => {
  it.each([
    [10000, "cad", 100],
    [9998, "cad", 99.98],
    [1, "cad", 0.01],
  ])("%p %s -> %p", (cents, currency, amount) => {
    expect(fromJetpayAmount(cents, currency).numeric).toBe(amount)
  })
})

describe("debitAmountFor", () => {
  it("accepts the account's currency in any case", () => {
    expect(debitAmountFor(12.5, "CAD", "cad")).toBe(1250)
  })
  it.each([
    // A USD cart is never charged the same number of CAD cents.
    [10, "usd", "cad", /cannot take payments in USD.*account is in CAD/],
    [0, "cad", "cad", /positive amount/],
    [-5, "cad", "cad", /positive amount/],
    ["0.004", "cad", "cad", /positive amount/],
  ])("refuses %p %s before calling Jetpay", (amount, currency, account, message) => {
    expect(() => debitAmountFor(amount as never, currency, account)).toThrow(message)
  })
})

describe("formatCents", () => {
  it.each([
    [9998, "cad", "$99.98"],
    [350, "CAD", "$3.50"],
    [0, "cad", "$0.00"],
    [1000, "usd", "US$10.00"],
    [1000, "jpy", "JP¥1,000"],
  ])("%i %s -> %s", (cents, currency, text) => {
    expect(formatCents(cents, currency)).toBe(text)
  })
})

describe("leftToRefund: what a payment holds and has not refunded", () => {
  it.each<[string, { amount: number; refunds?: Array<{ amount: number }> | null }, number]>([
    ["no refund", { amount: 99.98 }, 99.98],
    ["a part refunded", { amount: 99.98, refunds: [{ amount: 10 }, { amount: 0.98 }] }, 89],
    ["all refunded", { amount: 99.98, refunds: [{ amount: 99.98 }] }, 0],
    ["no refunds list", { amount: 12.5, refunds: null }, 12.5],
  ])("%s", (_name, payment, left) => {
    expect(leftToRefund(payment).numeric).toBe(left)
  })
})
