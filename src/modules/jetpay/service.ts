import { InjectManager, MedusaContext, MedusaService, generateEntityId } from "@medusajs/framework/utils"
import type { Context, InferTypeOf } from "@medusajs/framework/types"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { JetpaySyncState } from "./models/jetpay-sync-state"
import { ATTENTION_RECORD, JetpayTransaction } from "./models/jetpay-transaction"
import { JetpayWebhookEvent } from "./models/jetpay-webhook-event"
import { eventSequence } from "../../domain/event-sequence"
import { OUTBOX_KEY_PREFIX, type OutboxEntry } from "../../domain/plugin-event-outbox"
import { SETTLED_CREDIT_OUTCOMES } from "../../domain/unrecorded-refunds"
import { recordedHistory, type RecordFacts, type RecordedHistory } from "../../domain/recorded-history"

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
  /** Kept once recorded: the first sync that could tell wins. */
  payment_method: string
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
 * The knex of a method that needs no transaction of its own (`@InjectManager`): each of the
 * service's writes is one statement, atomic by itself, with no BEGIN and COMMIT around it. Inside
 * a caller's transaction, that transaction's knex: the manager's plain `getKnex()` would take a
 * second pool connection while the transaction holds the first (enough of those at once, 16
 * syncs, and every connection is held by a transaction waiting for another one).
 */
function outsideTransaction(sharedContext: Context<SqlEntityManager>): Knex {
  const manager = sharedContext.transactionManager ?? sharedContext.manager!
  return (manager.getTransactionContext<Knex.Transaction>() ?? manager.getKnex()) as Knex
}

/** Event states that say the payer authorized the transaction (as the needs-attention list reads them). */
const AUTHORIZED_EVENT_STATES = ["initiated", "paid", "completed"]

/**
 * What a reconciliation run looks at first, in one statement (see `reconciliationLook`): whether
 * any of its work is due, the needs-attention records' fingerprint, and its bookkeeping.
 */
export type ReconciliationLook = {
  /** Unprocessed events never tried past their grace, or failed and due again. */
  eventsDue: boolean
  /** Transactions whose status re-read is due. */
  recheckDue: boolean
  /** Cart completions noted long enough ago and unaccounted for. */
  completionsDue: boolean
  /** Events recorded past the delivery cursor (or no cursor yet while events exist). */
  newEvents: boolean
  /** Some transaction still has a next status re-read. */
  openTransactions: boolean
  /** When the environment's newest event was received, or null before any. */
  lastEventAt: Date | null
  /** Changes whenever a needs-attention record or an unprocessed authorizing event does. */
  attentionFingerprint: string
  /** Some processed event is past its retention and needed by nothing (`pruneProcessedEvents` has work). */
  pruneDue: boolean
  /** Some refund's email is due to be tried again (`refundEmailsDue`). */
  refundEmailsDue: boolean
  /** The sync-state values asked for, by key; a key without a row is absent. */
  state: Record<string, unknown>
}

/**
 * SQL of the needs-attention fingerprint: the count and a sum of hashes of the records (id and
 * updated_at, read from their partial index alone) and of the unprocessed events that say a
 * payer authorized, received before the bound (`?`, the payment-without-order grace ago): such
 * an event is all a debit whose record does not say it yet can be listed by, and only once its
 * grace is over. A change to either changes it; a payment in progress (an event just received
 * and about to be applied) does not.
 */
const ATTENTION_FINGERPRINT_SQL = `
  (select count(*) || ':' || coalesce(sum(hashtext(id || ' ' || extract(epoch from updated_at)::text)), 0)
     from jetpay_transaction where deleted_at is null and ${ATTENTION_RECORD})
  || '/' ||
  (select count(*) || ':' || coalesce(sum(hashtext(id)), 0)
     from jetpay_webhook_event
     where processed_at is null and deleted_at is null and received_at <= ?
       and state in ('${AUTHORIZED_EVENT_STATES.join("', '")}'))`

/** An event applied (or with nothing to apply): processed now, one more attempt, no error or retry left. */
function markedProcessed(knex: Knex, now: Date) {
  return { processed_at: now, attempts: knex.raw("attempts + 1"), last_error: null, next_attempt_at: null, updated_at: now }
}

/**
 * Unprocessed events that are due: never tried and received more than `graceMs` ago (the
 * subscriber normally takes them at once), or failed and whose next try has come.
 */
function dueEvents(knex: Knex, now: Date, graceMs: number) {
  return knex("jetpay_webhook_event")
    .whereNull("processed_at")
    .whereNull("deleted_at")
    .where((query) =>
      query
        .where((never) => never.whereNull("next_attempt_at").where("received_at", "<=", new Date(now.getTime() - graceMs)))
        .orWhere("next_attempt_at", "<=", now)
    )
}

/**
 * SQL (after `select ...`) of the processed events the retention may delete: processed before
 * the cutoff (`?`), and needed by nothing any more. Kept are the events of a transaction that
 * is still open (a next status re-read: its history may still decide a failure or a return) or
 * in Needs attention (its authorization time is read from them), events the delivery cursor has
 * not walked past (the gap check reads them; `?` is the cursor keys' prefix), and each
 * environment's newest event (the last event received, the highest id). Unprocessed and failed
 * events have no `processed_at`: never taken. Read from the partial index of processed events,
 * oldest first: each condition is a subquery per event (not a join), so a batch stops after its
 * `limit` matches instead of weighing every old event first (docs/operations.md shows the plans).
 */
const PRUNABLE_EVENTS_SQL = `
  from jetpay_webhook_event e
  where e.processed_at is not null and e.processed_at < ? and e.deleted_at is null
    and coalesce((select e.sequence <= lpad(s.value->>'through', 20, '0') from jetpay_sync_state s
                  where s.id = ? || e.environment and s.deleted_at is null), false)
    and e.sequence < (select max(x.sequence) from jetpay_webhook_event x
                      where x.environment = e.environment and x.deleted_at is null)
    and coalesce((select false from jetpay_transaction t
                  where t.jetpay_id = e.jetpay_transaction_id and t.deleted_at is null
                    and (t.next_check_at is not null or ${ATTENTION_RECORD})), true)`

/** A filtered page of the transactions list (`listTransactionPage`). */
export type TransactionPageFilter = {
  /** Jetpay ids (whole) or orders (by id) to match, any of them; absent: no search. */
  search?: { jetpayIds: string[]; orderIds: string[] }
  states?: string[]
  kinds?: string[]
  /** Made at or after / before (created_at). */
  from?: Date
  to?: Date
  limit: number
  offset: number
}

export type { RecordedHistory }

/** A transaction's record as the database holds it. */
export type JetpayTransactionRow = InferTypeOf<typeof JetpayTransaction>

/** One event of a transaction, as `readTransaction` answers it. */
export type TransactionEventRow = { id: string; attempts: number; state: string | null; processed: boolean }

/** A transaction's record, events, history and refunds, read together (`readTransaction`). */
export type TransactionReading = {
  /** Null when this store has no record of it. */
  record: JetpayTransactionRow | null
  /** Every event of the transaction, by id (empty unless asked for). */
  events: TransactionEventRow[]
  /** Its events' states and its record's, as `recordedStates` answers (events' part only when asked for). */
  history: RecordedHistory
  /** As `refundedCents` counts them (0 unless asked for). */
  refundedCents: number
}

/**
 * SQL of the cents of a debit's refund credits that went out, or may have: every one except those
 * Jetpay surely did not make. `debit` is the SQL of the debit's Jetpay id. Read from the index of a
 * debit's credits.
 */
const refundedCentsSql = (debit: string) => `
  (select coalesce(sum(c.amount), 0)::int from jetpay_transaction c
   where c.debit_jetpay_id = ${debit} and c.kind = 'credit' and c.deleted_at is null
     and not c.state = 'cancelled' and (c.refund_outcome is null or not c.refund_outcome = 'not_sent'))`

class JetpayModuleService extends MedusaService({ JetpayTransaction, JetpayWebhookEvent, JetpaySyncState }) {
  /**
   * Records a batch's events once each, keyed by (environment, event id), and answers which of
   * its transactions have events to apply, in one statement: a duplicate delivery, even at the
   * same moment, inserts nothing (and leaves the applying to the delivery that recorded them).
   */
  @InjectManager()
  async recordWebhookEvents(
    environment: string,
    events: WebhookEventInput[],
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<RecordedBatch> {
    if (!events.length) return { recorded: 0, unprocessedTransactionIds: [] }
    const knex = outsideTransaction(sharedContext)
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
    const inserted = knex("jetpay_webhook_event")
      .insert(rows)
      .onConflict(knex.raw("(environment, sequence) where deleted_at is null"))
      .ignore()
      .returning(["jetpay_transaction_id", "processed_at"])
    const transactionIds = [...new Set(events.flatMap((event) => (event.jetpay_transaction_id ? [event.jetpay_transaction_id] : [])))]
    // The events this statement inserts, and those an earlier delivery recorded and nobody applied
    // (a crash before the hand-over): the table's rows are read as they were before the insert.
    const unprocessed = transactionIds.length
      ? knex.raw(
          `array(select jetpay_transaction_id from inserted where processed_at is null and jetpay_transaction_id is not null
             union
             select jetpay_transaction_id from jetpay_webhook_event
             where environment = ? and deleted_at is null and processed_at is null
               and jetpay_transaction_id in (${transactionIds.map(() => "?").join(", ")})) as unprocessed`,
          [environment, ...transactionIds]
        )
      : knex.raw("array[]::text[] as unprocessed")
    const [row]: Array<{ recorded: number; unprocessed: string[] }> = await knex
      .with("inserted", inserted)
      .select(knex.raw("(select count(*) from inserted)::int as recorded"), unprocessed)
    return { recorded: row.recorded, unprocessedTransactionIds: row.unprocessed }
  }

  /**
   * Of these transactions, those with unprocessed events, in one statement that also marks
   * processed the unprocessed events of each whose every one says `requested` (a debit or credit
   * just created, its link not used yet): that state has nothing to apply, so no sync and no
   * Jetpay read is spent on it. Answers the transactions left for a sync: those with an
   * unprocessed event that says more.
   */
  @InjectManager()
  async transactionsToApply(
    jetpayTransactionIds: string[],
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<string[]> {
    if (!jetpayTransactionIds.length) return []
    // One statement: atomic without a transaction of its own.
    const knex = outsideTransaction(sharedContext)
    const now = new Date()
    const unprocessed = () =>
      knex("jetpay_webhook_event as other")
        .whereRaw("other.jetpay_transaction_id = jetpay_webhook_event.jetpay_transaction_id")
        .whereNull("other.processed_at")
        .whereNull("other.deleted_at")
    const acknowledged = knex("jetpay_webhook_event")
      .whereIn("jetpay_transaction_id", jetpayTransactionIds)
      .whereNull("processed_at")
      .whereNull("deleted_at")
      .whereNotExists(unprocessed().whereRaw("lower(coalesce(other.state, '')) <> 'requested'"))
      .update(markedProcessed(knex, now))
      .returning(["jetpay_transaction_id"])
    // The select reads the events as they were before the update: those it acknowledged are left out.
    const rows: Array<{ jetpay_transaction_id: string }> = await knex
      .with("acknowledged", acknowledged)
      .distinct("jetpay_transaction_id")
      .from("jetpay_webhook_event")
      .whereIn("jetpay_transaction_id", jetpayTransactionIds)
      .whereNull("processed_at")
      .whereNull("deleted_at")
      .whereNotIn("jetpay_transaction_id", knex("acknowledged").select("jetpay_transaction_id"))
    return rows.map((row) => row.jetpay_transaction_id)
  }

  /**
   * Records a debit the provider has just created, in one statement (no BEGIN and COMMIT of its
   * own around it): the columns not given take their defaults.
   */
  @InjectManager()
  async recordNewDebit(
    fields: Pick<
      JetpayTransactionRow,
      "jetpay_id" | "state" | "amount" | "surcharge" | "link" | "contact_id" | "payer_key" | "payment_session_id" | "next_check_at"
    >,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<void> {
    const now = new Date()
    await outsideTransaction(sharedContext)("jetpay_transaction").insert({
      id: generateEntityId(undefined, "jptx"),
      kind: "debit",
      ...fields,
      created_at: now,
      updated_at: now,
    })
  }

  /**
   * Notes that Medusa began completing a cart with this debit's session before the payer
   * authorized it (see `completion_started_at`): the latest start, so a completion still
   * under way is never taken for a dead one.
   */
  @InjectManager()
  async noteCompletionStarted(
    id: string,
    now: Date,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<void> {
    await outsideTransaction(sharedContext)("jetpay_transaction")
      .where({ id })
      .whereNull("authorized_at")
      .update({ completion_started_at: now, updated_at: now })
  }

  /**
   * Debits whose cart completion began before `startedBefore` and is still unaccounted for: each
   * is synced to see whether that completion left an unpaid order behind. Whether the payer has
   * authorized since does not matter: a sync that saw the authorization while the completion could
   * still be running left that order's payment to it, and kept the note. One whose last sync failed
   * (an order Medusa will not cancel, say) waits until `failedBefore`. Oldest first, at most `limit`.
   */
  @InjectManager()
  async unaccountedCompletions(
    startedBefore: Date,
    failedBefore: Date,
    limit: number,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<string[]> {
    // Reads the partial index of noted completions (a sync that accounts for one clears its note).
    const rows: Array<{ jetpay_id: string }> = await outsideTransaction(sharedContext)("jetpay_transaction")
      .select("jetpay_id")
      .whereNull("deleted_at")
      .where("completion_started_at", "<=", startedBefore)
      .where((failed) => failed.whereNull("last_error").orWhere("updated_at", "<=", failedBefore))
      .orderBy("completion_started_at", "asc")
      .limit(limit)
    return rows.map((row) => row.jetpay_id)
  }

  /**
   * A sync's result in one statement: the record's new fields, the events they make told in the
   * outbox (plugin-event-outbox.ts; an entry already there stays as it is), and its applied
   * events marked processed. Plain updates by id: the sync has just read both, under its lock.
   * `accountedCompletion`: the completion note the sync read and settled; cleared only if no
   * completion noted a newer one meanwhile. The outbox entries it adds are taken for emitting by
   * this process at once (`claimed_at`, as `claimOutbox` takes them): answers their keys.
   */
  @InjectManager()
  async recordSyncOutcome(
    record: { id: string; fields: SyncOutcomeFields; accountedCompletion?: Date | null } | null,
    appliedEventIds: string[],
    now: Date,
    outbox: OutboxEntry[] = [],
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<{ claimed: string[] }> {
    const knex = outsideTransaction(sharedContext)
    // Every write in one statement (CTEs, all run whether or not the final select reads them): atomic without a transaction.
    const fields = record && {
      ...record.fields,
      ...(record.fields.payment_method
        ? { payment_method: knex.raw("coalesce(payment_method, ?)", [record.fields.payment_method]) }
        : {}),
      updated_at: now,
      ...(record.accountedCompletion
        ? {
            completion_started_at: knex.raw("case when completion_started_at = ? then null else completion_started_at end", [
              record.accountedCompletion,
            ]),
          }
        : {}),
    }
    const withOutbox = !!record && outbox.length > 0
    let statement: Knex.QueryBuilder = knex.queryBuilder()
    if (withOutbox) {
      const claimedAt = now.toISOString()
      const rows = outbox.map((entry) => ({
        id: entry.key,
        value: JSON.stringify({ ...entry.value, claimed_at: claimedAt }),
        created_at: now,
        updated_at: now,
      }))
      statement = statement.with("outbox", knex("jetpay_sync_state").insert(rows).onConflict("id").ignore().returning(["id"]))
    }
    if (record) statement = statement.with("record", knex("jetpay_transaction").where({ id: record.id }).update(fields!, ["id"]))
    if (appliedEventIds.length) {
      statement = statement.with(
        "applied",
        knex("jetpay_webhook_event").whereIn("id", appliedEventIds).update(markedProcessed(knex, now), ["id"])
      )
    }
    if (!record && !appliedEventIds.length) return { claimed: [] }
    const [row]: Array<{ claimed: string[] }> = await statement.select(
      knex.raw(withOutbox ? "array(select id from outbox) as claimed" : "array[]::text[] as claimed")
    )
    return { claimed: row.claimed }
  }

  /**
   * Takes outbox entries for emitting, in the order they were recorded: those named by `keys`, or
   * any recorded before `recordedBefore`; never one another process took less than `leaseMs` ago.
   * Two processes never take the same entry at once, so an event goes out once unless its emitter
   * died (then it goes out again after the lease).
   */
  @InjectManager()
  async claimOutbox(
    input: { keys?: string[]; recordedBefore?: Date; now: Date; leaseMs: number; limit: number },
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<OutboxEntry[]> {
    if (input.keys && !input.keys.length) return []
    const knex = outsideTransaction(sharedContext)
    const candidates = knex("jetpay_sync_state")
      .select("id")
      .where("id", "like", `${OUTBOX_KEY_PREFIX}%`)
      .whereNull("deleted_at")
      .where((claim) =>
        claim
          .whereRaw("value->>'claimed_at' is null")
          .orWhereRaw("(value->>'claimed_at')::timestamptz < ?", [new Date(input.now.getTime() - input.leaseMs)])
      )
      .limit(input.limit)
      .forUpdate()
      .skipLocked()
    if (input.keys) candidates.whereIn("id", input.keys)
    if (input.recordedBefore) candidates.where("created_at", "<=", input.recordedBefore)
    const rows: Array<{ id: string; value: OutboxEntry["value"]; created_at: Date }> = await knex("jetpay_sync_state")
      .whereIn("id", candidates)
      .update(
        { value: knex.raw("jsonb_set(value, '{claimed_at}', to_jsonb(?::text))", [input.now.toISOString()]), updated_at: input.now },
        ["id", "value", "created_at"]
      )
    return rows
      .sort((a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime() || a.value.seq - b.value.seq)
      .map((row) => ({ key: row.id, value: row.value }))
  }

  /** Ends outbox entries this process took: `sent` ones are removed, the others are free to take again. */
  @InjectManager()
  async releaseOutbox(
    keys: { sent: string[]; unsent: string[] },
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<void> {
    const knex = outsideTransaction(sharedContext)
    if (keys.sent.length) await knex("jetpay_sync_state").whereIn("id", keys.sent).delete()
    if (keys.unsent.length) {
      await knex("jetpay_sync_state")
        .whereIn("id", keys.unsent)
        .update({ value: knex.raw("value - 'claimed_at'"), updated_at: new Date() })
    }
  }

  /**
   * Every state this store has on record for a transaction, its events' and its record's, and
   * whether a status read confirmed its settlement (the record's `settled_at`: set only then).
   * A caller that has just read the record passes it.
   */
  async recordedStates(jetpayTransactionId: string, knownRecord?: RecordFacts | null): Promise<RecordedHistory> {
    const [states, [record]] = await Promise.all([
      this.eventStates(jetpayTransactionId),
      knownRecord !== undefined ? [knownRecord] : this.listJetpayTransactions({ jetpay_id: jetpayTransactionId }, { take: 1 }),
    ])
    return recordedHistory(states, record)
  }

  /**
   * A transaction's record, found by its Jetpay id or as a payment session's debit, in one
   * statement with what the caller asks for besides: its events (`events`) and the cents refunded
   * of it (`refunded`). What a sync, an authorization or a cart completion reads first, instead of
   * a statement for each.
   */
  @InjectManager()
  async readTransaction(
    match: { jetpay_id: string } | { payment_session_id: string; kind: "debit" },
    include: { events?: boolean; refunded?: boolean },
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<TransactionReading> {
    const knex = outsideTransaction(sharedContext)
    const byJetpayId = "jetpay_id" in match
    const jetpayId = byJetpayId ? match.jetpay_id : null
    const events = include.events
      ? `(select coalesce(json_agg(json_build_object('id', e.id, 'attempts', e.attempts, 'state', e.state,
           'processed', e.processed_at is not null) order by e.id), '[]'::json)
         from jetpay_webhook_event e where e.jetpay_transaction_id = coalesce(t.jetpay_id, ?) and e.deleted_at is null)`
      : "'[]'::json"
    const { rows } = await knex.raw(
      `select t.*, ${include.refunded ? refundedCentsSql("t.jetpay_id") : "0"} as reading_refunded_cents,
         ${events} as reading_events
       from (select 1) as one
       left join lateral (
         select * from jetpay_transaction
         where ${byJetpayId ? "jetpay_id = ?" : "payment_session_id = ? and kind = ?"} and deleted_at is null
         order by id limit 1
       ) t on true`,
      [...(include.events ? [jetpayId] : []), ...(byJetpayId ? [match.jetpay_id] : [match.payment_session_id, match.kind])]
    )
    const { reading_refunded_cents, reading_events, ...columns } = rows[0] as Record<string, unknown> & {
      reading_refunded_cents: number | null
      reading_events: TransactionEventRow[]
    }
    const record = columns.id ? (columns as unknown as JetpayTransactionRow) : null
    return {
      record,
      events: reading_events,
      history: recordedHistory(
        reading_events.flatMap((event) => (event.state === null ? [] : [event.state])),
        record as RecordFacts | null
      ),
      refundedCents: record ? Number(reading_refunded_cents ?? 0) : 0,
    }
  }

  /** The states of a transaction's events, in no order (a plain read: every sync makes it). */
  @InjectManager()
  async eventStates(jetpayTransactionId: string, @MedusaContext() sharedContext: Context<SqlEntityManager> = {}): Promise<string[]> {
    const rows: Array<{ state: string }> = await outsideTransaction(sharedContext)("jetpay_webhook_event")
      .select("state")
      .where({ jetpay_transaction_id: jetpayTransactionId, deleted_at: null })
      .whereNotNull("state")
    return rows.map((row) => row.state)
  }

  /** Transactions with due events (`dueEvents`), oldest first, at most `limit`. */
  @InjectManager()
  async dueTransactionIds(
    now: Date,
    graceMs: number,
    limit: number,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<string[]> {
    // Reads the partial index of unprocessed events.
    const knex = outsideTransaction(sharedContext)
    const rows: Array<{ jetpay_transaction_id: string }> = await dueEvents(knex, now, graceMs)
      .select("jetpay_transaction_id", knex.raw("min(received_at) as first"))
      .whereNotNull("jetpay_transaction_id")
      .groupBy("jetpay_transaction_id")
      .orderBy("first", "asc")
      .limit(limit)
    return rows.map((row) => row.jetpay_transaction_id)
  }

  /**
   * Whether this transaction still has a due event (as `dueTransactionIds` counts them): asked
   * again once its lock is held, since a sync that held it meanwhile may have applied them.
   */
  @InjectManager()
  async hasDueEvents(
    jetpayTransactionId: string,
    now: Date,
    graceMs: number,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<boolean> {
    const knex = outsideTransaction(sharedContext)
    const row = await dueEvents(knex, now, graceMs).where({ jetpay_transaction_id: jetpayTransactionId }).first("id")
    return !!row
  }

  /** This store's transactions whose status re-read is due, soonest first (the partial index of open ones). */
  @InjectManager()
  async transactionsToRecheck(
    now: Date,
    limit: number,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<string[]> {
    const knex = outsideTransaction(sharedContext)
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
  @InjectManager()
  async eventIdsAfter(
    environment: string,
    afterSequence: string,
    limit: number,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<Array<{ id: string; received_at: Date }>> {
    const knex = outsideTransaction(sharedContext)
    const rows: Array<{ jetpay_event_id: string; received_at: Date }> = await knex("jetpay_webhook_event")
      .select("jetpay_event_id", "received_at")
      .where({ environment, deleted_at: null })
      .where("sequence", ">", afterSequence)
      .orderBy("sequence", "asc")
      .limit(limit)
    return rows.map((row) => ({ id: row.jetpay_event_id, received_at: row.received_at }))
  }

  @InjectManager()
  async highestEventId(
    environment: string,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<string | null> {
    const knex = outsideTransaction(sharedContext)
    const row: { jetpay_event_id: string } | undefined = await knex("jetpay_webhook_event")
      .first("jetpay_event_id")
      .where({ environment, deleted_at: null })
      .orderBy("sequence", "desc")
    return row?.jetpay_event_id ?? null
  }

  /**
   * Every refund credit Jetpay made (`sent` or `recorded`) of the Medusa payments that had one
   * made since `since`, dismissed ones included (unrecorded-refunds.ts leaves those out): all of
   * a payment's credits, however old, so that each of its Medusa refunds is matched against them.
   */
  @InjectManager()
  async settledCreditsOfRecentPayments(
    since: Date,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<Array<Record<string, any>>> {
    const knex = outsideTransaction(sharedContext)
    const settled = (query: Knex.QueryBuilder) =>
      query.whereNull("deleted_at").where("kind", "credit").whereIn("refund_outcome", SETTLED_CREDIT_OUTCOMES).whereNotNull("payment_id")
    return settled(knex("jetpay_transaction").select("*"))
      .whereIn("payment_id", settled(knex("jetpay_transaction").distinct("payment_id")).where("created_at", ">=", since))
      .orderBy("created_at", "asc")
  }

  /**
   * The records behind the admin's needs-attention list, unresolved (see attention.ts for the
   * kinds), newest first, at most 500. `authorized_event_at`: when a verified event first said
   * the payer authorized it. Two index reads, no scan of either table: the records in the
   * partial index of needs-attention records (`ATTENTION_RECORD`), and the checkout debits
   * without an order whose record does not say the payer authorized but an unprocessed event
   * does. That second part is all of them: a sync that applies such an event records
   * `authorized_at` in the same write that marks it processed (record-jetpay-outcome.ts).
   */
  @InjectManager()
  async attentionCandidates(
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<Array<Record<string, any> & { authorized_event_at: Date | null }>> {
    const knex = outsideTransaction(sharedContext)
    const states = AUTHORIZED_EVENT_STATES
    // `id = any(array(...))`: the rows are taken by primary key; with `id in (select ...)` the
    // planner, which cannot tell how few the candidates are, scans the whole table instead.
    const { rows } = await knex.raw(
      `with candidate as (
         select id from jetpay_transaction where deleted_at is null and ${ATTENTION_RECORD}
         union
         select t.id from jetpay_transaction t
         where t.jetpay_id in (
             select e.jetpay_transaction_id from jetpay_webhook_event e
             where e.processed_at is null and e.deleted_at is null and e.state in (?, ?, ?))
           and t.deleted_at is null and t.attention_resolved_at is null
           and t.kind = 'debit' and t.order_id is null and t.purpose = 'checkout'
       ),
       newest as (
         select t.* from jetpay_transaction t
         where t.id = any(array(select id from candidate))
         order by t.created_at desc
         limit 500
       )
       select newest.*, authorized.at as authorized_event_at
       from newest
       left join lateral (
         select min(e.received_at) as at from jetpay_webhook_event e
         where e.jetpay_transaction_id = newest.jetpay_id and e.state in (?, ?, ?) and e.deleted_at is null
       ) authorized on true
       order by newest.created_at desc`,
      [...states, ...states]
    )
    return rows
  }

  /**
   * The needs-attention fingerprint alone (`ReconciliationLook.attentionFingerprint`);
   * `graceStart`: the payment-without-order grace ago.
   */
  @InjectManager()
  async attentionFingerprint(
    graceStart: Date,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<string> {
    const { rows } = await outsideTransaction(sharedContext).raw(`select ${ATTENTION_FINGERPRINT_SQL} as fingerprint`, [graceStart])
    return rows[0].fingerprint
  }

  /**
   * The refund credits whose email the reconciliation tries again now, oldest due first, at most
   * `limit` (the partial index of `refund_email_retry_at` holds only the few not sent yet).
   */
  async refundEmailsDue(now: Date, limit: number): Promise<string[]> {
    const due = await this.listJetpayTransactions(
      { kind: "credit", refund_email_retry_at: { $lte: now } },
      { select: ["id"], take: limit, order: { refund_email_retry_at: "ASC" } }
    )
    return due.map((credit) => credit.id)
  }

  /**
   * A reconciliation run's first question, in one statement that reads only small partial
   * indexes and the sync-state rows: is any of its work due? An idle store pays this and the
   * run's record, nothing else.
   */
  @InjectManager()
  async reconciliationLook(
    input: {
      now: Date
      /** An event never tried and recorded before this was never handed over: due. */
      neverTriedBefore: Date
      /** A cart completion noted before this is due for its check... */
      completionStartedBefore: Date
      /** ...unless its last check failed after this. */
      completionFailedBefore: Date
      /** The payment-without-order grace ago (the needs-attention fingerprint). */
      attentionGraceStart: Date
      environment: string
      /** The sync-state key of the environment's delivery cursor (`{ through }`). */
      cursorKey: string
      /** Sync-state values to return with the answer (the cursor's is always among them). */
      stateKeys: string[]
      /** Processed events older than this may be pruned (`pruneDue`); the cursor keys' prefix. */
      prune?: { before: Date; cursorKeyPrefix: string }
    },
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<ReconciliationLook> {
    const knex = outsideTransaction(sharedContext)
    const keys = [...new Set([input.cursorKey, ...input.stateKeys])]
    const { rows } = await knex.raw(
      `select
         exists (select 1 from jetpay_webhook_event
                 where processed_at is null and deleted_at is null and jetpay_transaction_id is not null
                   and ((next_attempt_at is null and received_at <= ?) or next_attempt_at <= ?)) as events_due,
         exists (select 1 from jetpay_transaction where deleted_at is null and next_check_at <= ?) as recheck_due,
         exists (select 1 from jetpay_transaction
                 where deleted_at is null and completion_started_at <= ?
                   and (last_error is null or updated_at <= ?)) as completions_due,
         coalesce(
           (select sequence from jetpay_webhook_event where environment = ? and deleted_at is null
            order by sequence desc limit 1)::numeric
           > coalesce((select (value->>'through')::numeric from jetpay_sync_state where id = ? and deleted_at is null), -1),
           false) as new_events,
         exists (select 1 from jetpay_transaction where deleted_at is null and next_check_at is not null) as open_transactions,
         (select received_at from jetpay_webhook_event where environment = ? and deleted_at is null
          order by sequence desc limit 1) as last_event_at,
         ${ATTENTION_FINGERPRINT_SQL} as attention,
         ${input.prune ? `exists (select 1 ${PRUNABLE_EVENTS_SQL} limit 1)` : "false"} as prune_due,
         exists (select 1 from jetpay_transaction where deleted_at is null and refund_email_retry_at <= ?) as refund_emails_due,
         (select coalesce(jsonb_object_agg(id, value), '{}'::jsonb) from jetpay_sync_state
          where deleted_at is null and id in (${keys.map(() => "?").join(", ")})) as state`,
      [
        input.neverTriedBefore,
        input.now,
        input.now,
        input.completionStartedBefore,
        input.completionFailedBefore,
        input.environment,
        input.cursorKey,
        input.environment,
        input.attentionGraceStart,
        ...(input.prune ? [input.prune.before, input.prune.cursorKeyPrefix] : []),
        input.now,
        ...keys,
      ]
    )
    const row = rows[0]
    return {
      eventsDue: row.events_due,
      recheckDue: row.recheck_due,
      completionsDue: row.completions_due,
      newEvents: row.new_events,
      openTransactions: row.open_transactions,
      lastEventAt: row.last_event_at ? new Date(row.last_event_at) : null,
      attentionFingerprint: row.attention,
      pruneDue: row.prune_due,
      refundEmailsDue: row.refund_emails_due,
      state: row.state,
    }
  }

  /**
   * Moves a delivery cursor forward, never back: syncs and reconciliation runs advance it at
   * the same time, and an older reading must not undo a newer one.
   */
  @InjectManager()
  async advanceCursorState(
    key: string,
    through: string,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<void> {
    const knex = outsideTransaction(sharedContext)
    const value = JSON.stringify({ through })
    await knex.raw(
      `insert into jetpay_sync_state (id, value, created_at, updated_at) values (?, ?::jsonb, now(), now())
       on conflict (id) do update set value = excluded.value, updated_at = now(), deleted_at = null
       where (jetpay_sync_state.value->>'through')::numeric < (excluded.value->>'through')::numeric`,
      [key, value]
    )
  }

  /**
   * A page of the store's transactions, newest first, with the count of all that match, in one
   * statement: read along the (created_at, id) index, the search by the Jetpay id's unique index
   * and the order id's.
   */
  @InjectManager()
  async listTransactionPage(
    filter: TransactionPageFilter,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<{ rows: JetpayTransactionRow[]; count: number }> {
    const knex = outsideTransaction(sharedContext)
    const matching = knex("jetpay_transaction").whereNull("deleted_at")
    if (filter.search) {
      const { jetpayIds, orderIds } = filter.search
      matching.where((any) => {
        any.whereIn("jetpay_id", jetpayIds.length ? jetpayIds : [""])
        if (orderIds.length) any.orWhere("order_id", "=", knex.raw("any(?)", [orderIds]))
      })
    }
    if (filter.states?.length) matching.whereIn("state", filter.states)
    if (filter.kinds?.length) matching.whereIn("kind", filter.kinds)
    if (filter.from) matching.where("created_at", ">=", filter.from)
    if (filter.to) matching.where("created_at", "<", filter.to)
    const counting = matching.clone()
    const rows: Array<JetpayTransactionRow & { total_count: string }> = await matching
      .select("*", knex.raw("count(*) over () as total_count"))
      .orderBy([{ column: "created_at", order: "desc" }, { column: "id", order: "desc" }])
      .limit(filter.limit)
      .offset(filter.offset)
    // Past the last page the window has no row to count on: counted alone then.
    const count = rows.length
      ? Number(rows[0].total_count)
      : filter.offset > 0
        ? Number((await counting.count({ n: "*" }).first())?.n ?? 0)
        : 0
    return { rows: rows.map(({ total_count: _count, ...row }) => row as JetpayTransactionRow), count }
  }

  /**
   * Deletes processed events older than `before` that nothing needs any more (`PRUNABLE_EVENTS_SQL`),
   * oldest first, at most `limit`, in one statement. Answers how many it deleted.
   */
  @InjectManager()
  async pruneProcessedEvents(
    before: Date,
    cursorKeyPrefix: string,
    limit: number,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<number> {
    const knex = outsideTransaction(sharedContext)
    // `id = any(array(...))`: the rows by primary key, the candidates from the partial index.
    const result = await knex.raw(
      `delete from jetpay_webhook_event
       where id = any(array(select e.id ${PRUNABLE_EVENTS_SQL} order by e.processed_at limit ?))`,
      [before, cursorKeyPrefix, limit]
    )
    return result.rowCount ?? 0
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
  @InjectManager()
  async refundedCents(debitJetpayId: string, @MedusaContext() sharedContext: Context<SqlEntityManager> = {}): Promise<number> {
    const { rows } = await outsideTransaction(sharedContext).raw(`select ${refundedCentsSql("?")} as cents`, [debitJetpayId])
    return Number(rows[0].cents)
  }

  /**
   * Takes the one reminder of an order made before its payment (`orderBeforePayment`): sets its
   * payment request's `reminded_at` unless it is set already, in one statement, so two processes
   * never both send it. Answers whether this call took it.
   */
  @InjectManager()
  async claimReminder(id: string, now: Date, @MedusaContext() sharedContext: Context<SqlEntityManager> = {}): Promise<boolean> {
    const knex = outsideTransaction(sharedContext)
    const taken: Array<{ id: string }> = await knex("jetpay_transaction")
      .where({ id })
      .whereNull("deleted_at")
      .whereRaw("jsonb_typeof(request) = 'object'")
      .whereRaw("request->>'reminded_at' is null")
      .update({ request: knex.raw("jsonb_set(request, '{reminded_at}', to_jsonb(?::text))", [now.toISOString()]), updated_at: now }, ["id"])
    return taken.length > 0
  }

  async readState<T>(key: string): Promise<T | undefined> {
    const [row] = await this.listJetpaySyncStates({ id: key }, { take: 1 })
    return row ? (row.value as T) : undefined
  }

  /** One upsert: no transaction of its own (the caller's when it passes one). */
  @InjectManager()
  async writeState(
    key: string,
    value: Record<string, unknown>,
    @MedusaContext() sharedContext: Context<SqlEntityManager> = {}
  ): Promise<void> {
    const knex = outsideTransaction(sharedContext)
    await knex("jetpay_sync_state")
      .insert({ id: key, value: JSON.stringify(value), created_at: new Date(), updated_at: new Date() })
      .onConflict("id")
      .merge({ value: JSON.stringify(value), updated_at: new Date(), deleted_at: null })
  }
}

export default JetpayModuleService
