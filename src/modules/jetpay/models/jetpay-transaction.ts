import { model } from "@medusajs/framework/utils"

/**
 * The records the admin's Needs attention list is made of (attention.ts in workflows/reconcile
 * sorts them into kinds): money that moved and may need a person, not yet dealt with, and refunds
 * on their way (an intent whose process died before Jetpay answered becomes one once it is stale). A small
 * part of a store's transactions; its own partial index keeps the reconciliation's look at them
 * cheap. The service's queries use this very text, so PostgreSQL can prove they match the index.
 * (A debit the payer authorized whose record does not say so yet has an unprocessed event that
 * says it: the service finds those through the events.)
 */
export const ATTENTION_RECORD = [
  "attention_resolved_at IS NULL AND (",
  "(kind = 'debit' AND order_id IS NULL AND purpose = 'checkout' AND authorized_at IS NOT NULL)",
  " OR amount_mismatch IS NOT NULL",
  " OR (kind = 'debit' AND failed_at IS NOT NULL AND order_id IS NOT NULL)",
  " OR reversed_at IS NOT NULL",
  " OR (kind = 'debit' AND refund_due_error IS NOT NULL)",
  " OR (kind = 'credit' AND (refund_outcome IN ('unknown', 'pending') OR failed_at IS NOT NULL)))",
].join("")

/**
 * A Jetpay transaction as the store knows it: a debit (the shopper paying) or a
 * credit (a refund), tied to the Medusa records it belongs to as they come to exist.
 * Amounts are Jetpay's integer cents; `state` only moves forward (state-order.ts).
 */
export const JetpayTransaction = model
  .define("jetpay_transaction", {
    id: model.id({ prefix: "jptx" }).primaryKey(),
    /**
     * Jetpay's identifier (a UUID): what webhooks name. A refund recorded before Jetpay was asked
     * holds `intent:<id>` until Jetpay answers.
     */
    jetpay_id: model.text().unique(),
    kind: model.enum(["debit", "credit"]),
    state: model.text().default("requested"),
    fail_reason: model.text().nullable(),
    fail_direction: model.text().nullable(),
    amount: model.number(),
    /** Cents of card fee Jetpay offered on top of `amount` (its debit's answer): paid only if the payer picks card. */
    surcharge: model.number().default(0),
    /**
     * How the payer paid a debit, `card` (the surcharge applied) or `eft`, from the first state a
     * sync saw that tells (transaction-list.ts, `paymentMethodOf`); null until then.
     */
    payment_method: model.text().nullable(),
    link: model.text().nullable(),
    /**
     * A one-way digest of a guest payer's email, name and language: a guest who pays again (or
     * whose cart changed) reuses their Jetpay contact instead of leaving duplicates in the
     * merchant's dashboard. Never the email itself.
     */
    payer_key: model.text().nullable(),
    /** The Jetpay contact: the payer of a debit, the payee of a credit (refunds go to the debit's). */
    contact_id: model.text().nullable(),
    /** When this store first knew the payer authorized it (initiated, paid or completed). */
    authorized_at: model.dateTime().nullable(),
    /** When this store first knew it settled (completed). */
    settled_at: model.dateTime().nullable(),
    /** When this store first knew it failed or was cancelled without having settled. */
    failed_at: model.dateTime().nullable(),
    /** When this store first knew it failed after it had settled (an EFT return). */
    reversed_at: model.dateTime().nullable(),
    payment_session_id: model.text().nullable(),
    payment_collection_id: model.text().nullable(),
    payment_id: model.text().nullable(),
    cart_id: model.text().nullable(),
    order_id: model.text().nullable(),
    /** For a credit: the debit it refunds. */
    debit_jetpay_id: model.text().nullable(),
    /** When the state was last read from Jetpay. */
    status_checked_at: model.dateTime().nullable(),
    /** When the reconciliation job reads the state again; null once it cannot change by itself. */
    next_check_at: model.dateTime().nullable(),
    /** The last error met while applying it, readable; cleared by the next success. */
    last_error: model.text().nullable(),
    /** What the debit is for: a checkout, or a payment an admin requested for an order. */
    purpose: model.enum(["checkout", "payment_request"]).default("checkout"),
    /** A payment request's own details (who was sent what, when, in which language; canceled). */
    request: model.json().nullable(),
    /**
     * What the debit was asked to collect against what the order would be: set when they differ,
     * so a debit never silently completes an order for another amount. `{ debit, session, cart }` in cents.
     */
    amount_mismatch: model.json().nullable(),
    /**
     * A refund credit's outcome as far as this store knows: `pending` (asked), `sent` (Jetpay made
     * the credit), `unknown` (the request timed out: it may or may not exist), `confirmed_sent` /
     * `not_sent` (a person checked Jetpay's dashboard), `recorded` (kept in Medusa after that check).
     */
    refund_outcome: model.text().nullable(),
    /**
     * When Jetpay's live status was first seen ending the transaction (failed, cancelled) before
     * this store had the events leading to it: its history decides between a failure and a
     * return, so the plugin waits for it (a replay) before canceling anything.
     */
    terminal_seen_at: model.dateTime().nullable(),
    /**
     * When Medusa began completing the cart with this debit's session while the payer had not
     * authorized it yet. Cleared by the sync that accounts for that completion, whatever the payer did
     * since: a completion that made the order and died before authorizing (its process killed)
     * leaves an unpaid order, found from here.
     */
    completion_started_at: model.dateTime().nullable(),
    /** When a person marked this transaction's needs-attention item as dealt with. */
    attention_resolved_at: model.dateTime().nullable(),
    /**
     * A refund credit's email to its payee (the link where they enter the bank account to be
     * paid): its language and each sending with the notification id or the error.
     */
    refund_email: model.json().nullable(),
    /**
     * When the reconciliation tries a refund credit's own email again: set before each try (a
     * try whose process dies is retried then), moved on by each failed try, null once the email
     * was sent, given up, or is no longer worth sending (the credit claimed or closed).
     */
    refund_email_retry_at: model.dateTime().nullable(),
    /**
     * A debit that settled for an order canceled while it was on its way: why its refund could not
     * be made (Jetpay refused the credit, another refund's outcome is unknown). Null once refunded,
     * and for every other debit. Lists the payment in Needs attention.
     */
    refund_due_error: model.text().nullable(),
  })
  .indexes([
    { on: ["payment_session_id"] },
    { on: ["order_id"] },
    { on: ["cart_id"] },
    // The reconciliation's re-reads: only transactions that can still change by themselves.
    { on: ["next_check_at"], where: "next_check_at IS NOT NULL" },
    { on: ["payer_key"] },
    // A debit's refund credits: read by every cart completion (refundedCents) and every refund.
    { on: ["debit_jetpay_id"], where: "debit_jetpay_id IS NOT NULL" },
    // Cart completions noted before the payer authorized and not yet accounted for: a handful.
    { on: ["completion_started_at"], where: "completion_started_at IS NOT NULL" },
    // At most one refund of a debit on its way at a time, in every process: a second intent is refused.
    { name: "IDX_jetpay_transaction_one_pending_refund", on: ["debit_jetpay_id"], unique: true, where: "kind = 'credit' AND refund_outcome = 'pending'" },
    // Needs attention; id and updated_at, so the reconciliation's "anything new?" reads the index alone.
    { name: "IDX_jetpay_transaction_attention", on: ["id", "updated_at"], where: ATTENTION_RECORD },
    // Settings → Jetpay's transactions list: newest first, a date range, one page at a time.
    { on: ["created_at", "id"] },
    // A payment's refund credits (the reconciliation's look for refunds Medusa did not record).
    { on: ["payment_id"], where: "payment_id IS NOT NULL" },
    // Refund emails the reconciliation tries again: only the few not sent yet.
    { on: ["refund_email_retry_at"], where: "refund_email_retry_at IS NOT NULL" },
  ])
