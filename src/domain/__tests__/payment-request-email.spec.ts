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

  it("fills every placeholder in both languages, the reminder's too", () => {
    for (const language of ["en", "fr"] as const) {
      for (const reminder of [null, { expires_at: "2026-12-30T15:00:00Z" }]) {
        const email = paymentRequestEmail({ ...input, language, reminder })
        expect(email.subject + email.text + email.html).not.toMatch(/\{\w+\}/)
      }
    }
  })

  it.each<["en" | "fr", string, string, string]>([
    [
      "en",
      "Reminder: payment request for order #12: $1,234.56",
      "A reminder: Érablière <Demo> is still waiting for your payment of $1,234.56 for your order #12.",
      "If it is not paid by December 30, 2026, the order will be canceled.",
    ],
    [
      "fr",
      `Rappel${nbsp}: demande de paiement pour la commande no${nbsp}12${nbsp}: 1${nbsp}234,56${nbsp}$`,
      `Petit rappel${nbsp}: Érablière <Demo> attend toujours votre paiement de 1${nbsp}234,56${nbsp}$ pour votre commande no${nbsp}12.`,
      "Si elle n’est pas payée d’ici le 30 décembre 2026, la commande sera annulée.",
    ],
  ])("%s: the reminder of an unpaid order says so, with the date it is canceled", (language, subject, intro, expiry) => {
    const email = paymentRequestEmail({ ...input, language, reminder: { expires_at: "2026-12-30T15:00:00Z" } })
    expect(email).toMatchObject({ subject, reminder: true, expires_at: "2026-12-30T15:00:00.000Z" })
    expect(email.text.split("\n")).toEqual(expect.arrayContaining([intro, expiry]))
    expect(email.text).toContain(input.link)
    expect(email.html).toContain("Érablière &lt;Demo&gt;")
    // The first email is no reminder.
    expect(paymentRequestEmail({ ...input, language })).toMatchObject({ reminder: false, expires_at: null, expires_at_formatted: null })
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
