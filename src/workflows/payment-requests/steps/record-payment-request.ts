import { MedusaError } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { JETPAY_MODULE } from "../../../modules/jetpay"
import type JetpayModuleService from "../../../modules/jetpay/service"
import type { RequestDetails } from "../../../domain/payment-request-view"
import type { PreparedPaymentRequest } from "./prepare-payment-request"

type Input = {
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
  async ({ prepared, session, requested_by }: Input, { container }) => {
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
