import { model } from "@medusajs/framework/utils"

/**
 * One event of a Jetpay webhook batch, recorded once before the route answers. Events
 * about transactions are applied later; an event that failed stays unprocessed with its
 * error, attempts and the time of its next try. Events that are not about transactions
 * (company, KYC, card tokenization, platform) are recorded as already processed: their
 * ids keep the sequence whole, so a missed delivery shows as a gap.
 */
export const JetpayWebhookEvent = model
  .define("jetpay_webhook_event", {
    id: model.id({ prefix: "jpwe" }).primaryKey(),
    /**
     * The Jetpay environment the event came from (the API host): event ids count per
     * environment, so a store that tested on Jetpay's demo keeps production ids apart.
     */
    environment: model.text().default(""),
    /** Jetpay's event id as it came: an integer that only grows. */
    jetpay_event_id: model.text(),
    /** The same id zero-padded to 20 digits: text that sorts like the number (ids may outgrow 32 bits). */
    sequence: model.text(),
    webhook_id: model.text().nullable(),
    type: model.text(),
    /** Null for an event that is not about a transaction. */
    jetpay_transaction_id: model.text().nullable(),
    state: model.text().nullable(),
    /** `createdAt` of the event at Jetpay. */
    occurred_at: model.dateTime().nullable(),
    received_at: model.dateTime(),
    processed_at: model.dateTime().nullable(),
    attempts: model.number().default(0),
    last_error: model.text().nullable(),
    next_attempt_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["environment", "sequence"], unique: true },
    { on: ["jetpay_transaction_id"] },
    // Events still to apply (a few, unless a backlog is being drained): the reconciliation's
    // due events (never tried past a grace, or failed and due again) and the admin's counts.
    { on: ["next_attempt_at", "received_at"], where: "processed_at IS NULL" },
    // Processed events, oldest first: what the retention prunes (`processedEventRetentionMs`).
    { on: ["processed_at"], where: "processed_at IS NOT NULL" },
  ])
