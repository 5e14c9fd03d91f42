import { pickJetpayLanguage } from "../language"

describe("pickJetpayLanguage", () => {
  it.each([
    ["the shopper's choice wins over everything", { explicit: "fr", province: "ON", acceptLanguage: "en", navigatorLanguages: ["en-US"] }, "fr-CA"],
    ["an English choice wins over a Quebec address", { explicit: "en-CA", province: "QC", acceptLanguage: "fr-CA" }, "en"],
    ["fr_FR and FR-ca are French", { explicit: "FR-ca" }, "fr-CA"],
    ["a choice neither English nor French is no choice", { explicit: "de", acceptLanguage: "fr-CA,fr;q=0.9" }, "fr-CA"],
    ["a Quebec address reads in French", { province: "QC", acceptLanguage: "en-CA" }, "fr-CA"],
    ["ISO 3166-2 CA-QC is Quebec too", { province: "ca-qc" }, "fr-CA"],
    ["an Ontario address follows the browser", { province: "ON", acceptLanguage: "fr-CA" }, "fr-CA"],
    ["Accept-Language by weight, not order", { acceptLanguage: "en;q=0.5, de;q=1, fr-CA;q=0.8" }, "fr-CA"],
    ["Accept-Language ties keep their order", { acceptLanguage: "en-CA, fr-CA" }, "en"],
    ["q=0 means not this language", { acceptLanguage: "fr;q=0, en;q=0.1" }, "en"],
    ["a wildcard is skipped", { acceptLanguage: "*, fr" }, "fr-CA"],
    ["Accept-Language without English or French falls to the browser", { acceptLanguage: "de-DE", navigatorLanguages: ["es", "fr-CA"] }, "fr-CA"],
    ["nothing known: English", { acceptLanguage: "de", navigatorLanguages: ["es"] }, "en"],
    ["an empty or broken header: English", { acceptLanguage: ";;,", navigatorLanguages: [] }, "en"],
  ])("%s", (_why, input, expected) => {
    expect(pickJetpayLanguage(input)).toBe(expected)
  })

  it("reads the browser's languages when none are given", () => {
    const navigator = Object.getOwnPropertyDescriptor(globalThis, "navigator")
    Object.defineProperty(globalThis, "navigator", { value: { languages: ["fr-FR", "en"], language: "fr-FR" }, configurable: true })
    try {
      expect(pickJetpayLanguage()).toBe("fr-CA")
      expect(pickJetpayLanguage({ province: "BC", explicit: null })).toBe("fr-CA")
    } finally {
      if (navigator) Object.defineProperty(globalThis, "navigator", navigator)
      else delete (globalThis as { navigator?: unknown }).navigator
    }
  })
})
