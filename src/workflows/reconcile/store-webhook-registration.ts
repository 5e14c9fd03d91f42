import type { MedusaContainer } from "@medusajs/framework/types"
import { ensureWebhook, type EnsureWebhookResult } from "../../jetpay-api"
import { JETPAY_MODULE } from "../../modules/jetpay"
import type JetpayModuleService from "../../modules/jetpay/service"
import { advanceDeliveryCursor } from "../sync/delivery-cursor"
import { jetpayEnvironment } from "../../domain/store-webhook"
import { jetpayServices } from "../../providers/jetpay/jetpay-services"
import { storeWebhookInput } from "../../domain/store-webhook"

/** The sync-state key under which this store remembers which Jetpay webhook is its own. */
export const WEBHOOK_REGISTRATION_KEY = "webhook:registration"

export type StoredRegistration = { identifier: string; callback_url: string; store_url: string }

/**
 * Registers (or repairs) this store's own webhook, the one with its callback URL, and
 * remembers it for the reconciliation job. A failed webhook is reactivated with a replay
 * from the first event this store is missing, so nothing that happened meanwhile is lost.
 */
export async function registerStoreWebhook(container: MedusaContainer, storeUrl: string): Promise<EnsureWebhookResult> {
  const { client, options } = jetpayServices(container)
  const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
  const cursor = await advanceDeliveryCursor(jetpay, jetpayEnvironment(options.baseUrl))
  const result = await ensureWebhook(client, {
    ...storeWebhookInput(storeUrl, options.webhookApiKey),
    replayFromEventId: cursor.through === null ? undefined : Number(cursor.through + 1n),
  })
  const registration: StoredRegistration = {
    identifier: result.webhook.identifier,
    callback_url: result.webhook.callback_url,
    store_url: storeUrl.replace(/\/+$/, ""),
  }
  await jetpay.writeState(WEBHOOK_REGISTRATION_KEY, registration)
  return result
}
