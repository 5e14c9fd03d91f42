import type { INotificationModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { deletePaymentSessionsWorkflow } from "@medusajs/core-flows"
import { JETPAY_MODULE } from "../../modules/jetpay"
import type JetpayModuleService from "../../modules/jetpay/service"
import { cancelDebit } from "../../providers/jetpay/cancel-debit"
import { errorMessage } from "../../domain/error-message"
import { formatCents } from "../../domain/money"
import { jetpayServices } from "../../providers/jetpay/jetpay-services"
import type { JetpayLanguage } from "../../domain/locale-format"
import { PAYMENT_REQUEST_TEMPLATE, paymentRequestEmail } from "../../domain/payment-request-email"
import {
  MAX_KEPT_NOTIFICATIONS,
  paymentRequestStatus,
  paymentRequestView,
  readRequestDetails,
  type OrderPaymentRequestsView,
  type PaymentRequestRecord,
  type PaymentRequestView,
  type RequestDetails,
} from "../../domain/payment-request-view"
import { decidePaymentRequest, type CollectionFacts, type OpenRequest } from "../../domain/payment-request-rules"

/** The Notification Module channel a payment request is sent on. */
export const PAYMENT_REQUEST_CHANNEL = "email"
/** `trigger_type` of the notification, for a merchant's own filtering. */
export const PAYMENT_REQUEST_TRIGGER = "jetpay.payment_request"

export type OrderForRequest = {
  id: string
  display_id: number | string
  email: string | null
  status: string
  currency_code: string
  locale: string | null
  summary: { pending_difference?: unknown; raw_pending_difference?: unknown } | null
  shipping_address: { first_name?: string | null; last_name?: string | null; company?: string | null; province?: string | null; country_code?: string | null } | null
  billing_address: OrderForRequest["shipping_address"]
  payment_collections: Array<CollectionFacts & { amount: unknown; currency_code?: string }>
}

const jetpayModule = (container: MedusaContainer) => container.resolve<JetpayModuleService>(JETPAY_MODULE)

/** The order as a payment request needs it; a 404 for an unknown order. */
export async function orderForRequest(container: MedusaContainer, orderId: string): Promise<OrderForRequest> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "display_id",
      "email",
      "status",
      "currency_code",
      "locale",
      "summary.*",
      "shipping_address.*",
      "billing_address.*",
      "payment_collections.id",
      "payment_collections.status",
      "payment_collections.amount",
      "payment_collections.currency_code",
      "payment_collections.payments.amount",
      "payment_collections.payments.captured_at",
      "payment_collections.payments.canceled_at",
      "payment_collections.payment_sessions.amount",
      "payment_collections.payment_sessions.status",
    ],
    filters: { id: orderId },
  })
  const order = data[0] as OrderForRequest | undefined
  if (!order) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${orderId} was not found`)
  return { ...order, payment_collections: (order.payment_collections ?? []).filter(Boolean) }
}

/** Medusa's pending difference of an order: what it still expects to collect (negative: to refund). */
export function pendingDifference(order: Pick<OrderForRequest, "summary">): unknown {
  return order.summary?.raw_pending_difference ?? order.summary?.pending_difference ?? 0
}

/**
 * Every payment request of an order, oldest first: by the order's payment collections (a
 * request's collection never changes) and by the order id the request was recorded with.
 */
export async function paymentRequestRecords(container: MedusaContainer, orderId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: links } = await query.graph({
    entity: "order_payment_collection",
    fields: ["payment_collection_id"],
    filters: { order_id: orderId },
  })
  const collectionIds = (links as Array<{ payment_collection_id: string }>).map((link) => link.payment_collection_id)
  const jetpay = jetpayModule(container)
  const [byCollection, byOrder] = await Promise.all([
    collectionIds.length
      ? jetpay.listJetpayTransactions({ payment_collection_id: collectionIds, purpose: "payment_request", kind: "debit" }, { take: null })
      : Promise.resolve([]),
    jetpay.listJetpayTransactions({ order_id: orderId, purpose: "payment_request", kind: "debit" }, { take: null }),
  ])
  const all = new Map([...byCollection, ...byOrder].map((record) => [record.id, record]))
  return [...all.values()]
    .filter((record) => (readRequestDetails(record.request)?.order_id ?? orderId) === orderId)
    .sort((a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime())
}

type StoredRecord = Awaited<ReturnType<typeof paymentRequestRecords>>[number]

function asRequestRecord(record: StoredRecord): PaymentRequestRecord {
  return record as unknown as PaymentRequestRecord
}

/** The requests whose link can still be paid, as the rules need them. */
export function openRequests(records: StoredRecord[]): OpenRequest[] {
  return records.flatMap((record) => {
    const details = readRequestDetails(record.request)
    return paymentRequestStatus(record, details) === "open" ? [{ id: record.id, amount: record.amount }] : []
  })
}

/**
 * Whether a payment collection holds a payment request whose emailed link can still be paid:
 * a new session on that collection (any provider, through the store API) would delete the
 * request's session and cancel its debit, so the storefront is refused instead.
 */
export async function collectionHasOpenRequest(container: MedusaContainer, collectionId: string): Promise<boolean> {
  const records = await jetpayModule(container).listJetpayTransactions(
    { payment_collection_id: collectionId, purpose: "payment_request", kind: "debit" },
    { take: null }
  )
  return openRequests(records).length > 0
}

/** One request of one order; a 404 when the id is not a payment request of that order. */
export async function paymentRequestRecord(container: MedusaContainer, orderId: string, requestId: string) {
  const record = (await paymentRequestRecords(container, orderId)).find((candidate) => candidate.id === requestId)
  if (!record) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payment request ${requestId} was not found on order ${orderId}`)
  }
  return record
}

/** The order, its payment requests, and whether a new one can be made now (payment-request-rules.ts). */
export async function paymentRequestDecision(container: MedusaContainer, orderId: string) {
  const order = await orderForRequest(container, orderId)
  const records = await paymentRequestRecords(container, order.id)
  const decision = decidePaymentRequest(
    {
      order_status: order.status,
      currency_code: order.currency_code,
      email: order.email,
      pending_difference: pendingDifference(order) as number,
      collections: order.payment_collections,
    },
    openRequests(records)
  )
  return { order, records, decision }
}

/** `GET /admin/jetpay/orders/:id/payment-requests`: the order's requests and whether a new one can be made. */
export async function orderPaymentRequestsView(container: MedusaContainer, orderId: string): Promise<OrderPaymentRequestsView> {
  const { order, records, decision } = await paymentRequestDecision(container, orderId)
  return {
    order_id: order.id,
    currency_code: order.currency_code,
    outstanding_amount: decision.outstanding.cents,
    outstanding_amount_formatted: formatCents(decision.outstanding.cents, order.currency_code),
    can_request: decision.ok,
    refusal: decision.ok ? null : decision.refusal,
    payment_requests: records.map((record) => paymentRequestView(asRequestRecord(record), order.currency_code)),
  }
}

/** One request as the admin API answers it. */
export async function paymentRequestViewOf(container: MedusaContainer, orderId: string, requestId: string): Promise<PaymentRequestView> {
  const record = await paymentRequestRecord(container, orderId, requestId)
  const details = readRequestDetails(record.request)
  const currency = details?.currency_code ?? (await orderForRequest(container, orderId)).currency_code
  return paymentRequestView(asRequestRecord(record), currency)
}

/**
 * Sends (or sends again) a request's email through Medusa's Notification Module, in the
 * request's language unless another is asked for, and records the sending on the request.
 * A failure (no provider for the email channel, the provider refusing) is recorded and
 * returned, never thrown: the request and its link stay valid, and it can be resent.
 * `reminder`: the one reminder of an order made before its payment (`orderBeforePayment`),
 * marked as such in its subject, text and data, under its own idempotency key.
 */
export async function sendPaymentRequestEmail(
  container: MedusaContainer,
  orderId: string,
  requestId: string,
  language?: JetpayLanguage,
  { reminder }: { reminder?: { expires_at: string } } = {}
): Promise<{ notification_id: string | null; error: string | null }> {
  const record = await paymentRequestRecord(container, orderId, requestId)
  const details = readRequestDetails(record.request)
  if (!details) throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `Payment request ${requestId} has no recipient on record`)
  if (!record.link) throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `Payment request ${requestId} has no payment link`)
  const order = await orderForRequest(container, orderId)
  const storeName = await storeNameOf(container)
  const now = new Date()
  const chosen = language ?? details.language
  const email = paymentRequestEmail({
    language: chosen,
    store_name: storeName,
    customer_name: details.name,
    order_id: order.id,
    order_display_id: order.display_id,
    currency_code: details.currency_code,
    amount: details.amount,
    surcharge_cents: record.surcharge,
    link: record.link,
    requested_at: record.created_at,
    reminder: reminder ?? null,
  })
  const sentBefore = details.notifications.length
  let outcome: { notification_id: string | null; error: string | null }
  try {
    const notification = await container.resolve<INotificationModuleService>(Modules.NOTIFICATION).createNotifications({
      to: details.email,
      channel: PAYMENT_REQUEST_CHANNEL,
      template: PAYMENT_REQUEST_TEMPLATE,
      data: { ...email, payment_request_id: record.id, jetpay_transaction_id: record.jetpay_id },
      content: { subject: email.subject, text: email.text, html: email.html },
      trigger_type: PAYMENT_REQUEST_TRIGGER,
      resource_id: order.id,
      resource_type: "order",
      idempotency_key: reminder ? `jetpay-payment-request-reminder:${record.id}` : `jetpay-payment-request:${record.id}:${sentBefore + 1}`,
    })
    outcome = { notification_id: notification?.id ?? null, error: null }
  } catch (error) {
    outcome = { notification_id: null, error: errorMessage(error).slice(0, 500) }
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`[jetpay] the email of payment request ${record.id} (order ${order.id}) was not sent: ${outcome.error}`)
  }
  const next: RequestDetails = {
    ...details,
    language: chosen,
    language_source: language && language !== details.language ? "requested" : details.language_source,
    notifications: [...details.notifications, { at: now.toISOString(), ...outcome, ...(reminder ? { reminder: true } : {}) }].slice(
      -MAX_KEPT_NOTIFICATIONS
    ),
  }
  await jetpayModule(container).updateJetpayTransactions({ id: record.id, request: next })
  return outcome
}

async function storeNameOf(container: MedusaContainer): Promise<string> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "store", fields: ["name"] })
  const name = (data[0] as { name?: string } | undefined)?.name?.trim()
  return name || "Medusa Store"
}

/**
 * Cancels a request: its Jetpay debit is cancelled (its link stops working) and its payment
 * session deleted, so the order's payment collection can take a new one. One the payer has
 * already paid is refused with Jetpay's state in words. Cancelling twice changes nothing.
 */
export async function cancelPaymentRequest(
  container: MedusaContainer,
  orderId: string,
  requestId: string,
  by: { actor: string | null; reason: "canceled" | "superseded" }
): Promise<void> {
  const record = await paymentRequestRecord(container, orderId, requestId)
  const details = readRequestDetails(record.request)
  const status = paymentRequestStatus(record, details)
  if (status === "canceled") return
  if (status !== "open") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Payment request ${requestId} can no longer be canceled: its payment is ${status}${
        status === "paid" || status === "authorized" ? " (refund it from the order once it is captured)" : ""
      }.`
    )
  }
  // Throws NOT_ALLOWED, in words, when the payer paid in the meantime.
  await cancelDebit(jetpayServices(container).client, record.jetpay_id)
  if (record.payment_session_id) {
    const payments = container.resolve(Modules.PAYMENT)
    const [session] = await payments.listPaymentSessions({ id: record.payment_session_id }, { take: 1 })
    // The provider cancels the debit again on delete: already over, which it accepts.
    if (session) await deletePaymentSessionsWorkflow(container).run({ input: { ids: [session.id] } })
  }
  const now = new Date().toISOString()
  await jetpayModule(container).updateJetpayTransactions({
    id: record.id,
    request: {
      ...(details ?? {}),
      canceled_at: now,
      canceled_by: by.actor,
      cancel_reason: by.reason,
    },
  })
}
