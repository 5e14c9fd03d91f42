import { requestLanguage, type RequestLanguageInput } from "../request-language"

const quebec = { province: "QC", country_code: "ca" }
const ontario = { province: "ON", country_code: "ca" }

describe("requestLanguage", () => {
  it.each<[string, RequestLanguageInput, string, string]>([
    ["the merchant's choice wins over everything", { requested: "en", contactLanguage: "fr", locale: "fr-CA", shippingAddress: quebec }, "en", "requested"],
    ["the merchant may pick French for an Ontario order", { requested: "fr", shippingAddress: ontario }, "fr", "requested"],
    ["the Jetpay contact's language next", { contactLanguage: "fr", locale: "en-CA" }, "fr", "contact"],
    ["the order's locale (the cart's) next", { locale: "fr-CA", shippingAddress: ontario }, "fr", "locale"],
    ["an English locale keeps a Quebec address in English", { locale: "en-CA", shippingAddress: quebec }, "en", "locale"],
    ["a locale in another language says nothing", { locale: "de-DE", shippingAddress: quebec }, "fr", "address"],
    ["a Quebec shipping address", { shippingAddress: quebec }, "fr", "address"],
    ["a Quebec billing address", { shippingAddress: null, billingAddress: { province: "Québec", country_code: "CA" } }, "fr", "address"],
    ["Quebec spelled ca-qc", { shippingAddress: { province: "ca-qc", country_code: "ca" } }, "fr", "address"],
    ["a QC province outside Canada is not Quebec", { shippingAddress: { province: "QC", country_code: "us" } }, "en", "default"],
    ["Ontario", { shippingAddress: ontario }, "en", "default"],
    ["nothing known", {}, "en", "default"],
  ])("%s", (_name, input, language, source) => {
    expect(requestLanguage(input)).toEqual({ language, source })
  })
})
