import type { INotificationModuleService, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

/**
 * The Notification Module's notification under an idempotency key, if it has one: how a sending
 * whose outcome was not recorded is looked up (email-retry.ts).
 */
export async function notificationByKey(container: MedusaContainer, idempotencyKey: string) {
  const [notification] = await container
    .resolve<INotificationModuleService>(Modules.NOTIFICATION)
    // The module filters on its own column; Medusa's filter type does not list it.
    .listNotifications({ idempotency_key: idempotencyKey } as Parameters<INotificationModuleService["listNotifications"]>[0], {
      take: 1,
    })
  return notification
}
