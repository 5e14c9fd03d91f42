import { TRANSACTION_STATE_ALIASES } from "./constants"

/**
 * The states a Jetpay transaction is known to take (shared/jetpay-api.md). A tuple rather than a
 * union alone so that code mapping states can iterate them and tests can cover each one.
 */
export const JETPAY_TRANSACTION_STATES = [
  "requested",
  "initiated",
  "paid",
  "completed",
  "failed",
  "cancelled",
  // Credits only: the payee's bank details are in and the money is on its way.
  "processing",
] as const

export type JetpayTransactionState = (typeof JETPAY_TRANSACTION_STATES)[number]

export type NormalizedTransactionState =
  | { known: true; state: JetpayTransactionState }
  | { known: false; raw: string }

function isKnownState(value: string): value is JetpayTransactionState {
  return (JETPAY_TRANSACTION_STATES as readonly string[]).includes(value)
}

/**
 * Reads a state string from Jetpay. An unrecognised state is returned as such, never guessed:
 * treating an unknown state as "paid" (or silently as "pending") is how payment plugins ship
 * orders that were never paid, so the caller has to decide, and log, explicitly.
 */
export function normalizeTransactionState(raw: string): NormalizedTransactionState {
  // Case and surrounding blanks carry no meaning in a state name; tolerating them costs nothing.
  const cleaned = raw.trim().toLowerCase()
  const aliased = TRANSACTION_STATE_ALIASES[cleaned] ?? cleaned
  if (isKnownState(aliased)) {
    return { known: true, state: aliased }
  }
  return { known: false, raw }
}
