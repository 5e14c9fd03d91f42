import { AbstractNotificationProviderService, ModuleProvider, Modules } from "@medusajs/framework/utils"
import type { ProviderSendNotificationDTO, ProviderSendNotificationResultsDTO } from "@medusajs/framework/types"

/**
 * A notification provider for the email channel that keeps every email it sent, in order: what
 * the people it was sent to would find in their inbox. A test can make it refuse the next sends
 * it chooses (`refuseNext`), as an email service that is down a moment does. A spec uses it in
 * place of Medusa's local provider by setting JETPAY_TEST_EMAIL_OUTBOX before its app boots
 * (medusa-config.ts); the app runs in the test's process, which reads the same outbox.
 */
export type SentEmail = { to: string; template: string; data: Record<string, unknown> | null; at: Date }

type Refusal = { when: (email: ProviderSendNotificationDTO) => boolean; left: number; message: string }

type Outbox = { sent: SentEmail[]; refused: number; refusals: Refusal[] }

const KEY = Symbol.for("jetpay.tests.email-outbox")

/** The outbox shared by the provider in the app and the test that reads it. */
export function emailOutbox(): Outbox {
  const holder = globalThis as unknown as Record<symbol, Outbox | undefined>
  return (holder[KEY] ??= { sent: [], refused: 0, refusals: [] })
}

/** The emails sent so far, in order, those `filter` keeps. */
export const sentEmails = (filter: (email: SentEmail) => boolean = () => true) => emailOutbox().sent.filter(filter)

/** The next `times` sends that `when` matches fail with `message`, nothing sent. */
export function refuseNext(when: Refusal["when"], times = 1, message = "the email service refused the message") {
  emailOutbox().refusals.push({ when, left: times, message })
}

class EmailOutboxService extends AbstractNotificationProviderService {
  static identifier = "email-outbox"

  async send(notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    const outbox = emailOutbox()
    const refusal = outbox.refusals.find((candidate) => candidate.left > 0 && candidate.when(notification))
    if (refusal) {
      refusal.left--
      outbox.refused++
      throw new Error(refusal.message)
    }
    outbox.sent.push({
      to: notification.to,
      template: notification.template,
      data: (notification.data as Record<string, unknown> | null) ?? null,
      at: new Date(),
    })
    return { id: `outbox_${outbox.sent.length}` }
  }
}

export default ModuleProvider(Modules.NOTIFICATION, { services: [EmailOutboxService] })
