import { REFUND_OUTCOME } from "./refund-outcome"

/**
 * The note a refund credit carries at Jetpay (shown in Jetpay's dashboard): the debit it refunds
 * and the store's own reference of this refund, its intent (`intent:<uuid>`, recorded before
 * Jetpay is asked). A person who checks a lost answer finds the credit of this very refund by it,
 * even beside another refund of the same amount.
 */
export function refundCreditNote(debitJetpayId: string, intentReference: string): string {
  return `Refund of Jetpay debit ${debitJetpayId} (${intentReference})`
}

/**
 * Outcomes of a credit a person may have recorded in Medusa: an intent whose answer was lost, or
 * never came (refund_unknown); a credit Jetpay made whose Medusa refund was undone after it
 * (refund_unrecorded: `sent`, or `recorded` when the undone refund was itself such a recording).
 */
const CONFIRMABLE: ReadonlySet<string | null> = new Set([
  REFUND_OUTCOME.unknown,
  REFUND_OUTCOME.pending,
  REFUND_OUTCOME.confirmedSent,
  REFUND_OUTCOME.sent,
  REFUND_OUTCOME.recorded,
])

/**
 * The credit a refund records in Medusa instead of sending one: the intent a person confirmed as
 * sent for this very refund, named by its reference; null for any other refund, whatever its
 * amount (an ordinary refund never takes the place of a confirmed one).
 */
export function confirmedIntentToRecord<T extends { jetpay_id: string; refund_outcome: string | null }>(
  credits: readonly T[],
  confirmedReference: string | null
): T | null {
  if (!confirmedReference) return null
  return credits.find((credit) => credit.jetpay_id === confirmedReference && CONFIRMABLE.has(credit.refund_outcome)) ?? null
}
