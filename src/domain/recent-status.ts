import { AsyncLocalStorage } from "node:async_hooks"
import { normalizeTransactionState, type JetpayTransactionStatus } from "../jetpay-api"

/**
 * A status this process read from Jetpay itself stands for the provider for a moment (the
 * `recentStatusMs` timing). A webhook's sync reads the status, then Medusa's workflows call the
 * provider's authorize or capture, which must not take the caller's word for it: a read this
 * same process made a moment ago is not the caller's word, and reading again would double the
 * Jetpay calls of every state change.
 */
const MAX_ENTRIES = 5_000

const entries = new Map<string, { at: number; status: JetpayTransactionStatus }>()

const keyOf = (baseUrl: string, transactionId: string) => `${baseUrl}\n${transactionId}`

/** The statuses read by the sync under way in this async context (see `withinOneSync`). */
const syncReads = new AsyncLocalStorage<Map<string, JetpayTransactionStatus>>()

export function rememberStatus(baseUrl: string, transactionId: string, status: JetpayTransactionStatus, now = Date.now()) {
  if (entries.size >= MAX_ENTRIES) entries.clear() // bounded memory; a few extra reads at worst
  entries.set(keyOf(baseUrl, transactionId), { at: now, status })
  syncReads.getStore()?.set(keyOf(baseUrl, transactionId), status)
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
  now = Date.now()
): JetpayTransactionStatus | undefined {
  const entry = entries.get(keyOf(baseUrl, transactionId))
  if (!entry || now - entry.at >= maxAgeMs) return undefined
  const state = normalizeTransactionState(entry.status.state)
  return state.known && REUSABLE.has(state.state) ? entry.status : undefined
}
