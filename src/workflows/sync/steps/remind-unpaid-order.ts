import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { errorMessage } from "../../../domain/error-message"
import { JETPAY_MODULE } from "../../../modules/jetpay"
import type JetpayModuleService from "../../../modules/jetpay/service"
import { sendPaymentRequestEmail } from "../../payment-requests/payment-requests"
import type { JetpaySnapshot } from "./read-jetpay-transaction"

/**
 * `orderBeforePayment`: an order made before its payment, still unpaid at its reminder time, gets
 * its payment link emailed once more, marked as a reminder (the payment request's own email,
 * payment-requests.ts). Once: the reminder is claimed on the request in one statement before it
 * is sent (two processes never both take it), and the Notification Module drops a second
 * notification with its idempotency key. A reminder that cannot be sent is recorded on the
 * request with its error, as the first email's is, and not tried again: the admin can resend.
 * Never fails the sync.
 */
export const remindUnpaidOrderStep = createStep(
  "remind-unpaid-jetpay-order",
  async (snapshot: JetpaySnapshot, { container }) => {
    const { record, orderId } = snapshot
    if (!snapshot.plan.remindUnpaidOrder || !record || !orderId || !record.schedule?.expires_at) return new StepResponse(null)
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    try {
      const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
      if (!(await jetpay.claimReminder(record.id, new Date()))) return new StepResponse(null)
      const outcome = await sendPaymentRequestEmail(container, orderId, record.id, undefined, {
        reminder: { expires_at: record.schedule.expires_at },
      })
      if (!outcome.error) logger.info(`[jetpay] reminded order ${orderId} of its payment link: still unpaid, it expires at ${record.schedule.expires_at}`)
      return new StepResponse(outcome)
    } catch (error) {
      logger.warn(`[jetpay] the payment reminder of order ${orderId} was not sent: ${errorMessage(error)}`)
      return new StepResponse(null)
    }
  }
)
