import { formatCents } from "../format-cents"

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
