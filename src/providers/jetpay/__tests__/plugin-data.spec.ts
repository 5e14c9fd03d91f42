import { pluginData } from "../plugin-data"

describe("pluginData", () => {
  const fix = /dependencies: \["jetpay"\]/

  it("names the missing configuration when the payment module has no jetpay dependency", () => {
    expect(() => pluginData({})).toThrow(fix)
  })

  it("does the same when the container refuses the name (awilix throws for unregistered names)", () => {
    const container = new Proxy({}, {
      get() {
        throw new Error("Could not resolve 'jetpay'")
      },
    })
    expect(() => pluginData(container)).toThrow(fix)
  })

  it("returns the injected module", () => {
    const module = { listJetpayTransactions: () => [] }
    expect(pluginData({ jetpay: module })).toBe(module)
  })
})
