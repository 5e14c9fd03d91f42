import { z } from "zod"
import { normalizeTransactionState } from "../jetpay-api"
import { fromJetpayAmount } from "./money"
import { formatDate, formatMoney, type JetpayLanguage } from "./locale-format"
import { REFUND_EMAIL_STRINGS } from "./refund-email-strings"
import { emailPage, emailTexts, linkButton, orderSummary } from "./customer-email"
import { EMAIL_TRIES, emailRetryDelayMs } from "./email-retry"

/** The Notification Module template id of a refund's email (documented in the README). */
export const REFUND_EMAIL_TEMPLATE = "jetpay-refund"

/** One sending of a refund's email, as recorded in the credit's `refund_email` json. */
export const refundEmailSendingSchema = z.object({
  at: z.string(),
  /** The Notification Module's notification id, when it accepted it. */
  notification_id: z.string().nullable(),
  error: z.string().nullable(),
})

/**
 * A refund credit's email record (`refund_email` json of its transaction record): the language
 * it is written in and why, and each sending. Parsed, never cast.
 */
export const refundEmailRecordSchema = z.object({
  language: z.enum(["en", "fr"]),
  language_source: z.string().optional(),
  sendings: z.array(refundEmailSendingSchema).default([]),
  /**
   * Tries of the refund's own email (its first sending and the reconciliation's retries), each
   * counted before it is made: a try whose process died counts too.
   */
  tries: z.number().int().nonnegative().optional(),
  /** When the reconciliation stopped trying it, every try having failed. */
  gave_up_at: z.string().nullable().optional(),
  /** The number of the last sending's idempotency key (`jetpay-refund:<credit>:<n>`); absent: the sendings' count. */
  last_key: z.number().int().nonnegative().optional(),
  /** The key number of a sending that began and never recorded its outcome (its process died). */
  in_flight: z.number().int().positive().nullable().optional(),
})
export type RefundEmailRecord = z.infer<typeof refundEmailRecordSchema>

/** How many sendings are kept on the record (the latest ones); `attempts` counts them all. */
export const MAX_KEPT_REFUND_SENDINGS = 20

export function readRefundEmailRecord(value: unknown): RefundEmailRecord | null {
  const parsed = refundEmailRecordSchema.safeParse(value)
  return parsed.success ? parsed.data : null
}

/**
 * Whether the payee of a credit has claimed it, from Jetpay's state: `requested` means the link
 * was not used yet (no bank account entered), so the refund is unclaimed; any state after it
 * (`processing`, `initiated`, `completed`) means it was claimed; a failed or cancelled credit is
 * closed; a state Jetpay does not document is unknown and never counted as claimed.
 */
export type CreditClaim = "unclaimed" | "claimed" | "closed" | "unknown"

export function creditClaim(state: string): CreditClaim {
  const normalized = normalizeTransactionState(state)
  if (!normalized.known) return "unknown"
  switch (normalized.state) {
    case "requested":
      return "unclaimed"
    case "processing":
    case "initiated":
    case "paid":
    case "completed":
      return "claimed"
    case "failed":
    case "cancelled":
      return "closed"
    default: {
      const unhandled: never = normalized.state
      throw new Error(`Unhandled Jetpay state: ${String(unhandled)}`)
    }
  }
}

/** The Notification Module's idempotency key of a credit's `n`-th sending: each sending is sent once. */
export const refundEmailKey = (creditRecordId: string, n: number) => `jetpay-refund:${creditRecordId}:${n}`

/** The key number the credit's next sending takes. */
export function nextRefundEmailKey(record: RefundEmailRecord | null): number {
  return (record?.last_key ?? record?.sendings.length ?? 0) + 1
}

/** Whether the Notification Module accepted one of the credit's emails (its own or a resend). */
export function refundEmailSent(record: RefundEmailRecord | null): boolean {
  return !!record?.sendings.some((sending) => sending.notification_id !== null)
}

/**
 * What the reconciliation does with a refund's email whose retry time has come: nothing more
 * (sent, or no longer worth sending: claimed, closed, no link or no order), give it up (all
 * EMAIL_TRIES tries failed), or try it again.
 */
export function refundEmailRetryStep(record: RefundEmailRecord | null, worthSending: boolean): "done" | "give_up" | "try" {
  if (!worthSending || refundEmailSent(record)) return "done"
  return (record?.tries ?? 0) >= EMAIL_TRIES ? "give_up" : "try"
}

/**
 * When the reconciliation tries a refund's email again should the `tries`-th try fail (or its
 * process die): the staff emails' delays (email-retry.ts), from the run's interval.
 */
export function refundEmailRetryAt(tries: number, now: Date, retryBaseMs: number): Date {
  return new Date(now.getTime() + emailRetryDelayMs(tries, retryBaseMs))
}

/** What the admin shows of a credit's payee and email (`TransactionView.refund_email`). */
export type RefundEmailView = {
  claim: CreditClaim
  /** When the credit was made, while it is unclaimed. */
  unclaimed_since: string | null
  /** Sendings the Notification Module accepted. */
  sent_count: number
  last_sent_at: string | null
  /** The last sending's error, when it failed. */
  notification_error: string | null
  language: JetpayLanguage | null
  /** Tries of the refund's own email, while it is not sent. */
  tries: number
  /** When the reconciliation tries the refund's email again by itself; null when it will not. */
  next_try_at: string | null
  /** The reconciliation gave the email up after its tries: only "Resend email" sends it now. */
  gave_up: boolean
  /** Whether "Resend email" applies: an unclaimed credit with a link, on an order. */
  can_resend: boolean
}

type CreditRecordInput = {
  kind: string
  state: string
  link: string | null
  order_id: string | null
  created_at: Date | string
  refund_email?: unknown
  refund_email_retry_at?: Date | string | null
}

export function refundEmailView(record: CreditRecordInput): RefundEmailView | null {
  if (record.kind !== "credit") return null
  const claim = creditClaim(record.state)
  const details = readRefundEmailRecord(record.refund_email)
  const sendings = details?.sendings ?? []
  const sent = sendings.filter((sending) => sending.notification_id !== null)
  const last = sendings.at(-1)
  const unsent = claim === "unclaimed" && !refundEmailSent(details)
  return {
    claim,
    unclaimed_since: claim === "unclaimed" ? new Date(record.created_at).toISOString() : null,
    sent_count: sent.length,
    last_sent_at: sent.at(-1)?.at ?? null,
    notification_error: last?.error ?? null,
    language: details?.language ?? null,
    tries: unsent ? details?.tries ?? 0 : 0,
    next_try_at: unsent && record.refund_email_retry_at ? new Date(record.refund_email_retry_at).toISOString() : null,
    gave_up: unsent && !!details?.gave_up_at,
    can_resend: claim === "unclaimed" && !!record.link && !!record.order_id,
  }
}

/** Why "Resend email" is refused for a credit, in words; null when it may be sent. */
export function resendRefusal(record: CreditRecordInput & { jetpay_id: string }): string | null {
  const claim = creditClaim(record.state)
  if (claim === "claimed") {
    return `Refund ${record.jetpay_id} was already claimed: the customer entered their bank account and the money is on its way, so no email is sent again.`
  }
  if (claim === "closed") return `Refund ${record.jetpay_id} is ${record.state} at Jetpay: its link no longer works, so no email is sent.`
  if (claim === "unknown") return `Refund ${record.jetpay_id} is in a state Jetpay does not document (${record.state}): no email is sent until it is known.`
  if (!record.link) return `Refund ${record.jetpay_id} has no payee link (Jetpay pays it out directly): there is nothing to email.`
  if (!record.order_id) return `Refund ${record.jetpay_id} belongs to no order: there is no order email to send it to.`
  return null
}

export type RefundEmailInput = {
  language: JetpayLanguage
  store_name: string
  customer_name: string
  order_id: string
  order_display_id: string | number
  currency_code: string
  /** What the credit pays out, in cents (Medusa's refund plus a returned card fee). */
  amount_cents: number
  /** The card fee returned with it, in cents; 0 when none. */
  surcharge_cents: number
  link: string
  refunded_at: Date | string
}

/**
 * The notification's `data`: what a merchant's email provider needs to render its own
 * template (the link, the amount, the order, the language), plus a ready subject, text and
 * HTML in the customer's language for providers that send what they are given.
 */
export type RefundEmailData = {
  language: JetpayLanguage
  locale: "en-CA" | "fr-CA"
  subject: string
  text: string
  html: string
  link: string
  /** Cents. */
  amount: number
  amount_formatted: string
  surcharge_formatted: string | null
  currency_code: string
  order_id: string
  order_display_id: string
  customer_name: string
  store_name: string
  refunded_at: string
  refunded_at_formatted: string
}

/** The refund email, in the customer's language, with money and dates in its locale. */
export function refundEmail(input: RefundEmailInput): RefundEmailData {
  const strings = REFUND_EMAIL_STRINGS[input.language]
  const money = (cents: number) => formatMoney(fromJetpayAmount(cents, input.currency_code), input.currency_code, input.language)
  const amount = money(input.amount_cents)
  const surcharge = input.surcharge_cents > 0 ? money(input.surcharge_cents) : null
  const date = formatDate(input.refunded_at, input.language)
  const values = {
    amount,
    surcharge: surcharge ?? "",
    order: String(input.order_display_id),
    name: input.customer_name,
    store: input.store_name,
  }
  const texts = emailTexts(input.language, strings, values)
  const { t, h, label } = texts
  const summary = orderSummary(texts, { amount, order: values.order, date }, surcharge ? [t("surcharge")] : [])
  const { button, fallback } = linkButton(input.link, h("claimButton"), h("linkFallback"))

  const lines = [
    t("greeting"),
    "",
    t("intro"),
    "",
    ...summary.text,
    "",
    t("how"),
    label("claimButton", input.link),
    "",
    t("privacy"),
    "",
    t("closing"),
    t("signature"),
  ]
  const html = emailPage(input.language, [
    `<p>${h("greeting")}</p>`,
    `<p>${h("intro")}</p>`,
    summary.html,
    ...(surcharge ? [`<p>${h("surcharge")}</p>`] : []),
    `<p>${h("how")}</p>`,
    button,
    fallback,
    `<p>${h("privacy")}</p>`,
    `<p>${h("closing")}<br>${h("signature")}</p>`,
  ])

  return {
    language: input.language,
    locale: input.language === "fr" ? "fr-CA" : "en-CA",
    subject: t("subject"),
    text: lines.join("\n"),
    html,
    link: input.link,
    amount: input.amount_cents,
    amount_formatted: amount,
    surcharge_formatted: surcharge,
    currency_code: input.currency_code,
    order_id: input.order_id,
    order_display_id: values.order,
    customer_name: input.customer_name,
    store_name: input.store_name,
    refunded_at: new Date(input.refunded_at).toISOString(),
    refunded_at_formatted: date,
  }
}
