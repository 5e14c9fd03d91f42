import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import { StepResponse, WorkflowResponse, createStep, createWorkflow, transform } from "@medusajs/framework/workflows-sdk"
import type { JetpayLanguage } from "../../domain/locale-format"
import { sendRefundEmail, type RefundEmailMode } from "./refund-emails"

export const sendJetpayRefundEmailWorkflowId = "send-jetpay-refund-email"

export type SendRefundEmailInput = {
  /** The credit's record id (`jptx_...`). */
  credit_id: string
  /** `first`: the email a refund sends once; `retry`: the reconciliation's next try of it; `resend`: an admin's press. */
  mode: RefundEmailMode
  language?: JetpayLanguage
}

/** Sends (or skips, or refuses) the credit's email and records the sending on the credit. */
export const sendRefundEmailStep = createStep("send-jetpay-refund-email", async (input: SendRefundEmailInput, { container }) => {
  return new StepResponse(await sendRefundEmail(container, input.credit_id, input.mode, input.language))
})

/** One credit's emails are sent one at a time, across processes (Medusa's locking module). */
export const refundEmailLockKey = (creditId: string) => `jetpay:refund-email:${creditId}`
const LOCK = { timeout: 30, ttl: 120 }

/**
 * A refund credit's email to the customer, under the credit's lock: two presses of Resend (or
 * a resend and the refund's own email, two deliveries of `payment.refunded`, or the
 * reconciliation's retry) each see what the other sent, so each sends at most once and the
 * first email goes once.
 */
export const sendJetpayRefundEmailWorkflow = createWorkflow(sendJetpayRefundEmailWorkflowId, (input: SendRefundEmailInput) => {
  // The reconciliation's retry does not wait for a lock held elsewhere (a sending under way, or a
  // dead process's until its lease ends): its run goes on, and a later run tries again.
  const key = transform({ input }, ({ input }) => refundEmailLockKey(input.credit_id))
  const timeout = transform({ input }, ({ input }) => (input.mode === "retry" ? 0 : LOCK.timeout))
  acquireLockStep({ key, timeout, ttl: LOCK.ttl })
  const outcome = sendRefundEmailStep(input)
  releaseLockStep({ key })
  return new WorkflowResponse(outcome)
})
