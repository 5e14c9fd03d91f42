/**
 * The admin's "needs attention" list: payments where money went wrong in a way a person must
 * act on, each with the actions that resolve it. Built from the plugin's records (pure).
 */
import { DEFAULT_TIMINGS, type JetpayTimings } from "./timings"
export type AttentionKind =
  /** The payer authorized (or Jetpay settled) but no order exists: cart completion failed. */
  | "paid_without_order"
  /** What the debit collected differs from its session or the cart: no order was made. */
  | "amount_mismatch"
  /** The debit failed after its order was made, and the order is not canceled: do not ship. */
  | "failed_debit"
  /**
   * A refund whose outcome is unknown (Jetpay's answer was lost, or its process died before it came):
   * refunds of the payment wait.
   */
  | "refund_unknown"
  /** A refund credit that failed after it was sent: the customer was not refunded. */
  | "refund_failed"
  /**
   * A credit Jetpay made that no Medusa refund accounts for (unrecorded-refunds.ts): Medusa's
   * refund failed after the credit left and was undone. Refunds of the payment wait.
   */
  | "refund_unrecorded"
  /** A settled EFT payment came back (NSF, disputed PAD). */
  | "reversal"
  /**
   * Money settled for an order canceled while it was on its way, and its refund could not be made
   * (Jetpay refused the credit, or it is blocked by another refund's unknown outcome).
   */
  | "refund_due"
  /**
   * Events Jetpay never delivered, even replayed again and again (lost-events.ts): the payments
   * they were about may need a look. About no one transaction.
   */
  | "events_lost"

export type AttentionAction = "retry" | "refund" | "cancel_order" | "refund_sent" | "refund_not_sent" | "record" | "dismiss"

export type AttentionItem = {
  /** Stable: `<kind>:<jetpay transaction id>` (`events_lost:<first id>-<last id>` for lost events). */
  id: string
  kind: AttentionKind
  /** Null for an item about no one transaction (lost events). */
  transaction_id: string | null
  order_id: string | null
  cart_id: string | null
  amount: number
  reason: string | null
  since: string
  actions: AttentionAction[]
}

export type AttentionRecord = {
  jetpay_id: string
  kind: "debit" | "credit"
  order_id: string | null
  cart_id: string | null
  /** The Medusa payment the debit paid, once it has one. */
  payment_id?: string | null
  amount: number
  fail_reason: string | null
  last_error: string | null
  amount_mismatch: unknown
  /** Why the refund of money settled for a canceled order failed; null once made. */
  refund_due_error?: string | null
  refund_outcome: string | null
  failed_at: Date | string | null
  reversed_at: Date | string | null
  authorized_at: Date | string | null
  authorized_event_at: Date | string | null
  created_at: Date | string
  updated_at: Date | string
}

const ACTIONS: Record<AttentionKind, AttentionAction[]> = {
  paid_without_order: ["retry", "refund", "dismiss"],
  amount_mismatch: ["refund", "dismiss"],
  failed_debit: ["cancel_order", "dismiss"],
  refund_unknown: ["refund_sent", "refund_not_sent"],
  refund_failed: ["dismiss"],
  refund_unrecorded: ["record", "dismiss"],
  reversal: ["dismiss"],
  refund_due: ["refund", "dismiss"],
  events_lost: ["dismiss"],
}

export function actionsFor(kind: AttentionKind): AttentionAction[] {
  return ACTIONS[kind]
}

/**
 * The kind of item a record is, or null. `orderCanceled`: the order of a failed debit is canceled
 * already. A missing order counts as a problem, not a moment of processing, `paidWithoutOrderGraceMs`
 * after the payer authorized.
 */
export function attentionKindOf(
  record: AttentionRecord,
  now: Date,
  orderCanceled: boolean,
  { paidWithoutOrderGraceMs, refundIntentStaleMs }: Pick<JetpayTimings, "paidWithoutOrderGraceMs" | "refundIntentStaleMs"> = DEFAULT_TIMINGS
): AttentionKind | null {
  if (record.kind === "credit") {
    if (record.refund_outcome === "unknown") return "refund_unknown"
    if (record.refund_outcome === "pending" && isStaleIntent(record, now, refundIntentStaleMs)) return "refund_unknown"
    if (record.failed_at) return "refund_failed"
    return null
  }
  if (record.amount_mismatch) return "amount_mismatch"
  if (record.reversed_at) return "reversal"
  if (record.refund_due_error) return "refund_due"
  if (record.failed_at && record.order_id) return orderCanceled ? null : "failed_debit"
  const authorizedAt = record.authorized_event_at ?? record.authorized_at
  if (!record.order_id && authorizedAt && now.getTime() - new Date(authorizedAt).getTime() >= paidWithoutOrderGraceMs) {
    return "paid_without_order"
  }
  return null
}

/** A refund recorded as on its way for `refundIntentStaleMs` without Jetpay's answer: its process died. */
export function isStaleIntent(record: { created_at: Date | string }, now: Date, refundIntentStaleMs: number): boolean {
  return now.getTime() - new Date(record.created_at).getTime() >= refundIntentStaleMs
}

/** What an unrecorded credit says in the list and in the refusal of another refund. */
export const UNRECORDED_REFUND_REASON =
  "Jetpay made this refund credit, but Medusa's refund failed after it and was undone: the customer was refunded, the order does not show it"

/** What a stale refund intent says in the list and in the refusal of another refund. */
export const STALE_INTENT_REASON = "The refund was being sent when its process stopped, before Jetpay answered"

export function attentionItem(record: AttentionRecord, kind: AttentionKind): AttentionItem {
  const since =
    kind === "reversal" ? record.reversed_at : kind === "failed_debit" || kind === "refund_failed" ? record.failed_at : null
  return {
    id: `${kind}:${record.jetpay_id}`,
    kind,
    transaction_id: record.jetpay_id,
    order_id: record.order_id,
    cart_id: record.cart_id,
    amount: record.amount,
    reason: reasonOf(record, kind),
    since: new Date(since ?? record.authorized_event_at ?? record.updated_at).toISOString(),
    actions: actionsFor(kind),
  }
}

function reasonOf(record: AttentionRecord, kind: AttentionKind): string | null {
  switch (kind) {
    case "amount_mismatch": {
      const amounts = record.amount_mismatch as { debit?: number; session?: number; cart?: number }
      return `debit ${amounts.debit} ¢, session ${amounts.session} ¢, cart ${amounts.cart} ¢`
    }
    case "paid_without_order":
      return record.last_error
    case "refund_unknown":
      return record.last_error ?? (record.refund_outcome === "pending" ? STALE_INTENT_REASON : null)
    case "refund_unrecorded":
      return UNRECORDED_REFUND_REASON
    case "refund_due":
      return record.refund_due_error ?? null
    case "failed_debit":
    case "refund_failed":
    case "reversal":
      return record.fail_reason
    case "events_lost":
      // Never a record's kind (attentionKindOf): lost-events.ts builds these items (and
      // unrecorded-refunds.ts finds the records of refund_unrecorded ones).
      return null
    default: {
      const unhandled: never = kind
      throw new Error(`Unhandled attention kind: ${String(unhandled)}`)
    }
  }
}

export function parseItemId(id: string): { kind: AttentionKind; transactionId: string } | null {
  const at = id.indexOf(":")
  if (at < 0) return null
  const kind = id.slice(0, at) as AttentionKind
  if (!(kind in ACTIONS)) return null
  return { kind, transactionId: id.slice(at + 1) }
}
