import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { createOrUpdateOrderPaymentCollectionWorkflow } from "@medusajs/core-flows"
import type { JetpayLanguage } from "../../../domain/locale-format"
import {
  cancelPaymentRequest,
  openRequests,
  orderForRequest,
  paymentRequestRecords,
  pendingDifference,
  type OrderForRequest,
} from "../payment-requests"
import { decidePaymentRequest } from "../../../domain/payment-request-rules"
import { readRequestDetails } from "../../../domain/payment-request-view"
import { requestLanguage } from "../../../domain/request-language"
import { toJetpayAmount } from "../../../domain/money"
import { payerName, type Payer } from "../../../domain/payer"

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
    const order = await orderForRequest(container, input.order_id)
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
