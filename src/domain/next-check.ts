import type { PaymentOutcome } from "./payment-facts"

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

/** A settled EFT debit can still be returned (NSF, a disputed PAD): watched this long after it was created. */
export const SETTLED_DEBIT_WATCH_MS = 10 * DAY

/**
 * When the reconciliation job should read this transaction's status again, or null when
 * it cannot change any more (failed, cancelled, reversed; a settled credit; a settled
 * debit past its watch). Only webhooks move it after that.
 */
export function nextCheckAt(
  kind: "debit" | "credit",
  outcome: PaymentOutcome,
  createdAt: Date,
  now: Date
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
    case "authorized":
      return new Date(now.getTime() + recheckIntervalMs(age))
    default: {
      const unhandled: never = outcome
      throw new Error(`Unhandled outcome: ${String(unhandled)}`)
    }
  }
}
