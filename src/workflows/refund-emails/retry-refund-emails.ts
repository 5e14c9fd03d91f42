import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { errorMessage } from "../../domain/error-message"
import type JetpayModuleService from "../../modules/jetpay/service"
import { refundEmailLockKey, sendJetpayRefundEmailWorkflow } from "./send-refund-email"

/** Refund emails tried again per reconciliation run, at most. */
export const REFUND_EMAIL_RETRIES_PER_RUN = 20

/**
 * The reconciliation's part in refund emails: each credit whose own email is due to be tried again
 * (its first try failed, or its process died during it) is tried under the credit's lock, the way
 * the refund's subscriber and the admin's Resend send it; given up after its tries (refund-email.ts).
 * Answers how many were looked at.
 */
export async function retryRefundEmails(container: MedusaContainer, jetpay: JetpayModuleService, now: Date): Promise<number> {
  const due = await jetpay.refundEmailsDue(now, REFUND_EMAIL_RETRIES_PER_RUN)
  for (const creditId of due) {
    await sendJetpayRefundEmailWorkflow(container)
      .run({ input: { credit_id: creditId, mode: "retry" } })
      .catch((error: unknown) => {
        const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
        const message = errorMessage(error)
        // Its lock is held elsewhere (acquireLockStep's error): still due, tried again by a later run.
        if (message.includes(refundEmailLockKey(creditId))) logger.info(`[jetpay] the email of refund ${creditId} is being sent elsewhere; tried again later`)
        else logger.warn(`[jetpay] retrying the email of refund ${creditId} failed: ${message}`)
      })
  }
  return due.length
}
