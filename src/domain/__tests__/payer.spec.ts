import { payerFromCustomer, payerLanguage, payerName, payerKey } from "../payer"

describe("payerLanguage", () => {
  it.each([
    [{ address: { province: "QC", country_code: "ca" } }, "fr"],
    [{ address: { province: "qc" } }, "fr"],
    [{ address: { province: "Québec", country_code: "CA" } }, "fr"],
    [{ address: { province: "ON", country_code: "ca" } }, "en"],
    [{ address: { province: "QC", country_code: "us" } }, "en"],
    [{ locale: "fr-CA" }, "fr"],
    [{ locale: "fr" }, "fr"],
    [{ locale: "en-CA", address: { province: "BC" } }, "en"],
    [{}, "en"],
  ])("%p -> %s", (input, language) => {
    expect(payerLanguage(input)).toBe(language)
  })
})

describe("payerName", () => {
  it.each([
    [[{ first_name: "Marie", last_name: "Tremblay" }], "Marie Tremblay"],
    [[{ first_name: " Luc " }], "Luc"],
    [[null, { first_name: "Ana", last_name: "Silva" }], "Ana Silva"],
    [[{ company: "Érable inc." }], "Érable inc."],
    [[{}, undefined], "buyer@example.com"],
  ])("%p -> %s", (addresses, name) => {
    expect(payerName("buyer@example.com", ...(addresses as never[]))).toBe(name)
  })
})

describe("payerFromCustomer", () => {
  it("builds a contact from a logged-in customer", () => {
    expect(
      payerFromCustomer({
        email: "jean@example.com",
        first_name: "Jean",
        last_name: "Roy",
        billing_address: { province: "QC", country_code: "ca" },
      })
    ).toEqual({ email: "jean@example.com", name: "Jean Roy", language: "fr" })
  })
  it.each([[undefined], [{ email: null }], [{ email: "not-an-email" }]])("gives nothing for %p", (customer) => {
    expect(payerFromCustomer(customer as never)).toBeNull()
  })
})

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
