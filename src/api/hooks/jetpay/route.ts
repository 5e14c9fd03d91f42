import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IEventBusModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { JetpayWebhookPayloadError, WebhookVerificationError, parseWebhookBatch } from "../../../jetpay-api"
import { webhookEventsRecordedMessage } from "../../../domain/events"
import { errorMessage } from "../../../domain/error-message"
import { jetpayEnvironment } from "../../../domain/store-webhook"
import { jetpayServices } from "../../../providers/jetpay/jetpay-services"
import { JETPAY_MODULE } from "../../../modules/jetpay"
import type JetpayModuleService from "../../../modules/jetpay/service"
import { createHash, timingSafeEqual } from "node:crypto"

/**
 * Jetpay's webhook deliveries: verify the signed batch against the raw bytes,
 * record each event once, answer 200, and let the subscriber act after the
 * response. Failed verification is a 401 and records nothing. A verified batch is
 * never refused for its content: events that are not about a transaction are
 * recorded and acknowledged.
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const { options, verifier } = jetpayServices(req.scope)
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  const rawBody = (req as MedusaRequest & { rawBody?: Buffer }).rawBody

  if (!rawBody) {
    res.status(400).json({ message: "A Jetpay webhook delivery has a JSON body" })
    return
  }
  try {
    await verifier.verify(req.headers.authorization, rawBody)
  } catch (error) {
    if (error instanceof WebhookVerificationError && (error.reason === "jwks_unavailable" || error.reason === "unknown_key_refetch_pending")) {
      // Not surely the sender's fault (keys unreachable, or a key rotated moments ago): a 503
      // makes Jetpay deliver the batch again later, when the keys can be fetched again.
      logger.warn(`[jetpay] webhook not verified yet: ${error.reason}`)
      res.status(503).json({ message: "Signing keys unavailable; retry later" })
      return
    }
    const reason = error instanceof WebhookVerificationError ? error.reason : "invalid"
    logger.warn(`[jetpay] refused a webhook delivery: ${reason}`)
    res.status(401).json({ message: `Invalid Jetpay webhook signature (${reason})` })
    return
  }
  if (options.webhookApiKey && !sameSecret(req.get(options.webhookApiKeyHeader), options.webhookApiKey)) {
    logger.warn(`[jetpay] refused a webhook delivery: wrong or missing ${options.webhookApiKeyHeader}`)
    res.status(401).json({ message: "Invalid Jetpay webhook api key" })
    return
  }

  let batch
  try {
    batch = parseWebhookBatch(req.body)
  } catch (error) {
    const detail = error instanceof JetpayWebhookPayloadError ? error.message : "not a Jetpay webhook batch"
    res.status(400).json({ message: detail })
    return
  }

  const jetpay = req.scope.resolve<JetpayModuleService>(JETPAY_MODULE)
  const { recorded, unprocessedTransactionIds } = await jetpay.recordWebhookEvents(
    jetpayEnvironment(options.baseUrl),
    batch.events.map((event) => ({
      jetpay_event_id: String(event.id),
      webhook_id: String(batch.webhookId),
      type: event.type,
      jetpay_transaction_id: event.transaction?.id ?? null,
      state: event.transaction?.state ?? null,
      occurred_at: parseDate(event.createdAt),
    }))
  )
  res.status(200).json({ received: batch.events.length, recorded })

  // Also for a redelivered batch: its events may be recorded but never applied (a crash
  // before this emit). If the emit fails, the reconciliation job applies them.
  if (unprocessedTransactionIds.length) {
    const eventBus = req.scope.resolve<IEventBusModuleService>(Modules.EVENT_BUS)
    await eventBus
      .emit(webhookEventsRecordedMessage(unprocessedTransactionIds))
      .catch((error: unknown) => logger.error(`[jetpay] could not schedule webhook processing: ${errorMessage(error)}`))
  }
}

function parseDate(value: string): Date | null {
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date
}

/**
 * Compares a presented secret with the expected one in constant time. Hashing first
 * gives equal-length buffers, so not even the secret's length leaks through timing.
 */
function sameSecret(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest()
  return timingSafeEqual(digest(presented), digest(expected))
}
