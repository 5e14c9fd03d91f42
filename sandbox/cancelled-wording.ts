// What Jetpay answers about a transaction after DELETE is not documented (shared/jetpay-api.md,
// "Transaction status and cancel"): the state may read `cancelled`, `canceled` or `deleted`, or the
// status read may answer 404. The sandbox keeps `cancelled` inside and translates it here, so a
// test can play each of the four readings against the same client.

import type { TransactionState } from "./state-machine"

export const CANCELLED_WORDINGS = ["cancelled", "canceled", "deleted", "404"] as const
export type CancelledWording = (typeof CANCELLED_WORDINGS)[number]

/** The state a status read shows, or null when the read answers 404 instead. */
export function statusReadState(state: TransactionState, wording: CancelledWording): string | null {
  if (state !== "cancelled") return state
  return wording === "404" ? null : wording
}

/** The state an event reports. A transaction that reads as 404 was deleted: its event says so. */
export function eventState(state: TransactionState, wording: CancelledWording): string {
  if (state !== "cancelled") return state
  return wording === "404" ? "deleted" : wording
}
