import type { IEventBusModuleService, ILockingModule, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { classifyWebhookState, replayWebhook } from "../../jetpay-api"
import { JETPAY_MODULE } from "../../modules/jetpay"
import { replayDecision, type ReplayDecision } from "../../domain/replay-decision"
import { runWork } from "../../domain/next-check"
import type JetpayModuleService from "../../modules/jetpay/service"
import { applyJetpayTransactions } from "../sync/apply-jetpay-transactions"
import { attentionNow, LOST_EVENTS_KEY } from "./attention"
import { JetpayEvents } from "../../domain/events"
import { advanceDeliveryCursor, skipLostEvents } from "../sync/delivery-cursor"
import { withLostEvents, type LostEventsState } from "../../domain/lost-events"
import { errorMessage } from "../../domain/error-message"
import { jetpayEnvironment } from "../../domain/store-webhook"
import { jetpayServices } from "../../providers/jetpay/jetpay-services"
import type { ReconciliationRun } from "../../domain/admin-responses"
import { registerStoreWebhook, WEBHOOK_REGISTRATION_KEY, type StoredRegistration } from "./store-webhook-registration"
import { emitPendingPluginEvents } from "./emit-pending-events"
import { REFUND_SENT_KEY } from "../../domain/unrecorded-refunds"
import { queueStaffEmails, sendStaffEmails, STAFF_EMAILS_KEY } from "./attention-emails"
import { dueAttentionEmails, type StaffEmailState } from "../../domain/attention-email"
import { retryRefundEmails } from "../refund-emails/retry-refund-emails"

/** A run's bounds; its timings are the provider's `timings` option (src/domain/timings.ts). */
export const RECONCILIATION = {
  /** Transactions with due events applied per run, at most. */
  dueLimit: 200,
  /**
   * Debits whose cart completion began long enough ago and is unaccounted for, synced per run
   * at most: each may be an order a dead completion left unpaid (sync-plan.ts).
   */
  completionLimit: 50,
  /** Status re-reads of open transactions per run, at most: the run's Jetpay call budget. */
  recheckBudget: 40,
  /** Processed events past their retention deleted per statement, and statements per run, at most. */
  pruneBatch: 500,
  pruneBatchesPerRun: 10,
} as const

export const LAST_RUN_KEY = "reconciliation:last_run"
const LAST_REPLAY_KEY = "reconciliation:last_replay"
/** When a run last read the store's webhook at Jetpay (the run's own time). */
export const LAST_WEBHOOK_CHECK_KEY = "reconciliation:last_webhook_check"
const ANNOUNCED_KEY = "attention:announced"

/** The sync-state key of an environment's delivery cursor, as delivery-cursor.ts keeps it. */
export const deliveryCursorKey = (environment: string) => `cursor:${environment}`

/** `tries`: how many times in a row a replay from `from` was asked (absent: once). */
type LastReplay = { from: string; reason?: string; at: string; tries?: number }
/** What was announced of needs attention, the fingerprint it was seen at, and when time changes it next. */
type Announced = { ids: string[]; fingerprint?: string; recheck_at?: string | null; refund_sent?: string | null }

/** The lock one reconciliation run holds, shared by every process on the store's locking provider. */
export const RECONCILIATION_LOCK_KEY = "jetpay:reconciliation"
/**
 * How long a run waits for another one to end before it skips: a moment, never a whole run (the
 * next one comes `reconcileIntervalMs` later). Medusa's in-memory locking waits at least 1 s.
 */
const LOCK_WAIT_SECONDS = 1
/** The run's lease: the locking provider renews it while the run lasts; a process that died frees it after this. */
const LOCK_LEASE_SECONDS = 30

/**
 * One reconciliation run at a time across the store's processes (workers, replicas): two at
 * once would each apply, replay and announce the same things. A run whose lock another run
 * holds does nothing and answers null. `now` defaults to when the lock was taken.
 */
export async function reconcileJetpay(container: MedusaContainer, now?: Date): Promise<ReconciliationRun | null> {
  const locking = container.resolve<ILockingModule>(Modules.LOCKING)
  const args: { timeout: number; expire: number } = { timeout: LOCK_WAIT_SECONDS, expire: LOCK_LEASE_SECONDS }
  let started = false
  try {
    return await locking.execute(
      RECONCILIATION_LOCK_KEY,
      () => {
        started = true
        return runReconciliation(container, now ?? new Date())
      },
      args
    )
  } catch (error) {
    if (started) throw error
    return null
  }
}

/**
 * One reconciliation run, for a caller that holds `RECONCILIATION_LOCK_KEY` (reconcileJetpay takes it): applies due events (failed ones whose next try has come, and
 * recorded ones never handed over), re-reads open transactions within a call budget, and
 * asks Jetpay to replay what this store missed. The admin's refresh uses the same sync.
 *
 * It first asks, in one statement, which of that has anything to do (`runWork`): an idle store
 * pays that look and the run's record (Settings → Jetpay shows the last run), nothing else.
 */
export async function runReconciliation(container: MedusaContainer, now: Date): Promise<ReconciliationRun> {
  const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
  const { timings, baseUrl } = jetpayServices(container).options
  const environment = jetpayEnvironment(baseUrl)
  const retentionStart = new Date(now.getTime() - timings.processedEventRetentionMs)
  const look = await jetpay.reconciliationLook({
    now,
    neverTriedBefore: new Date(now.getTime() - timings.neverTriedGraceMs),
    completionStartedBefore: new Date(now.getTime() - timings.unpaidOrderAfterMs),
    completionFailedBefore: new Date(now.getTime() - timings.completionRetryMs),
    attentionGraceStart: new Date(now.getTime() - timings.paidWithoutOrderGraceMs),
    environment,
    cursorKey: deliveryCursorKey(environment),
    stateKeys: [WEBHOOK_REGISTRATION_KEY, LAST_REPLAY_KEY, LAST_WEBHOOK_CHECK_KEY, ANNOUNCED_KEY, REFUND_SENT_KEY, STAFF_EMAILS_KEY],
    prune: { before: retentionStart, cursorKeyPrefix: deliveryCursorKey("") },
  })
  const state = {
    cursor: look.state[deliveryCursorKey(environment)] as { through: string } | undefined,
    registration: look.state[WEBHOOK_REGISTRATION_KEY] as StoredRegistration | undefined,
    lastReplay: look.state[LAST_REPLAY_KEY] as LastReplay | undefined,
    lastCheck: look.state[LAST_WEBHOOK_CHECK_KEY] as { at: string } | undefined,
    announced: look.state[ANNOUNCED_KEY] as Announced | undefined,
    /** The last refund credit sent (refund-credit.ts): its grace starts the look for it in Medusa. */
    refundSent: look.state[REFUND_SENT_KEY] ? JSON.stringify(look.state[REFUND_SENT_KEY]) : null,
  }
  const work = runWork(
    {
      ...look,
      registered: !!state.registration,
      lastWebhookCheckAt: state.lastCheck ? new Date(state.lastCheck.at) : null,
      attentionSeen: state.announced?.fingerprint
        ? { fingerprint: state.announced.fingerprint, recheckAt: state.announced.recheck_at ? new Date(state.announced.recheck_at) : null }
        : null,
    },
    now,
    timings
  )

  const due = work.events ? await jetpay.dueTransactionIds(now, timings.neverTriedGraceMs, RECONCILIATION.dueLimit) : []
  const completions = work.completions
    ? await jetpay.unaccountedCompletions(
        new Date(now.getTime() - timings.unpaidOrderAfterMs),
        new Date(now.getTime() - timings.completionRetryMs),
        RECONCILIATION.completionLimit
      )
    : []
  const dueSet = new Set([...due, ...completions])
  const recheck = work.recheck
    ? (await jetpay.transactionsToRecheck(now, RECONCILIATION.recheckBudget + dueSet.size))
        .filter((id) => !dueSet.has(id))
        .slice(0, RECONCILIATION.recheckBudget)
    : []
  // Found by their events alone: the sync this run waits for (the webhook's) may apply them first.
  const eventsOnly = due.filter((id) => !completions.includes(id))
  const outcomes = (
    await Promise.all([
      applyJetpayTransactions(container, eventsOnly, {
        stillDue: (id) => jetpay.hasDueEvents(id, new Date(), timings.neverTriedGraceMs),
      }),
      applyJetpayTransactions(container, [...completions, ...recheck]),
    ])
  ).flat()
  const failures = outcomes.filter((outcome) => !outcome.ok)
  await emitPendingPluginEvents(container, now)

  const delivery = work.cursor
    ? await checkDeliveries(container, jetpay, now, state, work.webhookCheck)
    : {
        webhook: null,
        events_whole_through: state.cursor?.through ?? null,
        replay: null,
        last_replay: lastReplayView(state.lastReplay),
      }
  // The syncs of this run may have changed what needs attention: announced in this run too.
  const attentionGraceStart = new Date(now.getTime() - timings.paidWithoutOrderGraceMs)
  const attentionChanged =
    work.attention ||
    state.refundSent !== (state.announced?.refund_sent ?? null) ||
    !!delivery.gave_up ||
    (outcomes.length > 0 && (await jetpay.attentionFingerprint(attentionGraceStart)) !== state.announced?.fingerprint)
  const emailsQueued = attentionChanged
    ? await announceAttention(container, jetpay, now, attentionGraceStart, state.announced, state.refundSent)
    : false
  // Staff emails (option attentionEmails) queued now, or whose next try has come.
  if (emailsQueued || dueAttentionEmails(look.state[STAFF_EMAILS_KEY] as StaffEmailState | undefined, now).length) {
    await sendStaffEmails(container, jetpay, now)
  }
  // Refund emails whose first try failed (or never reported), when their next try has come.
  if (look.refundEmailsDue) await retryRefundEmails(container, jetpay, now)
  // Processed events past their retention: only when the look found one that nothing needs.
  const pruned = look.pruneDue ? await pruneProcessedEvents(jetpay, retentionStart) : 0
  const run: ReconciliationRun = {
    started_at: now.toISOString(),
    finished_at: new Date().toISOString(),
    due_transactions: due.length,
    completions_checked: completions.length,
    rechecked: recheck.length,
    changed: outcomes.filter((outcome) => outcome.ok && outcome.changed).length,
    failed: failures.length,
    errors: failures.slice(0, 5).map((outcome) => `${outcome.jetpayTransactionId}: ${"error" in outcome ? outcome.error : ""}`),
    ...delivery,
    ...(pruned ? { pruned_events: pruned } : {}),
  }
  await jetpay.writeState(LAST_RUN_KEY, run)
  return run
}

/**
 * Deletes processed events past their retention that nothing needs any more (the data module's
 * `pruneProcessedEvents` says which), in batches, at most `pruneBatchesPerRun` of them a run: a
 * backlog (a store that turned the retention down) drains over a few runs without holding one long.
 */
async function pruneProcessedEvents(jetpay: JetpayModuleService, before: Date): Promise<number> {
  let total = 0
  for (let batch = 0; batch < RECONCILIATION.pruneBatchesPerRun; batch++) {
    const deleted = await jetpay.pruneProcessedEvents(before, deliveryCursorKey(""), RECONCILIATION.pruneBatch)
    total += deleted
    if (deleted < RECONCILIATION.pruneBatch) break
  }
  return total
}

function lastReplayView(lastReplay: LastReplay | undefined): ReconciliationRun["last_replay"] {
  return lastReplay ? { from: lastReplay.from, reason: lastReplay.reason ?? "", at: lastReplay.at, tries: lastReplay.tries ?? 1 } : null
}

/**
 * Tells merchants' code about each new needs-attention item once (`jetpay.attention.required`),
 * so a subscriber can notify someone, after queuing the staff emails of the new items (option
 * `attentionEmails`; answers whether any waits); the list itself is on Settings → Jetpay. Remembers the
 * fingerprint the list was read at (taken before it, so a change made meanwhile is looked at
 * again next run) and when time alone changes it next.
 */
async function announceAttention(
  container: MedusaContainer,
  jetpay: JetpayModuleService,
  now: Date,
  graceStart: Date,
  stored: Announced | undefined,
  refundSent: string | null
): Promise<boolean> {
  const fingerprint = await jetpay.attentionFingerprint(graceStart)
  const { items, recheckAt } = await attentionNow(container, now)
  const announced = new Set(stored?.ids ?? [])
  const fresh = items.filter((item) => !announced.has(item.id))
  const emailsQueued = await queueStaffEmails(container, jetpay, fresh, items, now)
  if (fresh.length) {
    await container
      .resolve<IEventBusModuleService>(Modules.EVENT_BUS)
      .emit(fresh.map((item) => ({ name: JetpayEvents.ATTENTION_REQUIRED, data: item })))
  }
  const next: Announced = {
    ids: items.map((item) => item.id),
    fingerprint,
    recheck_at: recheckAt?.toISOString() ?? null,
    refund_sent: refundSent,
  }
  const unchanged =
    !fresh.length &&
    announced.size === items.length &&
    stored?.fingerprint === next.fingerprint &&
    (stored?.refund_sent ?? null) === next.refund_sent &&
    (stored?.recheck_at ?? null) === next.recheck_at
  if (!unchanged) await jetpay.writeState(ANNOUNCED_KEY, next)
  return emailsQueued
}

/**
 * Walks the delivery cursor over the events recorded since, then, when due (or when the walk
 * found a gap), reads this store's webhook at Jetpay and asks for a replay of what is missing.
 */
async function checkDeliveries(
  container: MedusaContainer,
  jetpay: JetpayModuleService,
  now: Date,
  state: { registration?: StoredRegistration; lastReplay?: LastReplay },
  checkDue: boolean
) {
  const { client, options } = jetpayServices(container)
  const cursor = await advanceDeliveryCursor(jetpay, jetpayEnvironment(options.baseUrl))
  const { registration, lastReplay } = state
  const result: Pick<ReconciliationRun, "webhook" | "events_whole_through" | "replay" | "last_replay" | "gave_up"> = {
    webhook: null,
    events_whole_through: cursor.through?.toString() ?? null,
    replay: null,
    last_replay: lastReplayView(lastReplay),
  }
  if (!registration) return result

  if (!checkDue && !cursor.gapSince) return result
  await jetpay.writeState(LAST_WEBHOOK_CHECK_KEY, { at: now.toISOString() })

  let webhook
  try {
    webhook = await client.getWebhook(registration.identifier)
  } catch (error) {
    result.webhook = { state: null, last_sent_event_id: null, error: errorMessage(error) }
    return result
  }
  result.webhook = { state: webhook.state, last_sent_event_id: webhook.last_sent_event_id ?? null, error: null }
  const decision: ReplayDecision = replayDecision({
    ...cursor,
    lastSentEventId: webhook.last_sent_event_id == null ? null : BigInt(webhook.last_sent_event_id),
    webhookFailed: classifyWebhookState(webhook.state) === "failed",
    lastReplay: lastReplay ? { from: BigInt(lastReplay.from), at: new Date(lastReplay.at), tries: lastReplay.tries } : null,
    now,
  }, options.timings)
  if ("giveUp" in decision) {
    const { from, to, reason, tries } = decision.giveUp
    const lost = withLostEvents(await jetpay.readState<LostEventsState>(LOST_EVENTS_KEY), {
      from: from.toString(),
      to: to.toString(),
      reason,
      tries,
      at: now.toISOString(),
    })
    await jetpay.writeState(LOST_EVENTS_KEY, lost)
    await skipLostEvents(jetpay, jetpayEnvironment(options.baseUrl), to)
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`[jetpay] Jetpay never delivered events ${from} to ${to}, replayed ${tries} times: no longer waited for (Needs attention)`)
    result.gave_up = { from: from.toString(), to: to.toString() }
    result.events_whole_through = to.toString()
    return result
  }
  if (!decision.replay) return result
  try {
    if (decision.reason === "webhook_failed") await registerStoreWebhook(container, registration.store_url)
    else await replayWebhook(client, registration.identifier, Number(decision.from))
    const asked = { from: decision.from.toString(), reason: decision.reason, at: now.toISOString(), tries: decision.tries }
    await jetpay.writeState(LAST_REPLAY_KEY, asked)
    result.replay = { from: asked.from, reason: asked.reason }
    result.last_replay = asked
  } catch (error) {
    result.webhook.error = `replay from ${decision.from} failed: ${errorMessage(error)}`
  }
  return result
}
