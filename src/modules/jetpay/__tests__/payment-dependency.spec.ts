import { missingPaymentDependency } from "../payment-dependency"

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
