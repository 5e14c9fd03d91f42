import { isJetpayProviderEntry } from "../provider-entry"

describe("isJetpayProviderEntry", () => {
  it.each([
    ["medusa-payment-jetpay/providers/jetpay", true],
    ["medusa-payment-jetpay/providers/jetpay/index.js", true],
    ["/srv/store/node_modules/medusa-payment-jetpay/.medusa/server/src/providers/jetpay", true],
    ["/work/plugin/src/providers/jetpay", true],
    ["C:\\store\\src\\providers\\jetpay", true],
    ["@medusajs/medusa/payment-stripe", false],
    ["medusa-payment-jetpay", false],
    ["./src/providers/jetpay-legacy", false],
    ["my-providers/jetpayments", false],
  ])("%s: %p", (resolve, expected) => {
    expect(isJetpayProviderEntry({ resolve })).toBe(expected)
  })

  it("is false without a string resolve", () => {
    expect(isJetpayProviderEntry({})).toBe(false)
    expect(isJetpayProviderEntry({ resolve: { path: "providers/jetpay" } })).toBe(false)
  })
})
