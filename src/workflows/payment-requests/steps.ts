import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { createOrUpdateOrderPaymentCollectionWorkflow } from "@medusajs/core-flows"
import type { JetpayLanguage } from "../../domain/locale-format"
import { cancelPaymentRequest, orderForRequest, paymentRequestDecision, type OrderForRequest, paymentRequestRecord, sendPaymentRequestEmail } from "./payment-requests"
import { readRequestDetails, paymentRequestStatus, type RequestDetails } from "../../domain/payment-request-view"
import { requestLanguage } from "../../domain/request-language"
import { toJetpayAmount } from "../../domain/money"
import { payerName, type Payer } from "../../domain/payer"
import { JETPAY_MODULE } from "../../modules/jetpay"
import type JetpayModuleService from "../../modules/jetpay/service"

export type PreparePaymentRequestInput = {
  order_id: string
  /** The merchant's pick; otherwise chosen from the customer (request-language.ts). */
  language?: JetpayLanguage
  /** The admin user who asked, for the record. */
  requested_by?: string | null
}

export type PreparedPaymentRequest = {
  order_id: string
  currency_code: string
  payment_collection_id: string
  /** Major units, as text: the outstanding amount the collection now holds. */
  amount: string
  cents: number
  payer: Payer
  language_source: string
}

const OPEN_COLLECTION = new Set(["not_paid", "awaiting"])

/**
 * Decides on the server whether the order has something to collect and nothing open for
 * it (payment-request-rules.ts), cancels the order's open requests for another amount, and
 * makes Medusa's own payment collection hold exactly the outstanding amount, through
 * Medusa's createOrUpdateOrderPaymentCollectionWorkflow.
 */
export const preparePaymentRequestStep = createStep(
  "prepare-jetpay-payment-request",
  async (input: PreparePaymentRequestInput, { container }) => {
    const { order, records, decision } = await paymentRequestDecision(container, input.order_id)
    if (!decision.ok) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, decision.refusal.message)

    for (const superseded of decision.supersede) {
      await cancelPaymentRequest(container, order.id, superseded, { actor: input.requested_by ?? null, reason: "superseded" })
    }
    const collectionId = await collectionFor(container, order, decision.outstanding.cents)

    const latest = records.map((record) => readRequestDetails(record.request)).filter(Boolean).at(-1)
    const email = order.email!
    const language = requestLanguage({
      requested: input.language,
      contactLanguage: latest?.language,
      locale: order.locale,
      shippingAddress: order.shipping_address,
      billingAddress: order.billing_address,
    })
    const prepared: PreparedPaymentRequest = {
      order_id: order.id,
      currency_code: order.currency_code,
      payment_collection_id: collectionId,
      amount: decision.outstanding.amount.numeric.toString(),
      cents: decision.outstanding.cents,
      payer: { email, name: payerName(email, order.shipping_address, order.billing_address), language: language.language },
      language_source: language.source,
    }
    return new StepResponse(prepared)
  }
)

/** The order's open payment collection for exactly `cents`, made or resized by Medusa's workflow. */
async function collectionFor(container: MedusaContainer, order: OrderForRequest, cents: number): Promise<string> {
  const fits = (current: OrderForRequest) =>
    current.payment_collections.find(
      (collection) =>
        OPEN_COLLECTION.has(collection.status) &&
        toJetpayAmount(collection.amount as number, current.currency_code) === cents
    )
  const existing = fits(order)
  if (existing) return existing.id
  await createOrUpdateOrderPaymentCollectionWorkflow(container).run({ input: { order_id: order.id } })
  const made = fits(await orderForRequest(container, order.id))
  if (!made) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`[jetpay] order ${order.id}: Medusa's payment collection does not hold the outstanding ${cents} cents`)
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `Medusa made no payment collection for the outstanding amount of order ${order.id}: try again, or check the order's payments`
    )
  }
  return made.id
}

/** Only a request whose link can still be paid is sent again. */
export const checkPaymentRequestOpenStep = createStep(
  "check-jetpay-payment-request-open",
  async (input: { order_id: string; request_id: string }, { container }) => {
    const record = await paymentRequestRecord(container, input.order_id, input.request_id)
    const status = paymentRequestStatus(record, readRequestDetails(record.request))
    if (status !== "open") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Payment request ${input.request_id} is ${status}: only an open request can be sent again.`
      )
    }
    return new StepResponse({ request_id: record.id })
  }
)

type RecordInput = {
  prepared: PreparedPaymentRequest
  session: { id: string }
  requested_by?: string | null
}

/**
 * The provider recorded the new debit when it made it (with its session); this marks it as
 * the order's payment request: its purpose, its order and collection (so the webhook's sync
 * finds the order), and who it is sent to in which language.
 */
export const recordPaymentRequestStep = createStep(
  "record-jetpay-payment-request",
  async ({ prepared, session, requested_by }: RecordInput, { container }) => {
    const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
    const [record] = await jetpay.listJetpayTransactions({ payment_session_id: session.id, kind: "debit" }, { take: 1 })
    if (!record) {
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `The Jetpay debit of payment session ${session.id} was not recorded`)
    }
    const details: RequestDetails = {
      order_id: prepared.order_id,
      email: prepared.payer.email,
      name: prepared.payer.name,
      language: prepared.payer.language,
      language_source: prepared.language_source,
      amount: prepared.amount,
      currency_code: prepared.currency_code,
      requested_by: requested_by ?? null,
      notifications: [],
      canceled_at: null,
    }
    await jetpay.updateJetpayTransactions({
      id: record.id,
      purpose: "payment_request",
      request: details,
      order_id: prepared.order_id,
      payment_collection_id: prepared.payment_collection_id,
    })
    return new StepResponse({ request_id: record.id })
  }
)

type SendInput = { order_id: string; request_id: string; language?: JetpayLanguage }

/**
 * Sends the request's email through Medusa's Notification Module. Never fails the workflow:
 * a store without an email provider still gets the link to copy, and the failure is on the
 * request (and in the admin) until it is resent.
 */
export const sendPaymentRequestEmailStep = createStep(
  "send-jetpay-payment-request-email",
  async (input: SendInput, { container }) => {
    const outcome = await sendPaymentRequestEmail(container, input.order_id, input.request_id, input.language)
    return new StepResponse(outcome)
  }
)

type CancelInput = { order_id: string; request_id: string; canceled_by?: string | null }

/** Cancels the request's debit (its link stops working) and deletes its payment session. */
export const cancelPaymentRequestStep = createStep(
  "cancel-jetpay-payment-request",
  async (input: CancelInput, { container }) => {
    await cancelPaymentRequest(container, input.order_id, input.request_id, { actor: input.canceled_by ?? null, reason: "canceled" })
    return new StepResponse({ request_id: input.request_id })
  }
)
