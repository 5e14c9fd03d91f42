import { InjectTransactionManager, MedusaContext, MedusaService, generateEntityId } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { JetpaySyncState } from "./models/jetpay-sync-state"
import { JetpayTransaction } from "./models/jetpay-transaction"
import { JetpayWebhookEvent } from "./models/jetpay-webhook-event"
import { eventSequence } from "../../domain/event-sequence"

export type WebhookEventInput = {
  jetpay_event_id: string
  webhook_id: string | null
  type: string
  /** Null for an event that is not about a transaction: recorded as processed at once. */
  jetpay_transaction_id: string | null
  state: string | null
  occurred_at: Date | null
}

export type RecordedBatch = {
  /** How many of the batch's events were new. */
  recorded: number
  /**
   * Transactions of the batch that still have unprocessed events, new or recorded by an
   * earlier delivery whose processing never happened (a crash before the emit): all of
   * them are to be applied.
   */
  unprocessedTransactionIds: string[]
}

/** What a sync writes on a transaction's record (see record-jetpay-outcome.ts). */
export type SyncOutcomeFields = Partial<{
  state: string
  fail_reason: string | null
  fail_direction: string | null
  authorized_at: Date
  settled_at: Date
  failed_at: Date
  reversed_at: Date
  cart_id: string | null
  order_id: string | null
  payment_id: string | null
  status_checked_at: Date
  next_check_at: Date | null
  last_error: string | null
}>

/**
 * The knex of the method's own transaction. The manager's plain `getKnex()` would take a second
 * pool connection while the transaction holds the first: enough of those at once (16 syncs)
 * and every connection is held by a transaction waiting for another one.
 */
function inTransaction(sharedContext: Context<SqlEntityManager>): Knex {
  const manager = sharedContext.transactionManager!
  return (manager.getTransactionContext<Knex.Transaction>() ?? manager.getKnex()) as Knex
}

/** An event applied (or with nothing to apply): processed now, one more attempt, no error or retry left. */
function markedProcessed(knex: Knex, now: Date) {
  return { processed_at: now, attempts: knex.raw("attempts + 1"), last_error: null, next_attempt_at: null, updated_at: now }
}

/** What of a transaction's record counts as part of its history. */
type RecordFacts = { state: string; authorized_at: Date | null; settled_at: Date | null }

class JetpayModuleService extends MedusaService({ JetpayTransaction, JetpayWebhookEvent, JetpaySyncState }) {
  /**
   * Records a batch's events once each, keyed by (environment, event id), in one statement:
   * a duplicate delivery, even at the same moment, inserts nothing.
   */
  @InjectTransactionManager()
  async recordWebhookEvents(
    environment: string,
    events: WebhookEventInput[],
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<RecordedBatch> {
    if (!events.length) return { recorded: 0, unprocessedTransactionIds: [] }
    const knex = inTransaction(sharedContext)
    const receivedAt = new Date()
    const rows = events.map((event) => ({
      id: generateEntityId(undefined, "jpwe"),
      environment,
      sequence: eventSequence(event.jetpay_event_id),
      ...event,
      received_at: receivedAt,
      // Nothing to apply: kept for the sequence (gap detection) and the record.
      processed_at: event.jetpay_transaction_id ? null : receivedAt,
      attempts: 0,
    }))
    const inserted: Array<{ id: string }> = await knex("jetpay_webhook_event")
      .insert(rows)
      .onConflict(knex.raw("(environment, sequence) where deleted_at is null"))
      .ignore()
      .returning(["id"])

    const transactionIds = [...new Set(events.flatMap((event) => (event.jetpay_transaction_id ? [event.jetpay_transaction_id] : [])))]
    const unprocessed: Array<{ jetpay_transaction_id: string }> = transactionIds.length
      ? await knex("jetpay_webhook_event")
          .distinct("jetpay_transaction_id")
          .where({ environment, deleted_at: null, processed_at: null })
          .whereIn("jetpay_transaction_id", transactionIds)
      : []
    return {
      recorded: inserted.length,
      unprocessedTransactionIds: unprocessed.map((row) => row.jetpay_transaction_id),
    }
  }

  /**
   * Marks processed the unprocessed events of these transactions when every one of them says
   * `requested` (a debit or credit just created, its link not used yet): that state has
   * nothing to apply, so no sync and no Jetpay read is spent on it. Returns the transactions
   * whose events were all acknowledged; the others are left for a sync.
   */
  @InjectTransactionManager()
  async acknowledgeRequestedEvents(
    jetpayTransactionIds: string[],
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<string[]> {
    if (!jetpayTransactionIds.length) return []
    const knex = inTransaction(sharedContext)
    const now = new Date()
    const unprocessed = () =>
      knex("jetpay_webhook_event as other")
        .whereRaw("other.jetpay_transaction_id = jetpay_webhook_event.jetpay_transaction_id")
        .whereNull("other.processed_at")
        .whereNull("other.deleted_at")
    const rows: Array<{ jetpay_transaction_id: string }> = await knex("jetpay_webhook_event")
      .whereIn("jetpay_transaction_id", jetpayTransactionIds)
      .whereNull("processed_at")
      .whereNull("deleted_at")
      .whereNotExists(unprocessed().whereRaw("lower(coalesce(other.state, '')) <> 'requested'"))
      .update(markedProcessed(knex, now))
      .returning(["jetpay_transaction_id"])
    return [...new Set(rows.map((row) => row.jetpay_transaction_id))]
  }

  /**
   * Notes that Medusa began completing a cart with this debit's session before the payer
   * authorized it (see `completion_started_at`): the latest start, so a completion still
   * under way is never taken for a dead one.
   */
  @InjectTransactionManager()
  async noteCompletionStarted(
    id: string,
    now: Date,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<void> {
    await inTransaction(sharedContext)("jetpay_transaction")
      .where({ id })
      .whereNull("authorized_at")
      .update({ completion_started_at: now, updated_at: now })
  }

  /**
   * Debits whose cart completion began before `startedBefore` and is still unaccounted for
   * (the payer had not authorized): each is synced to see whether that completion left an
   * unpaid order behind. One whose last sync failed (an order Medusa will not cancel, say)
   * waits until `failedBefore`. Oldest first, at most `limit`.
   */
  @InjectTransactionManager()
  async unaccountedCompletions(
    startedBefore: Date,
    failedBefore: Date,
    limit: number,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<string[]> {
    const rows: Array<{ jetpay_id: string }> = await inTransaction(sharedContext)("jetpay_transaction")
      .select("jetpay_id")
      .whereNull("deleted_at")
      .where("completion_started_at", "<=", startedBefore)
      // Once a sync saw the payer authorize, the order has its payment (a sync that authorized it).
      .whereNull("authorized_at")
      .where((failed) => failed.whereNull("last_error").orWhere("updated_at", "<=", failedBefore))
      .orderBy("completion_started_at", "asc")
      .limit(limit)
    return rows.map((row) => row.jetpay_id)
  }

  /**
   * A sync's result in one transaction: the record's new fields, and its applied events
   * marked processed. Plain updates by id: the sync has just read both, under its lock.
   * `accountedCompletion`: the completion note the sync read and settled; cleared only if no
   * completion noted a newer one meanwhile.
   */
  @InjectTransactionManager()
  async recordSyncOutcome(
    record: { id: string; fields: SyncOutcomeFields; accountedCompletion?: Date | null } | null,
    appliedEventIds: string[],
    now: Date,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<void> {
    const knex = inTransaction(sharedContext)
    if (record) {
      await knex("jetpay_transaction").where({ id: record.id }).update({ ...record.fields, updated_at: now })
      if (record.accountedCompletion) {
        await knex("jetpay_transaction")
          .where({ id: record.id, completion_started_at: record.accountedCompletion })
          .update({ completion_started_at: null })
      }
    }
    if (appliedEventIds.length) {
      await knex("jetpay_webhook_event")
        .whereIn("id", appliedEventIds)
        .update(markedProcessed(knex, now))
    }
  }

  /**
   * Every state this store has on record for a transaction: its events' and its record's.
   * A caller that has just read the record passes it.
   */
  async recordedStates(jetpayTransactionId: string, knownRecord?: RecordFacts | null): Promise<string[]> {
    const [events, [record]] = await Promise.all([
      this.listJetpayWebhookEvents({ jetpay_transaction_id: jetpayTransactionId }, { select: ["state"], take: null }),
      knownRecord !== undefined ? [knownRecord] : this.listJetpayTransactions({ jetpay_id: jetpayTransactionId }, { take: 1 }),
    ])
    const states = events.flatMap((event) => (event.state ? [event.state] : []))
    if (record) {
      states.push(record.state)
      // The facts outlive a state that moved on (a settled debit that later failed).
      if (record.authorized_at) states.push("initiated")
      if (record.settled_at) states.push("completed")
    }
    return states
  }

  /**
   * Transactions with unprocessed events that are due: never tried and received more than
   * `graceMs` ago (the subscriber normally takes them at once), or failed and whose next
   * try has come. Oldest first, at most `limit`.
   */
  @InjectTransactionManager()
  async dueTransactionIds(
    now: Date,
    graceMs: number,
    limit: number,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<string[]> {
    const knex = inTransaction(sharedContext)
    const rows: Array<{ jetpay_transaction_id: string }> = await knex("jetpay_webhook_event")
      .select("jetpay_transaction_id", knex.raw("min(received_at) as first"))
      .whereNull("processed_at")
      .whereNull("deleted_at")
      .whereNotNull("jetpay_transaction_id")
      .where((query) =>
        query
          .where((never) => never.whereNull("next_attempt_at").where("received_at", "<=", new Date(now.getTime() - graceMs)))
          .orWhere("next_attempt_at", "<=", now)
      )
      .groupBy("jetpay_transaction_id")
      .orderBy("first", "asc")
      .limit(limit)
    return rows.map((row) => row.jetpay_transaction_id)
  }

  /** This store's transactions whose status re-read is due, soonest first. */
  @InjectTransactionManager()
  async transactionsToRecheck(
    now: Date,
    limit: number,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<string[]> {
    const knex = inTransaction(sharedContext)
    const rows: Array<{ jetpay_id: string }> = await knex("jetpay_transaction")
      .select("jetpay_id")
      .whereNull("deleted_at")
      .where("next_check_at", "<=", now)
      .orderBy("next_check_at", "asc")
      .limit(limit)
    return rows.map((row) => row.jetpay_id)
  }

  /**
   * The ids (as numbers in text, ascending) of recorded events after `afterSequence`, at most
   * `limit`: what the reconciliation walks to see how far the ids are whole.
   */
  @InjectTransactionManager()
  async eventIdsAfter(
    environment: string,
    afterSequence: string,
    limit: number,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<Array<{ id: string; received_at: Date }>> {
    const knex = inTransaction(sharedContext)
    const rows: Array<{ jetpay_event_id: string; received_at: Date }> = await knex("jetpay_webhook_event")
      .select("jetpay_event_id", "received_at")
      .where({ environment, deleted_at: null })
      .where("sequence", ">", afterSequence)
      .orderBy("sequence", "asc")
      .limit(limit)
    return rows.map((row) => ({ id: row.jetpay_event_id, received_at: row.received_at }))
  }

  @InjectTransactionManager()
  async highestEventId(
    environment: string,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<string | null> {
    const knex = inTransaction(sharedContext)
    const row: { jetpay_event_id: string } | undefined = await knex("jetpay_webhook_event")
      .first("jetpay_event_id")
      .where({ environment, deleted_at: null })
      .orderBy("sequence", "desc")
    return row?.jetpay_event_id ?? null
  }

  /**
   * The records behind the admin's needs-attention list, unresolved (see attention.ts for the
   * kinds). `authorized_event_at`: when a verified event first said the payer authorized it.
   */
  @InjectTransactionManager()
  async attentionCandidates(
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<Array<Record<string, any> & { authorized_event_at: Date | null }>> {
    const knex = inTransaction(sharedContext)
    const authorizedEvent = knex("jetpay_webhook_event as e")
      .min("e.received_at")
      .whereRaw("e.jetpay_transaction_id = t.jetpay_id")
      .whereIn("e.state", ["initiated", "paid", "completed"])
      .whereNull("e.deleted_at")
    return knex("jetpay_transaction as t")
      .select("t.*", authorizedEvent.as("authorized_event_at"))
      .whereNull("t.deleted_at")
      .whereNull("t.attention_resolved_at")
      .where((query) =>
        query
          .where((debit) =>
            debit
              .where("t.kind", "debit")
              .whereNull("t.order_id")
              .where("t.purpose", "checkout")
              .where((authorized) => authorized.whereNotNull("t.authorized_at").orWhereExists(
                  knex("jetpay_webhook_event as x")
                    .select(knex.raw("1"))
                    .whereRaw("x.jetpay_transaction_id = t.jetpay_id")
                    .whereIn("x.state", ["initiated", "paid", "completed"])
                    .whereNull("x.deleted_at")
                )
              )
          )
          .orWhereNotNull("t.amount_mismatch")
          .orWhere((failed) => failed.where("t.kind", "debit").whereNotNull("t.failed_at").whereNotNull("t.order_id"))
          .orWhereNotNull("t.reversed_at")
          .orWhere((credit) => credit.where("t.kind", "credit").where((bad) => bad.where("t.refund_outcome", "unknown").orWhereNotNull("t.failed_at")))
      )
      .orderBy("t.created_at", "desc")
      .limit(500)
  }

  /**
   * Moves a delivery cursor forward, never back: syncs and reconciliation runs advance it at
   * the same time, and an older reading must not undo a newer one.
   */
  @InjectTransactionManager()
  async advanceCursorState(
    key: string,
    through: string,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<void> {
    const knex = inTransaction(sharedContext)
    const value = JSON.stringify({ through })
    await knex.raw(
      `insert into jetpay_sync_state (id, value, created_at, updated_at) values (?, ?::jsonb, now(), now())
       on conflict (id) do update set value = excluded.value, updated_at = now(), deleted_at = null
       where (jetpay_sync_state.value->>'through')::numeric < (excluded.value->>'through')::numeric`,
      [key, value]
    )
  }

  /** The highest event id recorded for a transaction in one of these states, or null. */
  async lastEventIdInStates(jetpayTransactionId: string, states: string[]): Promise<string | null> {
    const events = await this.listJetpayWebhookEvents(
      { jetpay_transaction_id: jetpayTransactionId, state: states },
      { select: ["sequence", "jetpay_event_id"], take: 1, order: { sequence: "DESC" } }
    )
    return events[0]?.jetpay_event_id ?? null
  }

  /**
   * Cents of refund credits that went out, or may have, for a debit: every one except those
   * Jetpay surely did not make. A debit refunded like this never becomes an order.
   */
  async refundedCents(debitJetpayId: string): Promise<number> {
    const credits = await this.listJetpayTransactions(
      { debit_jetpay_id: debitJetpayId, kind: "credit" },
      { select: ["amount", "refund_outcome", "state"], take: null }
    )
    return credits
      .filter((credit) => credit.refund_outcome !== "not_sent" && credit.state !== "cancelled")
      .reduce((sum, credit) => sum + credit.amount, 0)
  }

  async readState<T>(key: string): Promise<T | undefined> {
    const [row] = await this.listJetpaySyncStates({ id: key }, { take: 1 })
    return row ? (row.value as T) : undefined
  }

  @InjectTransactionManager()
  async writeState(
    key: string,
    value: Record<string, unknown>,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<void> {
    const knex = inTransaction(sharedContext)
    await knex("jetpay_sync_state")
      .insert({ id: key, value: JSON.stringify(value), created_at: new Date(), updated_at: new Date() })
      .onConflict("id")
      .merge({ value: JSON.stringify(value), updated_at: new Date(), deleted_at: null })
  }
}

export default JetpayModuleService
