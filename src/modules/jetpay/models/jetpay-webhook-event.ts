import { model } from "@medusajs/framework/utils"

/**
 * One event of a Jetpay webhook batch, recorded once by Jetpay's event id before
 * the route answers. Processing happens later; an event that failed stays
 * unprocessed with its error, attempts and the time of its next try.
 */
export const JetpayWebhookEvent = model
  .define("jetpay_webhook_event", {
    id: model.id({ prefix: "jpwe" }).primaryKey(),
    /** Jetpay's event id: an integer that only grows. Kept as text: it may outgrow 32 bits. */
    jetpay_event_id: model.text().unique(),
    webhook_id: model.text().nullable(),
    type: model.text(),
    jetpay_transaction_id: model.text(),
    state: model.text(),
    /** `createdAt` of the event at Jetpay. */
    occurred_at: model.dateTime().nullable(),
    received_at: model.dateTime(),
    processed_at: model.dateTime().nullable(),
    attempts: model.number().default(0),
    last_error: model.text().nullable(),
    next_attempt_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["jetpay_transaction_id"] },
    { on: ["processed_at", "next_attempt_at"] },
  ])
