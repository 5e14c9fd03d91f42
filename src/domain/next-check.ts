import type { AttentionRecord } from "./attention-items"
import type { PaymentOutcome } from "./payment-facts"
import { DEFAULT_TIMINGS, type JetpayTimings } from "./timings"
import { normalizeTransactionState } from "../jetpay-api"

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/**
 * How long a transaction of this age waits between status re-reads while it can still
 * change by itself. Young payments move in minutes (a payer on the hosted page); EFT settles
 * in days; so the reads thin out as a transaction ages, which keeps the Jetpay calls per
 * reconciliation run bounded however many payments are open. They are the last safety net:
 * lost deliveries are found sooner by the delivery cursor and replayed, so a paid order
 * whose webhooks arrive costs no re-read at all.
 */
export function recheckIntervalMs(ageMs: number): number {
  if (ageMs < 10 * MINUTE) return 2 * MINUTE
  if (ageMs < HOUR) return 5 * MINUTE
  if (ageMs < DAY) return 30 * MINUTE
  if (ageMs < 7 * DAY) return 2 * HOUR
  return 12 * HOUR
}

/**
 * An EFT the payer signed settles in two to three business days. Jetpay's events say when, and a
 * lost one is found by the delivery cursor and the webhook's check (a replay): its own re-read is
 * the last net, at most this often, where a debit waiting for the payer or a card payment is
 * read again within minutes.
 */
export const EFT_PULL_RECHECK_MS = 30 * MINUTE

/** Jetpay's live state of a debit says the payer signed an EFT that is being pulled (`initiated`). */
export function isEftBeingPulled(liveState: string): boolean {
  const state = normalizeTransactionState(liveState)
  return state.known && state.state === "initiated"
}

/** A settled EFT debit can still be returned (NSF, a disputed PAD): watched this long after it was created. */
export const SETTLED_DEBIT_WATCH_MS = 10 * DAY

/**
 * When the reconciliation job should read this transaction's status again, or null when
 * it cannot change any more (failed, cancelled, reversed; a settled credit; a settled
 * debit past its watch). Only webhooks move it after that. `eftBeingPulled`: an EFT the payer
 * signed, not settled yet (`EFT_PULL_RECHECK_MS`). `abandonAt`: when an unused
 * checkout debit counts as abandoned (abandoned-debit.ts); it is read again then at the latest,
 * and that read cancels it.
 */
export function nextCheckAt(
  kind: "debit" | "credit",
  outcome: PaymentOutcome,
  createdAt: Date,
  now: Date,
  abandonAt: Date | null = null,
  { eftBeingPulled = false }: { eftBeingPulled?: boolean } = {}
): Date | null {
  const age = Math.max(0, now.getTime() - createdAt.getTime())
  switch (outcome) {
    case "failed":
    case "cancelled":
    case "reversed":
      return null
    case "settled":
      if (kind === "credit" || age >= SETTLED_DEBIT_WATCH_MS) return null
      return new Date(now.getTime() + Math.max(recheckIntervalMs(age), 12 * HOUR))
    case "pending":
    case "authorized": {
      const interval = outcome === "authorized" && kind === "debit" && eftBeingPulled ? Math.max(recheckIntervalMs(age), EFT_PULL_RECHECK_MS) : recheckIntervalMs(age)
      const regular = now.getTime() + interval
      return new Date(abandonAt && abandonAt.getTime() > now.getTime() ? Math.min(regular, abandonAt.getTime()) : regular)
    }
    default: {
      const unhandled: never = outcome
      throw new Error(`Unhandled outcome: ${String(unhandled)}`)
    }
  }
}

/** What a reconciliation run found when it first looked (the data module's `reconciliationLook`). */
export type RunLook = {
  eventsDue: boolean
  recheckDue: boolean
  completionsDue: boolean
  newEvents: boolean
  /** This store's webhook is registered: the job reads it at Jetpay now and then. */
  registered: boolean
  lastWebhookCheckAt: Date | null
  /** Some transaction is still open (has a next status re-read). */
  openTransactions?: boolean
  /** When the newest event was received, or null before any. */
  lastEventAt?: Date | null
  attentionFingerprint: string
  /** What the last look at needs attention saw, and when time alone changes the list next. */
  attentionSeen: { fingerprint: string; recheckAt: Date | null } | null
}

export type RunWork = {
  /** Apply the transactions with due events. */
  events: boolean
  /** Check the cart completions noted long enough ago. */
  completions: boolean
  /** Re-read the transactions whose re-read is due. */
  recheck: boolean
  /** Walk the delivery cursor over the events recorded since the last run (gap detection). */
  cursor: boolean
  /** Read this store's webhook at Jetpay (its state and Jetpay's delivery cursor). */
  webhookCheck: boolean
  /** Look at the needs-attention list again, to announce what is new. */
  attention: boolean
}

/**
 * Whether the store is idle for the webhook read: no transaction open and no event received
 * since the webhook was last read. Nothing can be missing then that a payment waits for: any
 * payment opens a transaction first (its debit), which ends the idleness.
 */
export function idleStore(look: Pick<RunLook, "openTransactions" | "lastEventAt" | "lastWebhookCheckAt">): boolean {
  if (look.openTransactions !== false || !look.lastWebhookCheckAt) return false
  return !look.lastEventAt || look.lastEventAt.getTime() <= look.lastWebhookCheckAt.getTime()
}

/**
 * Which parts of a reconciliation run have anything to do. A run that finds none returns at
 * once: an idle store pays the look and nothing else. The webhook is read every
 * `webhookCheckIntervalMs`, every `idleWebhookCheckIntervalMs` on an idle store (`idleStore`),
 * and sooner when the cursor walk finds a gap; the needs-attention list is looked at again when
 * its records changed, or when time alone turns a payment without an order into an item.
 */
export function runWork(
  look: RunLook,
  now: Date,
  {
    webhookCheckIntervalMs,
    idleWebhookCheckIntervalMs,
  }: Pick<JetpayTimings, "webhookCheckIntervalMs" | "idleWebhookCheckIntervalMs"> = DEFAULT_TIMINGS
): RunWork & { any: boolean } {
  const interval = idleStore(look) ? Math.max(idleWebhookCheckIntervalMs, webhookCheckIntervalMs) : webhookCheckIntervalMs
  const webhookCheck = look.registered && (!look.lastWebhookCheckAt || now.getTime() - look.lastWebhookCheckAt.getTime() >= interval)
  const seen = look.attentionSeen
  const attention =
    !seen || seen.fingerprint !== look.attentionFingerprint || (!!seen.recheckAt && now.getTime() >= seen.recheckAt.getTime())
  const work: RunWork = {
    events: look.eventsDue,
    completions: look.completionsDue,
    recheck: look.recheckDue,
    cursor: look.newEvents || webhookCheck,
    webhookCheck,
    attention,
  }
  return { ...work, any: Object.values(work).some(Boolean) }
}

/**
 * When time alone next changes the needs-attention list, or null: a checkout debit the payer
 * authorized that has no order becomes an item `paidWithoutOrderGraceMs` after it was authorized
 * (attention-items.ts, `attentionKindOf`); nothing else there depends on the clock.
 */
export function attentionRecheckAt(
  records: ReadonlyArray<Pick<AttentionRecord, "kind" | "order_id" | "authorized_at" | "authorized_event_at" | "refund_outcome" | "created_at">>,
  now: Date,
  {
    paidWithoutOrderGraceMs,
    refundIntentStaleMs,
  }: Pick<JetpayTimings, "paidWithoutOrderGraceMs" | "refundIntentStaleMs"> = DEFAULT_TIMINGS
): Date | null {
  let soonest: number | null = null
  const consider = (at: number) => {
    if (at > now.getTime() && (soonest === null || at < soonest)) soonest = at
  }
  for (const record of records) {
    // A refund on its way turns into "outcome unknown" once stale.
    if (record.kind === "credit" && record.refund_outcome === "pending") consider(new Date(record.created_at).getTime() + refundIntentStaleMs)
    const authorizedAt = record.authorized_event_at ?? record.authorized_at
    if (record.kind !== "debit" || record.order_id || !authorizedAt) continue
    consider(new Date(authorizedAt).getTime() + paidWithoutOrderGraceMs)
  }
  return soonest === null ? null : new Date(soonest)
}
