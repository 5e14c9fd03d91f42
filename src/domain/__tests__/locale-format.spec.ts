import { BigNumber } from "@medusajs/framework/utils"
import { formatDate, formatMoney } from "../locale-format"

const nbsp = (text: string) => text.replace(/ /g, "\u00a0")

describe("formatMoney", () => {
  it.each<[unknown, string, "en" | "fr", string]>([
    [1234.56, "cad", "en", "$1,234.56"],
    [1234.56, "cad", "fr", nbsp("1 234,56 $")],
    ["49.99", "cad", "fr", nbsp("49,99 $")],
    [new BigNumber("0.1").valueOf() as unknown, "cad", "en", "$0.10"],
    [49.995, "cad", "en", "$50.00"],
    [10, "usd", "en", "US$10.00"],
    [10, "usd", "fr", nbsp("10,00 $ US")],
  ])("%s %s %s -> %s", (amount, currency, language, text) => {
    expect(formatMoney(amount as number, currency, language)).toBe(text)
  })

  it("takes a Medusa BigNumber", () => {
    expect(formatMoney(new BigNumber("1234.5"), "cad", "fr")).toBe(nbsp("1 234,50 $"))
  })
})

describe("formatDate", () => {
  it.each<[string, "en" | "fr", string]>([
    ["2026-11-30T12:00:00Z", "en", "November 30, 2026"],
    ["2026-11-30T12:00:00Z", "fr", "30 novembre 2026"],
    ["2026-01-01T00:30:00Z", "fr", "1 janvier 2026"],
  ])("%s %s -> %s", (date, language, text) => {
    expect(formatDate(date, language)).toBe(text)
  })
})
