import { paymentRequestEmail, type PaymentRequestEmailInput } from "../payment-request-email"

const input: PaymentRequestEmailInput = {
  language: "en",
  store_name: "Érablière <Demo>",
  customer_name: "Marie Tremblay",
  order_id: "order_1",
  order_display_id: 12,
  currency_code: "cad",
  amount: "1234.56",
  surcharge_cents: 4321,
  link: "https://jetpay.example/payment/pay/abc?x=1&y=2",
  requested_at: "2026-11-30T15:00:00Z",
}
const nbsp = "\u00a0"

describe("paymentRequestEmail", () => {
  it.each<["en" | "fr", string, string, string]>([
    ["en", "Payment request for order #12: $1,234.56", "Amount due: $1,234.56", "Requested on: November 30, 2026"],
    [
      "fr",
      `Demande de paiement pour la commande no${nbsp}12${nbsp}: 1${nbsp}234,56${nbsp}$`,
      `Montant dû${nbsp}: 1${nbsp}234,56${nbsp}$`,
      `Demandé le${nbsp}: 30 novembre 2026`,
    ],
  ])("%s: subject, amount and date in the language's format", (language, subject, amountLine, dateLine) => {
    const email = paymentRequestEmail({ ...input, language })
    expect(email.subject).toBe(subject)
    expect(email.text.split("\n")).toEqual(expect.arrayContaining([amountLine, dateLine]))
    expect(email.language).toBe(language)
    expect(email.locale).toBe(`${language}-CA`)
    expect(email.text).toContain(input.link)
    expect(email.amount).toBe("1234.56")
  })

  it("fills every placeholder in both languages", () => {
    for (const language of ["en", "fr"] as const) {
      const email = paymentRequestEmail({ ...input, language })
      expect(email.subject + email.text + email.html).not.toMatch(/\{\w+\}/)
    }
  })

  it("writes the body in French for a French customer", () => {
    const email = paymentRequestEmail({ ...input, language: "fr" })
    expect(email.text).toContain("Bonjour Marie Tremblay,")
    expect(email.text).toContain(`Le paiement par carte ajoute des frais de 43,21${nbsp}$`)
    expect(email.html).toContain('<html lang="fr-CA">')
  })

  it("escapes HTML in names and the link", () => {
    const email = paymentRequestEmail(input)
    expect(email.html).toContain("Érablière &lt;Demo&gt;")
    expect(email.html).toContain('href="https://jetpay.example/payment/pay/abc?x=1&amp;y=2"')
    expect(email.html).not.toContain("<Demo>")
  })

  it("leaves the surcharge out when there is none", () => {
    const email = paymentRequestEmail({ ...input, surcharge_cents: 0 })
    expect(email.surcharge_formatted).toBeNull()
    expect(email.text).not.toContain("fee")
  })
})
