import { payerFromCustomer, payerLanguage, payerName } from "../payer"

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
