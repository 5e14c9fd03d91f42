import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, PaymentSessionStatus } from "@medusajs/framework/utils"
import { StepResponse, WorkflowResponse, createStep, createWorkflow, transform, when } from "@medusajs/framework/workflows-sdk"
import { fromJetpayAmount } from "../../domain/money"
import { payerName } from "../../domain/payer"
import type { RequestDetails } from "../../domain/payment-request-view"
import { requestLanguage } from "../../domain/request-language"
import { unpaidOrderSchedule, unpaidOrderTimes } from "../../domain/unpaid-order"
import { JETPAY_MODULE } from "../../modules/jetpay"
import type JetpayModuleService from "../../modules/jetpay/service"
import { jetpayServices } from "../../providers/jetpay/jetpay-services"
import { sendPaymentRequestEmailStep } from "./steps"

export const requestPaymentForNewOrderWorkflowId = "request-jetpay-payment-for-new-order"

type NewOrder = {
  id: string
  email: string | null
  currency_code: string
  locale: string | null
  shipping_address: { first_name?: string | null; last_name?: string | null; company?: string | null; province?: string | null; country_code?: string | null } | null
  billing_address: NewOrder["shipping_address"]
  payment_collections: Array<{ id: string; payment_sessions: Array<{ id: string; status: string; provider_id: string }> | null } | null> | null
}

/** The order's awaiting Jetpay session and the debit its cart completion left unpaid, if any. */
async function unpaidDebitOf(container: MedusaContainer, orderId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "email",
      "currency_code",
      "locale",
      "shipping_address.*",
      "billing_address.*",
      "payment_collections.id",
      "payment_collections.payment_sessions.id",
      "payment_collections.payment_sessions.status",
      "payment_collections.payment_sessions.provider_id",
    ],
    filters: { id: orderId },
  })
  const order = data[0] as NewOrder | undefined
  if (!order?.email) return null
  const awaiting = (order.payment_collections ?? []).flatMap((collection) =>
    (collection?.payment_sessions ?? [])
      .filter((session) => session.status === PaymentSessionStatus.PENDING_AUTHORIZATION)
      .map((session) => ({ sessionId: session.id, collectionId: collection!.id }))
  )
  if (!awaiting.length) return null
  const records = await container.resolve<JetpayModuleService>(JETPAY_MODULE).listJetpayTransactions(
    { payment_session_id: awaiting.map(({ sessionId }) => sessionId), kind: "debit", purpose: "checkout", state: "requested" },
    { take: null }
  )
  for (const { sessionId, collectionId } of awaiting) {
    const record = records.find((candidate) => candidate.payment_session_id === sessionId && candidate.link)
    if (record) return { order, collectionId, record }
  }
  return null
}

/**
 * `orderBeforePayment`: the order its cart completion made with a Jetpay debit nobody paid yet
 * becomes that debit's payment request (its purpose, order, collection and recipient), the
 * same record an admin's request makes, so the order page lists it to resend or cancel, and
 * the sync authorizes and captures it on the order once paid. Nothing when the option is off,
 * or the order has no such debit (a paid checkout, another provider, already made a request).
 */
export const recordNewOrderPaymentRequestStep = createStep(
  "record-jetpay-new-order-payment-request",
  async (input: { order_id: string }, { container }) => {
    if (!jetpayServices(container).options.orderBeforePayment.enabled) return new StepResponse(null)
    const found = await unpaidDebitOf(container, input.order_id)
    if (!found) return new StepResponse(null)
    const { order, collectionId, record } = found
    const now = new Date()
    const schedule = unpaidOrderSchedule(now, jetpayServices(container).options.orderBeforePayment)
    // Read again by the reconciliation job at its reminder, or its expiry, at the latest.
    const wakeAt = unpaidOrderTimes(schedule, now).wakeAt!
    const email = order.email!
    const language = requestLanguage({
      locale: order.locale,
      shippingAddress: order.shipping_address,
      billingAddress: order.billing_address,
    })
    const details: RequestDetails = {
      order_id: order.id,
      email,
      name: payerName(email, order.shipping_address, order.billing_address),
      language: language.language,
      language_source: language.source,
      amount: fromJetpayAmount(record.amount, order.currency_code).numeric.toString(),
      currency_code: order.currency_code,
      requested_by: null,
      notifications: [],
      canceled_at: null,
      ...schedule,
      reminded_at: null,
    }
    await container.resolve<JetpayModuleService>(JETPAY_MODULE).updateJetpayTransactions({
      id: record.id,
      purpose: "payment_request",
      request: details,
      order_id: order.id,
      payment_collection_id: collectionId,
      next_check_at: record.next_check_at && new Date(record.next_check_at) < wakeAt ? record.next_check_at : wakeAt,
    })
    return new StepResponse({ order_id: order.id, request_id: record.id })
  }
)

/**
 * After an order is placed: emails the link of the debit its cart left unpaid, with the
 * payment request's own email (payment-requests.ts), when `orderBeforePayment` is enabled.
 */
export const requestPaymentForNewOrderWorkflow = createWorkflow(
  requestPaymentForNewOrderWorkflowId,
  (input: { order_id: string }) => {
    const recorded = recordNewOrderPaymentRequestStep(input)
    const notification = when("jetpay-new-order-request-recorded", { recorded }, ({ recorded }) => !!recorded).then(() => {
      const emailInput = transform({ recorded }, ({ recorded }) => ({ order_id: recorded!.order_id, request_id: recorded!.request_id }))
      return sendPaymentRequestEmailStep(emailInput)
    })
    return new WorkflowResponse({ recorded, notification })
  }
)
