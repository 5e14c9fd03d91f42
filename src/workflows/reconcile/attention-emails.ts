import type { INotificationModuleService, IOrderModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { AttentionItem } from "../../domain/attention-items"
import {
  ATTENTION_EMAIL_CHANNEL,
  ATTENTION_EMAIL_TEMPLATE,
  ATTENTION_EMAIL_TRIGGER,
  INTERRUPTED_SENDING,
  attentionEmail,
  attentionEmailSendingKey,
  beginAttentionEmailTry,
  dueAttentionEmails,
  finishAttentionEmailTry,
  forgetResolvedFailures,
  queueAttentionEmails,
  type StaffEmailState,
} from "../../domain/attention-email"
import { sendingCountsAsSent } from "../../domain/email-retry"
import { errorMessage } from "../../domain/error-message"
import type JetpayModuleService from "../../modules/jetpay/service"
import { jetpayServices } from "../../providers/jetpay/jetpay-services"
import { notificationByKey } from "../notifications/notification-by-key"

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
 * Sends the staff emails whose try is due through Medusa's Notification Module, each sending under
 * its own idempotency key recorded before the module is asked (email-retry.ts): a sending whose
 * outcome was never recorded (its process died) is looked up by that key first, and counts as sent
 * if the module has it; one the module threw on after its provider took it counts as sent too. So
 * each address receives one email per item. A failure is tried again later, a bounded number of
 * times (attention-email.ts), then shown on Settings → Jetpay.
 */
export async function sendStaffEmails(container: MedusaContainer, jetpay: JetpayModuleService, now: Date): Promise<void> {
  const stored = await jetpay.readState<StaffEmailState>(STAFF_EMAILS_KEY)
  const due = dueAttentionEmails(stored, now)
  if (!stored || !due.length) return
  let state = stored
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const retryBaseMs = jetpayServices(container).options.timings.reconcileIntervalMs
  const save = async (next: StaffEmailState) => {
    if (next !== state) await jetpay.writeState(STAFF_EMAILS_KEY, next)
    state = next
    return next
  }
  for (const email of due) {
    if (email.in_flight) {
      const sent = await sentUnder(container, attentionEmailSendingKey(email, email.in_flight))
      // Not known (the module cannot be asked now): looked up again by a later run, never sent meanwhile.
      if (sent === null) {
        logger.warn(`[jetpay] the staff email about ${email.item_id} waits: its last sending could not be looked up`)
        continue
      }
      const settled = await save(finishAttentionEmailTry(state, email.key, sent ? null : INTERRUPTED_SENDING))
      if (!settled.pending.some((candidate) => candidate.key === email.key)) continue
    }
    const begun = beginAttentionEmailTry(state, email.key, new Date(), retryBaseMs)
    if (!begun) continue
    // Recorded before the module is asked: a process that dies now leaves the key to look up.
    await save(begun.state)
    const idempotencyKey = attentionEmailSendingKey(email, begun.sending)
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
        idempotency_key: idempotencyKey,
      })
    } catch (failure) {
      // The module may throw after its provider took the email: what it recorded says.
      if ((await sentUnder(container, idempotencyKey)) !== true) {
        error = errorMessage(failure)
        const tries = begun.state.pending.find((candidate) => candidate.key === email.key)?.attempts
        logger.warn(`[jetpay] the staff email about ${email.item_id} was not sent (try ${tries}): ${error}`)
      }
    }
    await save(finishAttentionEmailTry(state, email.key, error))
  }
}

/** Whether the Notification Module's notification under the key counts as sent; null when the module cannot be asked. */
async function sentUnder(container: MedusaContainer, idempotencyKey: string): Promise<boolean | null> {
  try {
    return sendingCountsAsSent(await notificationByKey(container, idempotencyKey))
  } catch {
    return null
  }
}
