import { REFUND_OUTCOME } from "./refund-outcome"

/**
 * Refund credits Jetpay made that no Medusa refund accounts for (Needs attention's
 * `refund_unrecorded`). Medusa's payment module records its refund, calls the provider (which
 * sends the credit and records it `sent`), then updates the payment; when anything of Medusa's
 * fails after the provider call (a lock timeout, a pool error), Medusa deletes its refund and
 * answers an error, while the credit has left: the merchant sees a failed refund, the customer
 * was paid, and a second press would pay them again.
 */

/** Outcomes of a credit Jetpay made on behalf of a Medusa refund. */
export const SETTLED_CREDIT_OUTCOMES: readonly string[] = [REFUND_OUTCOME.sent, REFUND_OUTCOME.recorded]

/**
 * How far back the list looks for payments with a credit sent: Medusa's rollback comes within
 * seconds of the credit, so a month is far more than any reconciliation outage. Every credit of
 * such a payment is matched, however old, so an old refund never hides a new credit.
 */
export const UNRECORDED_REFUND_LOOKBACK_MS = 30 * 24 * 60 * 60_000

/**
 * The sync-state key a credit recorded as sent writes (its time): the reconciliation looks at
 * Needs attention again when it changes, and again when that credit's grace is over.
 */
export const REFUND_SENT_KEY = "attention:refund_sent"

export type SettledCredit = {
  jetpay_id: string
  /** The Medusa payment the credit refunds (null: a refund not made through Medusa's refund). */
  payment_id: string | null
  amount: number
  refund_outcome: string | null
  attention_resolved_at?: Date | string | null
  /** When the record last changed: at the latest, when the credit was recorded as sent. */
  updated_at: Date | string
}

export type UnrecordedCredits<T> = {
  /** Unaccounted for and past the grace: to list (and to refuse further refunds of the debit for). */
  unrecorded: T[]
  /**
   * When the grace of a credit still within it ends, or null: accounted for or not, since Medusa
   * may still undo its refund until then.
   */
  recheckAt: Date | null
}

/**
 * The rule, exact per payment and per amount: each Medusa refund of a Jetpay payment is one
 * credit of the same amount in cents (an ordinary refund sends one credit of its amount, the
 * recording of a confirmed credit refuses another amount), and a Medusa refund exists from before
 * its credit is asked for until after it is recorded `sent` (Medusa creates its refund, commits,
 * then calls the provider). So for one payment and one amount, the plugin's credits `sent` or
 * `recorded` beyond the number of Medusa refunds of that amount are credits no refund accounts
 * for: as many as that, never fewer. A count or a sum over the payment alone could let a refund
 * of another amount hide one. Of credits of the same amount the newest are taken as accounted
 * for (a refund still being recorded belongs to a recent one), so the oldest are listed first.
 * Credits a person dismissed (`attention_resolved_at`) are left out, and so are credits of no
 * Medusa payment. `medusaRefundCents`: each payment's Medusa refunds, in cents; `graceMs`: how
 * long after its record last changed a credit may still be on its way into Medusa (0 for the
 * check before a new refund: then every other Medusa refund of the payment is already there).
 */
export function unrecordedCredits<T extends SettledCredit>(
  credits: readonly T[],
  medusaRefundCents: (paymentId: string) => readonly number[],
  now: Date,
  graceMs: number
): UnrecordedCredits<T> {
  const byPayment = new Map<string, T[]>()
  for (const credit of credits) {
    if (!credit.payment_id || credit.attention_resolved_at || !SETTLED_CREDIT_OUTCOMES.includes(credit.refund_outcome ?? "")) continue
    byPayment.set(credit.payment_id, [...(byPayment.get(credit.payment_id) ?? []), credit])
  }
  let recheckAt: number | null = null
  const unaccounted: T[] = []
  for (const [paymentId, ofPayment] of byPayment) {
    for (const credit of ofPayment) {
      const graceEnds = time(credit.updated_at) + graceMs
      if (graceEnds > now.getTime() && (recheckAt === null || graceEnds < recheckAt)) recheckAt = graceEnds
    }
    const refunds = new Map<number, number>()
    for (const cents of medusaRefundCents(paymentId)) refunds.set(cents, (refunds.get(cents) ?? 0) + 1)
    const newestFirst = [...ofPayment].sort((a, b) => time(b.updated_at) - time(a.updated_at))
    for (const credit of newestFirst) {
      const left = refunds.get(credit.amount) ?? 0
      if (left > 0) refunds.set(credit.amount, left - 1)
      else unaccounted.push(credit)
    }
  }
  const unrecorded = unaccounted
    .filter((credit) => time(credit.updated_at) + graceMs <= now.getTime())
    .sort((a, b) => time(a.updated_at) - time(b.updated_at))
  return { unrecorded, recheckAt: recheckAt === null ? null : new Date(recheckAt) }
}

function time(at: Date | string): number {
  return new Date(at).getTime()
}
