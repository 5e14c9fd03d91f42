import type { INotificationModuleService, IOrderModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { AttentionItem } from "../../domain/attention-items"
import {
  ATTENTION_EMAIL_CHANNEL,
  ATTENTION_EMAIL_TEMPLATE,
  ATTENTION_EMAIL_TRIGGER,
  attentionEmail,
  dueAttentionEmails,
  forgetResolvedFailures,
  queueAttentionEmails,
  recordAttentionEmailTry,
  type StaffEmailState,
} from "../../domain/attention-email"
import { errorMessage } from "../../domain/error-message"
import type JetpayModuleService from "../../modules/jetpay/service"
import { jetpayServices } from "../../providers/jetpay/jetpay-services"

/** The sync-state key of the staff emails still to send and those given up (attention-email.ts). */
export const STAFF_EMAILS_KEY = "attention:emails"

/**
 * Queues the staff emails of new Needs attention items (option `attentionEmails`), before they are
 * announced: the list is durable, so a run that stops after this sends them in the next one. Given-up
 * emails of items no longer listed are forgotten. Answers whether any email waits to be sent.
 */
export async function queueStaffEmails(
  container: MedusaContainer,
  jetpay: JetpayModuleService,
  fresh: AttentionItem[],
  listed: AttentionItem[],
  now: Date
): Promise<boolean> {
  const { attentionEmails, currency } = jetpayServices(container).options
  const stored = await jetpay.readState<StaffEmailState>(STAFF_EMAILS_KEY)
  if (!attentionEmails.length && !stored) return false
  const emails = attentionEmails.length && fresh.length ? await emailsOf(container, fresh, currency) : []
  const next = forgetResolvedFailures(
    queueAttentionEmails(stored, emails, attentionEmails, now),
    new Set(listed.map((item) => item.id))
  )
  if (next !== stored) await jetpay.writeState(STAFF_EMAILS_KEY, next)
  return next.pending.length > 0
}

async function emailsOf(container: MedusaContainer, items: AttentionItem[], currency: string) {
  const orderIds = [...new Set(items.flatMap((item) => (item.order_id ? [item.order_id] : [])))]
  const orders = orderIds.length
    ? await container
        .resolve<IOrderModuleService>(Modules.ORDER)
        .listOrders({ id: orderIds }, { select: ["id", "display_id"], take: null })
    : []
  const displayIds = new Map(orders.map((order) => [order.id, order.display_id ?? null]))
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE) as { admin?: { path?: string } }
  const adminPath = config.admin?.path || "/app"
  return items.map((item) =>
    attentionEmail(item, { orderDisplayId: item.order_id ? displayIds.get(item.order_id) ?? null : null, currency, adminPath })
  )
}

/**
 * Sends the staff emails whose try is due through Medusa's Notification Module. Each carries the
 * idempotency key of its item and address: the module sends an email it already has only when
 * that one failed, so a repeated try never makes a second email. A failure is tried again later,
 * a bounded number of times (attention-email.ts), then shown on Settings → Jetpay.
 */
export async function sendStaffEmails(container: MedusaContainer, jetpay: JetpayModuleService, now: Date): Promise<void> {
  const state = await jetpay.readState<StaffEmailState>(STAFF_EMAILS_KEY)
  const due = dueAttentionEmails(state, now)
  if (!state || !due.length) return
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const retryBaseMs = jetpayServices(container).options.timings.reconcileIntervalMs
  let next = state
  for (const email of due) {
    let error: string | null = null
    try {
      // Inside the try: a store without the Notification Module gets the error shown, not a failed run.
      await container.resolve<INotificationModuleService>(Modules.NOTIFICATION).createNotifications({
        to: email.to,
        channel: ATTENTION_EMAIL_CHANNEL,
        template: ATTENTION_EMAIL_TEMPLATE,
        data: email.data,
        content: { subject: email.data.subject, text: email.data.text },
        trigger_type: ATTENTION_EMAIL_TRIGGER,
        resource_id: email.data.order_id ?? email.item_id,
        resource_type: email.data.order_id ? "order" : "jetpay_attention",
        idempotency_key: email.key,
      })
    } catch (failure) {
      error = errorMessage(failure)
      logger.warn(`[jetpay] the staff email about ${email.item_id} was not sent (try ${email.attempts + 1}): ${error}`)
    }
    next = recordAttentionEmailTry(next, email.key, error, new Date(), retryBaseMs)
  }
  await jetpay.writeState(STAFF_EMAILS_KEY, next)
}
