import { acquireLockStep, createPaymentSessionsWorkflow, releaseLockStep } from "@medusajs/core-flows"
import { WorkflowResponse, createWorkflow, transform } from "@medusajs/framework/workflows-sdk"
import type { JetpayLanguage } from "../../domain/locale-format"
import { PAYER_DATA_KEY } from "../../domain/payer"
import { cancelPaymentRequestStep } from "./steps"
import { checkPaymentRequestOpenStep } from "./steps"
import { preparePaymentRequestStep } from "./steps"
import { recordPaymentRequestStep } from "./steps"
import { sendPaymentRequestEmailStep } from "./steps"

export const requestOrderPaymentWorkflowId = "request-jetpay-order-payment"
export const resendOrderPaymentRequestWorkflowId = "resend-jetpay-order-payment-request"
export const cancelOrderPaymentRequestWorkflowId = "cancel-jetpay-order-payment-request"

export type RequestOrderPaymentInput = {
  order_id: string
  /** Jetpay's provider id in Medusa (`pp_jetpay_jetpay` with the documented config). */
  provider_id: string
  language?: JetpayLanguage
  requested_by?: string | null
}

/** One order's payment requests are made, resent and canceled one at a time, across processes. */
const lockKey = (orderId: string) => `jetpay:payment-request:${orderId}`
const LOCK = { timeout: 30, ttl: 120 }

/**
 * An admin asks the customer to pay what is left on an order (an order edit, a claim or an
 * exchange with a difference due, an order made from a draft): the server computes the
 * outstanding amount, Medusa's own payment collection holds it, Medusa's payment-session
 * workflow makes a Jetpay session for it (the provider creates the contact and the debit,
 * with the payer given here, on the server), and the link goes to the customer by email
 * through the Notification Module. If a step fails, Medusa's compensation deletes the new
 * session and the provider cancels its debit.
 */
export const requestOrderPaymentWorkflow = createWorkflow(requestOrderPaymentWorkflowId, (input: RequestOrderPaymentInput) => {
  const key = transform({ input }, ({ input }) => lockKey(input.order_id))
  acquireLockStep({ key, ...LOCK })
  const prepared = preparePaymentRequestStep({
    order_id: input.order_id,
    language: input.language,
    requested_by: input.requested_by,
  })
  const sessionInput = transform({ prepared, input }, ({ prepared, input }) => ({
    payment_collection_id: prepared.payment_collection_id,
    provider_id: input.provider_id,
    // Read by the provider's initiatePayment for the Jetpay contact, and never saved on the session.
    data: { [PAYER_DATA_KEY]: prepared.payer },
  }))
  const session = createPaymentSessionsWorkflow.runAsStep({ input: sessionInput })
  const recorded = recordPaymentRequestStep({ prepared, session, requested_by: input.requested_by })
  const emailInput = transform({ prepared, recorded }, ({ prepared, recorded }) => ({
    order_id: prepared.order_id,
    request_id: recorded.request_id,
  }))
  const notification = sendPaymentRequestEmailStep(emailInput)
  releaseLockStep({ key })
  return new WorkflowResponse({ request_id: recorded.request_id, notification })
})

export type PaymentRequestActionInput = {
  order_id: string
  request_id: string
  language?: JetpayLanguage
  actor?: string | null
}

/** Sends an open request's email again (in another language if asked). */
export const resendOrderPaymentRequestWorkflow = createWorkflow(
  resendOrderPaymentRequestWorkflowId,
  (input: PaymentRequestActionInput) => {
    const key = transform({ input }, ({ input }) => lockKey(input.order_id))
    acquireLockStep({ key, ...LOCK })
    checkPaymentRequestOpenStep({ order_id: input.order_id, request_id: input.request_id })
    const notification = sendPaymentRequestEmailStep({
      order_id: input.order_id,
      request_id: input.request_id,
      language: input.language,
    })
    releaseLockStep({ key })
    return new WorkflowResponse({ request_id: input.request_id, notification })
  }
)

/** Cancels a request: its Jetpay debit is cancelled, so its link stops working. */
export const cancelOrderPaymentRequestWorkflow = createWorkflow(
  cancelOrderPaymentRequestWorkflowId,
  (input: PaymentRequestActionInput) => {
    const key = transform({ input }, ({ input }) => lockKey(input.order_id))
    acquireLockStep({ key, ...LOCK })
    cancelPaymentRequestStep({ order_id: input.order_id, request_id: input.request_id, canceled_by: input.actor })
    releaseLockStep({ key })
    return new WorkflowResponse({ request_id: input.request_id })
  }
)
