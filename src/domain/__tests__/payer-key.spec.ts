import { payerKey } from "../payer-key"

describe("payerKey: one Jetpay contact per guest payer", () => {
  const base = { email: "Marie@Example.ca", name: "Marie Tremblay", language: "fr" }
  it("is the same for the same payer however the email is cased or the name spaced", () => {
    expect(payerKey({ ...base, email: " marie@example.ca " })).toBe(payerKey(base))
    expect(payerKey({ ...base, name: "Marie  Tremblay" })).toBe(payerKey(base))
  })
  it.each([
    ["another email", { email: "marie@example.com" }],
    ["another name", { name: "Marie-Ève Tremblay" }],
    ["another language", { language: "en" }],
  ])("differs for %s", (_name, change) => {
    expect(payerKey({ ...base, ...change })).not.toBe(payerKey(base))
  })
  it("never contains the email", () => {
    expect(payerKey(base)).not.toContain("marie")
    expect(payerKey(base)).toMatch(/^[0-9a-f]{64}$/)
  })
})
