import { configuredJetpay, isJetpayProviderEntry, isJetpayProviderId, jetpayProviderId, missingPaymentDependency } from "../provider-config"


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

const payment = (over: Record<string, unknown>) => ({
  resolve: "@medusajs/medusa/payment",
  options: { providers: [{ resolve: "medusa-payment-jetpay/providers/jetpay", id: "jetpay" }] },
  ...over,
})

describe("missingPaymentDependency: a store that would fail its first Jetpay checkout stops at startup", () => {
  it.each([
    ["the README's config", { payment: payment({ dependencies: ["jetpay"] }) }, null],
    ["a local path to the provider", { payment: payment({ dependencies: ["jetpay"], options: { providers: [{ resolve: "/app/node_modules/medusa-payment-jetpay/.medusa/server/src/providers/jetpay" }] } }) }, null],
    ["no Jetpay provider at all", { payment: payment({ options: { providers: [{ resolve: "@medusajs/medusa/payment-stripe" }] } }) }, null],
    ["no payment module configured", { cart: { resolve: "@medusajs/medusa/cart" } }, null],
    ["nothing", undefined, null],
    ["the dependency missing", { payment: payment({}) }, /dependencies: \["jetpay"\]/],
    ["another dependency only", { payment: payment({ dependencies: ["other"] }) }, /dependencies: \["jetpay"\]/],
    ["an array of modules", [payment({})], /README/],
  ])("%s", (_name, modules, expected) => {
    const problem = missingPaymentDependency(modules)
    if (expected === null) expect(problem).toBeNull()
    else expect(problem).toMatch(expected)
  })
})

describe("isJetpayProviderId: Jetpay's sessions under any configured id", () => {
  it.each([
    ["pp_jetpay_jetpay", true],
    ["pp_jetpay_bank", true],
    [jetpayProviderId("eft-and-card"), true],
    ["pp_jetpay_", false],
    ["pp_stripe_stripe", false],
    ["pp_system_default", false],
    ["jetpay", false],
    [undefined, false],
    [42, false],
  ])("%p: %p", (providerId, expected) => {
    expect(isJetpayProviderId(providerId)).toBe(expected)
  })
})

describe("configuredJetpay: the provider's id and options, from the store's medusa-config", () => {
  const entry = (over: Record<string, unknown>) => ({
    resolve: "medusa-payment-jetpay/providers/jetpay",
    options: { apiKey: "key", baseUrl: "https://api.example.test", bankAccountId: "ba_1", callbackUrl: "https://shop.example.test/jetpay/return" },
    ...over,
  })

  it("names the provider by the entry's id, and reads its options", () => {
    const configured = configuredJetpay({
      modules: { payment: { resolve: "@medusajs/medusa/payment", options: { providers: [{ resolve: "@medusajs/medusa/payment-stripe", id: "stripe" }, entry({ id: "bank" })] } } },
    })
    expect(configured.providerId).toBe("pp_jetpay_bank")
    expect(configured.options.apiKey).toBe("key")
  })

  it("takes `jetpay` when the entry has no id, and finds the payment module under any key or in an array", () => {
    expect(configuredJetpay({ modules: [{ resolve: "@medusajs/medusa/payment", options: { providers: [entry({})] } }] } as never).providerId).toBe("pp_jetpay_jetpay")
    expect(configuredJetpay({ modules: { payments: { resolve: "@medusajs/medusa/payment", options: { providers: [entry({ id: "x" })] } } } }).providerId).toBe("pp_jetpay_x")
  })

  it("stops with the fix when no Jetpay provider is configured", () => {
    expect(() => configuredJetpay({ modules: {} })).toThrow(/no Jetpay provider in the payment module's "providers"/)
  })
})
