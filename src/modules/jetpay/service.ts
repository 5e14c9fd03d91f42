import { InjectTransactionManager, MedusaContext, MedusaService, generateEntityId } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import { JetpayTransaction } from "./models/jetpay-transaction"
import { JetpayWebhookEvent } from "./models/jetpay-webhook-event"

export type WebhookEventInput = {
  jetpay_event_id: string
  webhook_id: string | null
  type: string
  jetpay_transaction_id: string
  state: string
  occurred_at: Date | null
}

export type RecordedWebhookEvent = WebhookEventInput & { id: string; received_at: Date }

class JetpayModuleService extends MedusaService({ JetpayTransaction, JetpayWebhookEvent }) {
  /**
   * Records a batch's events once each, by Jetpay's event id, in one statement:
   * a duplicate delivery (even at the same moment) inserts nothing. Returns only
   * the events that were new, so only they get processed.
   */
  @InjectTransactionManager()
  async recordWebhookEvents(
    events: WebhookEventInput[],
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<RecordedWebhookEvent[]> {
    if (!events.length) return []
    const manager = sharedContext.transactionManager!
    const receivedAt = new Date()
    const rows = events.map((event) => ({
      id: generateEntityId(undefined, "jpwe"),
      ...event,
      received_at: receivedAt,
      attempts: 0,
    }))
    const knex = manager.getKnex()
    const inserted: Array<{ id: string; jetpay_event_id: string }> = await knex("jetpay_webhook_event")
      .insert(rows)
      .onConflict(knex.raw("(jetpay_event_id) where deleted_at is null"))
      .ignore()
      .returning(["id", "jetpay_event_id"])
    const newIds = new Set(inserted.map((row) => row.jetpay_event_id))
    return rows.filter((row) => newIds.has(row.jetpay_event_id))
  }
}

export default JetpayModuleService
