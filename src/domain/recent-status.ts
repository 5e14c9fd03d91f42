import { AsyncLocalStorage } from "node:async_hooks"
import { normalizeTransactionState, type JetpayTransactionStatus } from "../jetpay-api"
import { stateRank } from "./payment-facts"

/**
 * A status this process read from Jetpay itself stands for a moment (the `recentStatusMs`
 * timing). A webhook's sync reads the status, then Medusa's workflows call the provider's
 * authorize or capture, which must not take the caller's word for it: a read this same process
 * made a moment ago is not the caller's word, and reading again would double the Jetpay calls of
 * every state change. The other way round, a shopper's cart completion reads the status through
 * the provider a moment before the webhook's sync of the same change, which takes that read when
 * it is as far along as every event recorded (`statusForSync`).
 */
const MAX_ENTRIES = 5_000

/** `bySync`: read by a sync (the provider may take it); else by the provider (only a webhook's sync may). */
const entries = new Map<string, { at: number; status: JetpayTransactionStatus; bySync: boolean }>()

const keyOf = (baseUrl: string, transactionId: string) => `${baseUrl}\n${transactionId}`

/** Set while the admin's "Check status" runs (see `readingJetpayNow`). */
const checkingNow = new AsyncLocalStorage<true>()

/**
 * Runs the admin's "Check status" of a payment awaiting settlement: the provider reads Jetpay
 * now, since asking whether Jetpay settled it since is the point of the press.
 */
export function readingJetpayNow<T>(work: () => T): T {
  return checkingNow.run(true, work)
}

/** Whether this runs inside the admin's "Check status" (`readingJetpayNow`). */
export function isCheckingNow(): boolean {
  return checkingNow.getStore() === true
}

/** The statuses read by the sync under way in this async context (see `withinOneSync`). */
const syncReads = new AsyncLocalStorage<Map<string, JetpayTransactionStatus>>()

/**
 * A status this process just read from Jetpay. `bySync: false` for the provider's own reads: a
 * webhook's sync may take one (`statusForSync`), the provider never takes its own back, so an
 * admin's capture right after an authorization still reads Jetpay.
 */
export function rememberStatus(
  baseUrl: string,
  transactionId: string,
  status: JetpayTransactionStatus,
  now = Date.now(),
  { bySync = true }: { bySync?: boolean } = {}
) {
  if (entries.size >= MAX_ENTRIES) entries.clear() // bounded memory; a few extra reads at worst
  entries.set(keyOf(baseUrl, transactionId), { at: now, status, bySync })
  if (bySync) syncReads.getStore()?.set(keyOf(baseUrl, transactionId), status)
}

/**
 * Runs one sync of a transaction: the status it reads is the one the change is applied from, so
 * the provider calls Medusa makes for that change inside `work` (authorize, capture) take it as
 * it is, whatever its state; outside a sync (the admin's "Check status") they read Jetpay.
 */
export function withinOneSync<T>(work: () => Promise<T>): Promise<T> {
  return syncReads.run(new Map(), work)
}

/** The status the sync under way read for this transaction, if this runs inside one. */
export function readInThisSync(baseUrl: string, transactionId: string): JetpayTransactionStatus | undefined {
  return syncReads.getStore()?.get(keyOf(baseUrl, transactionId))
}

/**
 * Only a state the payer or Jetpay moved it to stands: states only move forward, so such a read
 * cannot send Medusa back. A "waiting" read is never reused, since the payer may have paid since.
 */
const REUSABLE = new Set(["initiated", "paid", "completed", "failed", "cancelled"])

export function recentStatus(
  baseUrl: string,
  transactionId: string,
  maxAgeMs: number,
  now = Date.now(),
  { readByProvider = false }: { readByProvider?: boolean } = {}
): JetpayTransactionStatus | undefined {
  const entry = entries.get(keyOf(baseUrl, transactionId))
  if (!entry || now - entry.at >= maxAgeMs || (!entry.bySync && !readByProvider)) return undefined
  const state = normalizeTransactionState(entry.status.state)
  return state.known && REUSABLE.has(state.state) ? entry.status : undefined
}

/**
 * For a sync woken by webhook events: this process's recent read of the transaction (see
 * `recentStatus`), when it is as far along as every state its recorded events tell, so it
 * cannot be older than what woke the sync; then it is also the read the sync's provider calls
 * take (`readInThisSync`). Undefined when the sync must read Jetpay: no recent read, or an event
 * tells a state the read had not reached (or one not known to this plugin).
 */
export function statusForSync(
  baseUrl: string,
  transactionId: string,
  recordedStates: string[],
  maxAgeMs: number,
  now = Date.now()
): JetpayTransactionStatus | undefined {
  const recent = recentStatus(baseUrl, transactionId, maxAgeMs, now, { readByProvider: true })
  if (!recent) return undefined
  const read = normalizeTransactionState(recent.state)
  if (!read.known) return undefined
  const asFar = recordedStates.every((raw) => {
    const recorded = normalizeTransactionState(raw)
    return recorded.known && (recorded.state === read.state || stateRank(read.state) > stateRank(recorded.state))
  })
  if (!asFar) return undefined
  syncReads.getStore()?.set(keyOf(baseUrl, transactionId), recent)
  return recent
}
