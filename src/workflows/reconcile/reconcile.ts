import type { IEventBusModuleService, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { classifyWebhookState, replayWebhook } from "../../jetpay-api"
import { JETPAY_MODULE } from "../../modules/jetpay"
import { replayDecision, type ReplayDecision } from "../../domain/replay-decision"
import type JetpayModuleService from "../../modules/jetpay/service"
import { applyJetpayTransactions } from "../sync/apply-jetpay-transactions"
import { listAttention } from "./attention"
import { JetpayEvents } from "../../domain/events"
import { advanceDeliveryCursor } from "../sync/delivery-cursor"
import { errorMessage } from "../../domain/error-message"
import { jetpayEnvironment } from "../../domain/store-webhook"
import { jetpayServices } from "../../providers/jetpay/jetpay-services"
import type { ReconciliationRun } from "../../domain/admin-responses"
import { registerStoreWebhook, WEBHOOK_REGISTRATION_KEY, type StoredRegistration } from "./store-webhook-registration"

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
} as const

export const LAST_RUN_KEY = "reconciliation:last_run"
const LAST_REPLAY_KEY = "reconciliation:last_replay"
const LAST_WEBHOOK_CHECK_KEY = "reconciliation:last_webhook_check"

/**
 * One reconciliation run: applies due events (failed ones whose next try has come, and
 * recorded ones never handed over), re-reads open transactions within a call budget, and
 * asks Jetpay to replay what this store missed. The admin's refresh uses the same sync.
 */
export async function reconcileJetpay(container: MedusaContainer, now = new Date()): Promise<ReconciliationRun> {
  const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
  const { timings } = jetpayServices(container).options
  const due = await jetpay.dueTransactionIds(now, timings.neverTriedGraceMs, RECONCILIATION.dueLimit)
  const completions = await jetpay.unaccountedCompletions(
    new Date(now.getTime() - timings.unpaidOrderAfterMs),
    new Date(now.getTime() - timings.completionRetryMs),
    RECONCILIATION.completionLimit
  )
  const dueSet = new Set([...due, ...completions])
  const recheck = (await jetpay.transactionsToRecheck(now, RECONCILIATION.recheckBudget + dueSet.size)).filter(
    (id) => !dueSet.has(id)
  ).slice(0, RECONCILIATION.recheckBudget)
  const outcomes = await applyJetpayTransactions(container, [...dueSet, ...recheck])
  const failures = outcomes.filter((outcome) => !outcome.ok)

  const delivery = await checkDeliveries(container, jetpay, now)
  await announceAttention(container, jetpay, now)
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
  }
  await jetpay.writeState(LAST_RUN_KEY, run)
  return run
}

const ANNOUNCED_KEY = "attention:announced"

/**
 * Tells merchants' code about each new needs-attention item once (`jetpay.attention.required`),
 * so a subscriber can notify someone; the list itself is on Settings → Jetpay.
 */
async function announceAttention(container: MedusaContainer, jetpay: JetpayModuleService, now: Date) {
  const items = await listAttention(container, now)
  const announced = new Set((await jetpay.readState<{ ids: string[] }>(ANNOUNCED_KEY))?.ids ?? [])
  const fresh = items.filter((item) => !announced.has(item.id))
  if (fresh.length) {
    await container
      .resolve<IEventBusModuleService>(Modules.EVENT_BUS)
      .emit(fresh.map((item) => ({ name: JetpayEvents.ATTENTION_REQUIRED, data: item })))
  }
  if (fresh.length || announced.size !== items.length) {
    await jetpay.writeState(ANNOUNCED_KEY, { ids: items.map((item) => item.id) })
  }
}

async function checkDeliveries(container: MedusaContainer, jetpay: JetpayModuleService, now: Date) {
  const { client, options } = jetpayServices(container)
  const cursor = await advanceDeliveryCursor(jetpay, jetpayEnvironment(options.baseUrl))
  const registration = await jetpay.readState<StoredRegistration>(WEBHOOK_REGISTRATION_KEY)
  const lastReplay = await jetpay.readState<{ from: string; reason?: string; at: string }>(LAST_REPLAY_KEY)
  const result: Pick<ReconciliationRun, "webhook" | "events_whole_through" | "replay" | "last_replay"> = {
    webhook: null,
    events_whole_through: cursor.through?.toString() ?? null,
    replay: null,
    last_replay: lastReplay ? { from: lastReplay.from, reason: lastReplay.reason ?? "", at: lastReplay.at } : null,
  }
  if (!registration) return result

  const lastCheck = await jetpay.readState<{ at: string }>(LAST_WEBHOOK_CHECK_KEY)
  const checkDue = !lastCheck || now.getTime() - Date.parse(lastCheck.at) >= options.timings.webhookCheckIntervalMs
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
    lastReplay: lastReplay ? { from: BigInt(lastReplay.from), at: new Date(lastReplay.at) } : null,
    now,
  }, options.timings)
  if (!decision.replay) return result
  try {
    if (decision.reason === "webhook_failed") await registerStoreWebhook(container, registration.store_url)
    else await replayWebhook(client, registration.identifier, Number(decision.from))
    const asked = { from: decision.from.toString(), reason: decision.reason, at: now.toISOString() }
    await jetpay.writeState(LAST_REPLAY_KEY, asked)
    result.replay = { from: asked.from, reason: asked.reason }
    result.last_replay = asked
  } catch (error) {
    result.webhook.error = `replay from ${decision.from} failed: ${errorMessage(error)}`
  }
  return result
}
