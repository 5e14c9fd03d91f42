import type { INotificationModuleService, IPaymentModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { JETPAY_MODULE } from "../../modules/jetpay"
import type JetpayModuleService from "../../modules/jetpay/service"
import { errorMessage } from "../../domain/error-message"
import type { JetpayLanguage } from "../../domain/locale-format"
import { payerName } from "../../domain/payer"
import { readRequestDetails } from "../../domain/payment-request-view"
import { REFUND_OUTCOME } from "../../domain/refund-outcome"
import {
  MAX_KEPT_REFUND_SENDINGS,
  REFUND_EMAIL_TEMPLATE,
  creditClaim,
  nextRefundEmailKey,
  readRefundEmailRecord,
  refundEmail,
  refundEmailKey,
  refundEmailRetryAt,
  refundEmailRetryStep,
  refundEmailSent,
  resendRefusal,
  type RefundEmailRecord,
} from "../../domain/refund-email"
import { jetpayServices } from "../../providers/jetpay/jetpay-services"
import { unrecordedCredits } from "../../domain/unrecorded-refunds"
import { medusaRefundCents } from "../reconcile/unrecorded-refund-items"
import { creditCents } from "../../domain/refund-surcharge"
import { requestLanguage } from "../../domain/request-language"

/** The Notification Module channel a refund's email is sent on. */
export const REFUND_EMAIL_CHANNEL = "email"
/** `trigger_type` of the notification, for a merchant's own filtering. */
export const REFUND_EMAIL_TRIGGER = "jetpay.refund"

/** Refund outcomes of a credit Jetpay made: only these have a payee link worth emailing. */
const MADE = new Set<string>([REFUND_OUTCOME.sent, REFUND_OUTCOME.recorded, REFUND_OUTCOME.confirmedSent])

const jetpayModule = (container: MedusaContainer) => container.resolve<JetpayModuleService>(JETPAY_MODULE)

type CreditRecord = Awaited<ReturnType<JetpayModuleService["listJetpayTransactions"]>>[number]

type OrderForRefund = {
  id: string
  display_id: number | string
  email: string | null
  currency_code: string
  locale: string | null
  shipping_address: { first_name?: string | null; last_name?: string | null; company?: string | null; province?: string | null; country_code?: string | null } | null
  billing_address: OrderForRefund["shipping_address"]
}

/**
 * The credits of a Medusa payment that were made at Jetpay and never emailed: what a
 * `payment.refunded` event leaves to send. Found by the payment's Jetpay debit (the index of a
 * debit's credits), so a refund of a payment made with another provider reads one row at most.
 */
export async function creditsToEmail(container: MedusaContainer, paymentId: string): Promise<CreditRecord[]> {
  const payments = container.resolve<IPaymentModuleService>(Modules.PAYMENT)
  const [payment] = await payments.listPayments({ id: paymentId }, { select: ["id", "data"], take: 1 })
  const debitId = (payment?.data as { jetpay_transaction_id?: unknown } | undefined)?.jetpay_transaction_id
  if (typeof debitId !== "string") return []
  const credits = await jetpayModule(container).listJetpayTransactions({ debit_jetpay_id: debitId, kind: "credit" }, { take: null })
  return credits.filter(
    (credit) =>
      (credit.payment_id === null || credit.payment_id === paymentId) &&
      MADE.has(credit.refund_outcome ?? "") &&
      !!credit.link &&
      creditClaim(credit.state) === "unclaimed" &&
      readRefundEmailRecord(credit.refund_email) === null
  )
}

/** The order a credit refunds: its own order id, else the order of its payment collection. */
async function orderOf(container: MedusaContainer, credit: CreditRecord): Promise<OrderForRefund | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  let orderId = credit.order_id
  if (!orderId && credit.payment_collection_id) {
    const { data } = await query.graph({
      entity: "order_payment_collection",
      fields: ["order_id"],
      filters: { payment_collection_id: credit.payment_collection_id },
    })
    orderId = (data[0] as { order_id?: string } | undefined)?.order_id ?? null
  }
  if (!orderId) return null
  const { data } = await query.graph({
    entity: "order",
    fields: ["id", "display_id", "email", "currency_code", "locale", "shipping_address.*", "billing_address.*"],
    filters: { id: orderId },
  })
  return (data[0] as OrderForRefund | undefined) ?? null
}

async function storeNameOf(container: MedusaContainer): Promise<string> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "store", fields: ["name"] })
  const name = (data[0] as { name?: string } | undefined)?.name?.trim()
  return name || "Medusa Store"
}

export type RefundEmailOutcome = { notification_id: string | null; error: string | null } | { skipped: string }

/**
 * How a credit's email is sent: `first`, the email a refund sends once (nothing happens if it was
 * sent, or tried, already); `retry`, the reconciliation's next try of that email while it is not
 * sent (given up after its tries); `resend`, an admin's press, refused (409) once the payee claimed
 * the credit.
 */
export type RefundEmailMode = "first" | "retry" | "resend"

/**
 * Sends a refund credit's email to the order's email through Medusa's Notification Module and
 * records the sending on the credit. The caller holds the credit's lock. A failure to send is
 * recorded and returned, never thrown: the refund stands, and the admin shows the error.
 *
 * Never twice: each sending has its own idempotency key, recorded on the credit before the
 * Notification Module is asked (`in_flight`); a sending whose process died before its outcome
 * was recorded is looked up by that key at the next one, and counts as sent if the module has it.
 * The refund's own email counts its tries and sets when the reconciliation tries it again
 * (`refund_email_retry_at`) before each try, so a try that never reports is tried again too.
 */
export async function sendRefundEmail(
  container: MedusaContainer,
  creditRecordId: string,
  mode: RefundEmailMode,
  language?: JetpayLanguage
): Promise<RefundEmailOutcome> {
  const jetpay = jetpayModule(container)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const [credit] = await jetpay.listJetpayTransactions({ id: creditRecordId, kind: "credit" }, { take: 1 })
  if (!credit) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Refund ${creditRecordId} was not found`)
  const worthSending = MADE.has(credit.refund_outcome ?? "") && !!credit.link && creditClaim(credit.state) === "unclaimed"
  let recorded = readRefundEmailRecord(credit.refund_email)
  if (mode === "first") {
    if (recorded) return { skipped: "already sent" }
    if (!worthSending) return { skipped: "nothing to claim" }
  }
  const order = await orderOf(container, credit)
  if (mode === "resend") {
    const refusal = resendRefusal({ ...credit, order_id: order?.id ?? null })
    if (refusal) throw new MedusaError(MedusaError.Types.CONFLICT, refusal)
  }
  // A sending that never recorded its outcome: the Notification Module may have sent it.
  if (recorded?.in_flight) {
    recorded = await settleInterrupted(container, credit.id, recorded)
    await jetpay.updateJetpayTransactions({
      id: credit.id,
      refund_email: recorded,
      ...(refundEmailSent(recorded) ? { refund_email_retry_at: null } : {}),
    })
  }
  if (mode === "retry") {
    // Never begun (the refund's event lost): sent only for a refund Medusa kept.
    const kept = !!recorded || (await keptByMedusa(container, credit))
    const step = refundEmailRetryStep(recorded, worthSending && !!order && kept)
    if (step === "done") {
      await jetpay.updateJetpayTransactions({ id: credit.id, refund_email_retry_at: null })
      return { skipped: "nothing to retry" }
    }
    if (step === "give_up") {
      await jetpay.updateJetpayTransactions({
        id: credit.id,
        refund_email: { ...recorded!, gave_up_at: new Date().toISOString() },
        refund_email_retry_at: null,
      })
      logger.warn(
        `[jetpay] the email of refund ${credit.jetpay_id} (order ${order?.id}) was not sent after ${recorded?.tries ?? 0} tries: ` +
          `only the admin's Resend email sends it now`
      )
      return { skipped: "given up" }
    }
  }
  if (!order) return { skipped: "no order" }

  const chosen = language
    ? { language, source: "requested" }
    : recorded
      ? { language: recorded.language, source: recorded.language_source ?? "contact" }
      : await languageFor(container, credit, order)
  const ownEmail = mode !== "resend"
  const tries = (recorded?.tries ?? 0) + (ownEmail ? 1 : 0)
  const key = nextRefundEmailKey(recorded)
  const base: RefundEmailRecord = {
    language: chosen.language as JetpayLanguage,
    language_source: chosen.source,
    sendings: recorded?.sendings ?? [],
    tries,
    gave_up_at: recorded?.gave_up_at ?? null,
    last_key: key,
  }
  // Recorded before the module is asked: a process that dies now leaves the key to look up, and the retry's time.
  const retryAt = refundEmailRetryAt(tries, new Date(), jetpayServices(container).options.timings.reconcileIntervalMs)
  await jetpay.updateJetpayTransactions({
    id: credit.id,
    refund_email: { ...base, in_flight: key },
    ...(ownEmail ? { refund_email_retry_at: retryAt } : {}),
  })

  const now = new Date()
  let outcome: { notification_id: string | null; error: string | null }
  try {
    if (!order.email) throw new Error(`Order ${order.display_id} has no email address`)
    const email = refundEmail({
      language: base.language,
      store_name: await storeNameOf(container),
      customer_name: payerName(order.email, order.shipping_address, order.billing_address),
      order_id: order.id,
      order_display_id: order.display_id,
      currency_code: order.currency_code,
      amount_cents: creditCents(credit.amount, credit.surcharge),
      surcharge_cents: credit.surcharge,
      link: credit.link!,
      refunded_at: credit.created_at,
    })
    const notifications = container.resolve<INotificationModuleService>(Modules.NOTIFICATION)
    const notification = await notifications.createNotifications({
      to: order.email,
      channel: REFUND_EMAIL_CHANNEL,
      template: REFUND_EMAIL_TEMPLATE,
      data: { ...email, jetpay_credit_id: credit.jetpay_id },
      content: { subject: email.subject, text: email.text, html: email.html },
      trigger_type: REFUND_EMAIL_TRIGGER,
      resource_id: order.id,
      resource_type: "order",
      idempotency_key: refundEmailKey(credit.id, key),
    })
    outcome = { notification_id: notification?.id ?? (await notificationOf(container, credit.id, key))?.id ?? null, error: null }
  } catch (error) {
    outcome = { notification_id: null, error: errorMessage(error).slice(0, 500) }
    logger.warn(`[jetpay] the email of refund ${credit.jetpay_id} (order ${order.id}) was not sent: ${outcome.error}`)
  }
  const next: RefundEmailRecord = {
    ...base,
    sendings: [...base.sendings, { at: now.toISOString(), ...outcome }].slice(-MAX_KEPT_REFUND_SENDINGS),
    in_flight: null,
  }
  await jetpay.updateJetpayTransactions({
    id: credit.id,
    refund_email: next,
    // Sent: nothing left to try. Failed: the refund's own email is tried again at the time set above.
    ...(outcome.notification_id ? { refund_email_retry_at: null } : {}),
  })
  return outcome
}

/**
 * Whether one of Medusa's refunds of the credit's payment accounts for it (unrecorded-refunds.ts):
 * a credit whose Medusa refund was undone is Needs attention's, and its link is not emailed.
 */
async function keptByMedusa(container: MedusaContainer, credit: CreditRecord): Promise<boolean> {
  if (!credit.payment_id) return false
  const credits = await jetpayModule(container).listJetpayTransactions({ payment_id: credit.payment_id, kind: "credit" }, { take: null })
  const refunds = await medusaRefundCents(container, [credit.payment_id])
  const { unrecorded } = unrecordedCredits(credits, (paymentId) => refunds.get(paymentId) ?? [], new Date(), 0)
  return !unrecorded.some((candidate) => candidate.id === credit.id)
}

/** The Notification Module's notification of a credit's `n`-th sending, if it has one. */
async function notificationOf(container: MedusaContainer, creditRecordId: string, key: number) {
  const [notification] = await container
    .resolve<INotificationModuleService>(Modules.NOTIFICATION)
    // The module filters on its own column; Medusa's filter type does not list it.
    .listNotifications({ idempotency_key: refundEmailKey(creditRecordId, key) } as Parameters<INotificationModuleService["listNotifications"]>[0], {
      take: 1,
    })
  return notification
}

/**
 * A sending that began and never recorded its outcome: sent if the Notification Module has it
 * (accepted, or being sent when its process died: never sent again), else recorded as failed.
 */
async function settleInterrupted(container: MedusaContainer, creditRecordId: string, record: RefundEmailRecord): Promise<RefundEmailRecord> {
  const key = record.in_flight!
  const notification = await notificationOf(container, creditRecordId, key)
  const sent = !!notification && notification.status !== "failure"
  const sending = {
    at: new Date(notification?.created_at ?? Date.now()).toISOString(),
    notification_id: sent ? notification!.id : null,
    error: sent ? null : "The sending was interrupted before the Notification Module sent it",
  }
  return {
    ...record,
    sendings: [...record.sendings, sending].slice(-MAX_KEPT_REFUND_SENDINGS),
    last_key: Math.max(record.last_key ?? 0, key),
    in_flight: null,
  }
}

/**
 * The payment requests' rule (request-language.ts): the language the customer was already
 * written to in (a payment request's), else the order's locale, else a Quebec address, else English.
 */
async function languageFor(container: MedusaContainer, credit: CreditRecord, order: OrderForRefund) {
  const [debit] = credit.debit_jetpay_id
    ? await jetpayModule(container).listJetpayTransactions({ jetpay_id: credit.debit_jetpay_id, kind: "debit" }, { take: 1 })
    : []
  const chosen = requestLanguage({
    contactLanguage: readRequestDetails(debit?.request)?.language ?? null,
    locale: order.locale,
    shippingAddress: order.shipping_address,
    billingAddress: order.billing_address,
  })
  return chosen
}
