import type { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import { fromJetpayAmount } from "./money"
import { formatDate, formatMoney, type JetpayLanguage } from "./locale-format"
import { PAYMENT_REQUEST_EMAIL_STRINGS } from "./payment-request-email-strings"
import { emailPage, emailTexts, linkButton, orderSummary } from "./customer-email"

/** The Notification Module template id of a payment request (documented in the README). */
export const PAYMENT_REQUEST_TEMPLATE = "jetpay-payment-request"

export type PaymentRequestEmailInput = {
  language: JetpayLanguage
  store_name: string
  customer_name: string
  order_id: string
  order_display_id: string | number
  currency_code: string
  /** Major units (Medusa's amount). */
  amount: BigNumberInput
  /** Jetpay's card surcharge in cents; 0 when none. */
  surcharge_cents: number
  link: string
  requested_at: Date | string
  /** `orderBeforePayment`: the one reminder of an unpaid order, which expires at this date. */
  reminder?: { expires_at: Date | string } | null
}

/**
 * The notification's `data`: everything a merchant's email provider needs to render its own
 * template (the link, the amount, the language and the raw values), plus a ready subject,
 * text and HTML in the customer's language for providers that send what they are given.
 */
export type PaymentRequestEmailData = {
  language: JetpayLanguage
  locale: "en-CA" | "fr-CA"
  subject: string
  text: string
  html: string
  link: string
  amount: string
  amount_formatted: string
  surcharge_formatted: string | null
  currency_code: string
  order_id: string
  order_display_id: string
  customer_name: string
  store_name: string
  requested_at: string
  requested_at_formatted: string
  /** The reminder of an order made before its payment (`orderBeforePayment`), not the first email. */
  reminder: boolean
  /** When such an order, still unpaid, is canceled (ISO, and in words); null in a request's own email. */
  expires_at: string | null
  expires_at_formatted: string | null
}

/** The payment-request email, in the customer's language, with money and dates in its locale. */
export function paymentRequestEmail(input: PaymentRequestEmailInput): PaymentRequestEmailData {
  const strings = PAYMENT_REQUEST_EMAIL_STRINGS[input.language]
  const amount = formatMoney(input.amount, input.currency_code, input.language)
  const surcharge =
    input.surcharge_cents > 0
      ? formatMoney(fromJetpayAmount(input.surcharge_cents, input.currency_code), input.currency_code, input.language)
      : null
  const date = formatDate(input.requested_at, input.language)
  const expires = input.reminder ? formatDate(input.reminder.expires_at, input.language) : null
  const values = {
    amount,
    surcharge: surcharge ?? "",
    order: String(input.order_display_id),
    name: input.customer_name,
    store: input.store_name,
    expires: expires ?? "",
  }
  const texts = emailTexts(input.language, strings, values)
  const { t, h, label } = texts
  const summary = orderSummary(texts, { amount, order: values.order, date })
  const { button, fallback } = linkButton(input.link, h("payButton"), h("linkFallback"))

  const intro = input.reminder ? [t("reminderIntro"), t("reminderExpiry")] : [t("intro")]
  const introHtml = input.reminder ? `${h("reminderIntro")} ${h("reminderExpiry")}` : h("intro")
  const lines = [
    t("greeting"),
    "",
    ...intro,
    "",
    ...summary.text,
    "",
    label("payButton", input.link),
    "",
    t("methods"),
    ...(surcharge ? [t("surcharge")] : []),
    "",
    t("closing"),
    t("signature"),
  ]
  const html = emailPage(input.language, [
    `<p>${h("greeting")}</p>`,
    `<p>${introHtml}</p>`,
    summary.html,
    button,
    `<p>${h("methods")}${surcharge ? ` ${h("surcharge")}` : ""}</p>`,
    fallback,
    `<p>${h("closing")}<br>${h("signature")}</p>`,
  ])

  return {
    language: input.language,
    locale: input.language === "fr" ? "fr-CA" : "en-CA",
    subject: input.reminder ? t("reminderSubject") : t("subject"),
    text: lines.join("\n"),
    html,
    link: input.link,
    amount: MathBN.convert(input.amount).toString(),
    amount_formatted: amount,
    surcharge_formatted: surcharge,
    currency_code: input.currency_code,
    order_id: input.order_id,
    order_display_id: values.order,
    customer_name: input.customer_name,
    store_name: input.store_name,
    requested_at: new Date(input.requested_at).toISOString(),
    requested_at_formatted: date,
    reminder: !!input.reminder,
    expires_at: input.reminder ? new Date(input.reminder.expires_at).toISOString() : null,
    expires_at_formatted: expires,
  }
}
