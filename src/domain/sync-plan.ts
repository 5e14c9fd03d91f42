import type { PaymentFacts } from "./payment-facts"
import { DEFAULT_TIMINGS, type JetpayTimings } from "./timings"

/** What Medusa already shows for one transaction, read just before the plan is made. */
export type MedusaSide = {
  kind: "debit" | "credit"
  /** The debit's payment session still exists (a changed cart deletes the old one). */
  hasSession: boolean
  /** The Medusa payment made from that session, once authorized. */
  payment: { captured: boolean; canceled: boolean } | null
  /**
   * The session is `pending_authorization`: its order was made with the payment awaiting (an
   * EFT the payer signed, not settled yet), and no Medusa payment exists for it yet.
   */
  awaiting?: boolean
  /** The session belongs to a cart, which must become an order once the payer authorized. */
  forCart: boolean
  hasOrder: boolean
  /** The order was canceled (an admin canceled it while Jetpay still pulled the money, say). */
  orderCanceled?: boolean
  /**
   * The cart's order exists, is not canceled, and nothing paid it: no payment from the
   * session, which is not authorized either.
   */
  unpaidOrder?: boolean
  /** Time since Medusa last began completing the cart before the payer authorized; null: none noted. */
  completionAgeMs?: number | null
  /** An unused checkout debit past `abandonedDebitAfterMs` (abandoned-debit.ts). */
  abandoned?: boolean
  /** `orderBeforePayment`: the debit's order waits for it past its `expires_at`. */
  expired?: boolean
  /** `orderBeforePayment`: the order's reminder time has come (before its expiry), and none was sent. */
  reminderDue?: boolean
  /** What this store recorded (and told merchants) before: the record's timestamps. */
  told: { authorized: boolean; settled: boolean; failed: boolean; reversed: boolean }
}

export type PluginEventKind = "authorized" | "captured" | "failed" | "reversed" | "refund_failed"

export type SyncPlan = {
  /**
   * Medusa's payment workflows run for the session: a cart without its order is completed (the
   * provider's live answer makes its payment authorized, or awaiting for an EFT not settled), a
   * session whose money is there gets its Medusa payment (an awaiting one, on its order), and a
   * payment request's session whose EFT the payer signed becomes awaiting on its order.
   */
  authorize: boolean
  /**
   * The payer authorized an EFT that has not settled, and the merchant ships on settlement
   * (`eftAuthorizedOn: "completed"`): the order's payment stays awaiting, no Medusa payment is made.
   */
  awaitSettlement: boolean
  capture: boolean
  cancelPayment: boolean
  /**
   * The money settled for an order that was canceled (Jetpay cannot cancel a debit the payer
   * paid): refund what is not refunded yet, through Medusa's refund, once it is captured.
   */
  refundCanceledOrder: boolean
  /** Flag the order as reversed (the money came back after settling). */
  flagReversal: boolean
  /**
   * Cancel the debit at Jetpay, then the order nobody paid for: a cart completion made the
   * order and died before it authorized the payment (its compensation never ran).
   */
  cancelUnpaidOrder: boolean
  /**
   * The payer authorized and such an order is there: authorize the session for it directly
   * (the cart is completed already; the dead completion's cart lock need not run out first),
   * and tell Medusa the order was placed, which that completion never did.
   */
  authorizeUnpaidOrder: boolean
  /**
   * `orderBeforePayment`: the order made before its payment is past its expiry and the payer never
   * authorized the debit: cancel the debit at Jetpay, then the order; its awaiting payment is
   * canceled (`cancelPayment`), its payment request closed, and the record reads cancelled.
   */
  expireUnpaidOrder: boolean
  /**
   * `orderBeforePayment`: such an order, still unpaid, is past its reminder time: email its link
   * once more, marked as a reminder.
   */
  remindUnpaidOrder: boolean
  /** Nothing is left to learn from the cart completion last noted: its note can go. */
  completionAccounted: boolean
  /**
   * The payer never used the debit's link and it is abandoned: cancel it at Jetpay, remove its
   * payment session (no order, no later authorization), and stop re-reading it.
   */
  cancelAbandoned: boolean
  /** Plugin events, each once per transaction in its life. */
  emit: PluginEventKind[]
  /** Record timestamps to set now. */
  record: { authorized: boolean; settled: boolean; failed: boolean; reversed: boolean }
}

/** A plan that changes nothing in Medusa: it records these facts and tells these events. */
export function recordOnlyPlan(
  record: SyncPlan["record"] = { authorized: false, settled: false, failed: false, reversed: false },
  emit: PluginEventKind[] = []
): SyncPlan {
  return {
    authorize: false,
    awaitSettlement: false,
    capture: false,
    cancelPayment: false,
    refundCanceledOrder: false,
    flagReversal: false,
    cancelUnpaidOrder: false,
    authorizeUnpaidOrder: false,
    expireUnpaidOrder: false,
    remindUnpaidOrder: false,
    completionAccounted: true,
    cancelAbandoned: false,
    emit,
    record,
  }
}

/**
 * The Medusa side follows the facts: an order exists once the payer authorized (unless the
 * debit is already known to have failed by then), a payment is captured once it settled, and a
 * failure cancels the Medusa payment unless the payment had settled (then it is a reversal: the
 * capture stays as the record of what happened).
 * Money that settles for a canceled order is captured and refunded.
 * Every step is "make it so", so running the plan again changes nothing.
 */
export function planSync(
  facts: PaymentFacts,
  medusa: MedusaSide,
  { unpaidOrderAfterMs }: Pick<JetpayTimings, "unpaidOrderAfterMs"> = DEFAULT_TIMINGS,
  { eftAuthorizedOn }: { eftAuthorizedOn: "completed" | "initiated" } = { eftAuthorizedOn: "completed" }
): SyncPlan {
  const ended = facts.outcome === "failed" || facts.outcome === "cancelled"
  const reversed = facts.outcome === "reversed"
  const paysHere = medusa.kind === "debit" && medusa.hasSession
  // An order made before its payment, past its expiry, its debit never used: its debit is cancelled
  // now, or was by an earlier run whose cancel of the order did not finish.
  const expireUnpaidOrder =
    paysHere &&
    !!medusa.expired &&
    !!medusa.awaiting &&
    medusa.hasOrder &&
    !medusa.orderCanceled &&
    !medusa.payment &&
    !facts.authorized &&
    (!ended || facts.outcome === "cancelled")
  const record = {
    authorized: facts.authorized && !medusa.told.authorized,
    settled: facts.settled && !medusa.told.settled,
    // An expiry ends the debit (it is cancelled at Jetpay in this run).
    failed: (ended || expireUnpaidOrder) && !medusa.told.failed,
    reversed: reversed && !medusa.told.reversed,
  }
  if (!paysHere) {
    // A refund that failed (or came back) after it was sent: the customer was not refunded.
    const emit: PluginEventKind[] = medusa.kind === "credit" && (record.failed || record.reversed) ? ["refund_failed"] : []
    // A debit whose session is gone can still be paid on its link until it is cancelled.
    return { ...recordOnlyPlan(record, emit), cancelAbandoned: medusa.kind === "debit" && !!medusa.abandoned && !facts.authorized }
  }

  // A payment already known to have failed before it settled makes no order: Medusa only
  // follows a failure for an order that exists already (its payment is canceled then).
  const failedBeforeSettling = ended && !facts.settled
  // A Medusa payment is made once the money is there (a card charged, a debit settled), or
  // once the payer signed an EFT for a merchant who ships on that (`eftAuthorizedOn: "initiated"`).
  const paymentDue = facts.paid || (facts.authorized && eftAuthorizedOn === "initiated")
  const awaitSettlement = facts.authorized && !paymentDue && !failedBeforeSettling && !medusa.payment
  // A payment request's order exists already: its session is authorized through Medusa's payment
  // workflow, which leaves it awaiting settlement (`pending_authorization`) like a checkout's.
  const awaitOnOrder = awaitSettlement && !medusa.forCart && medusa.hasOrder && !medusa.awaiting
  const authorize =
    facts.authorized &&
    !failedBeforeSettling &&
    ((medusa.forCart && !medusa.hasOrder) || (!medusa.payment && paymentDue) || awaitOnOrder)
  // A completion noted `unpaidOrderAfterMs` ago is over, whatever became of it. A live one
  // authorizes within seconds of making the order (one Jetpay status read, retries included
  // at most 20 s); Medusa's cart lock lets a completion run two minutes, but waiting that long
  // would leave a merchant looking at an order nobody paid for. Cancelling early is safe: the
  // debit is cancelled at Jetpay first, which Jetpay refuses once the payer has paid.
  // Authorizing early is safe as long as no completion still runs past this time (it would
  // authorize the same session too).
  const completionOver = medusa.completionAgeMs == null || medusa.completionAgeMs >= unpaidOrderAfterMs
  const leftUnpaid = medusa.forCart && !!medusa.unpaidOrder && medusa.completionAgeMs != null && completionOver
  const cancelUnpaidOrder = leftUnpaid && (!facts.authorized || failedBeforeSettling)
  const authorizeUnpaidOrder = leftUnpaid && facts.authorized && !failedBeforeSettling
  // A payment canceled on an earlier reading cannot be captured; its return is still flagged.
  const capture = facts.settled && !medusa.payment?.captured && !medusa.payment?.canceled
  const willHavePayment = !!medusa.payment || ((authorize || authorizeUnpaidOrder) && paymentDue)
  // The order's payment awaits settlement: the order exists or is made now (a payment request's
  // order exists already), and no Medusa payment is made before the money is there.
  const willAwait = awaitSettlement && (medusa.hasOrder || authorize || authorizeUnpaidOrder)
  // A failure cancels the order's Medusa payment, or its awaiting one (the session and collection),
  // and so does an expiry (the awaiting session).
  const cancelPayment =
    expireUnpaidOrder || (ended && !facts.settled && (willHavePayment || !!medusa.awaiting) && !medusa.payment?.canceled)
  const refundCanceledOrder =
    facts.settled && !reversed && !!medusa.orderCanceled && willHavePayment && !medusa.payment?.canceled
  const emit: PluginEventKind[] = []
  // "authorized" tells of an order the payer authorized, its Medusa payment authorized or awaiting
  // settlement: none is made for a debit that failed before any was.
  if (record.authorized && (willHavePayment || willAwait)) emit.push("authorized")
  if (record.settled) emit.push("captured")
  // An expired order's debit did not fail: Medusa tells of the order's cancel (`order.canceled`).
  if (record.failed && !expireUnpaidOrder) emit.push("failed")
  if (record.reversed) emit.push("reversed")
  // An order that completion made and left unpaid, which this run does not settle (the completion
  // may still be under way, and an EFT not settled has no payment to authorize through the cart),
  // keeps its note: a later run authorizes or cancels that order once the completion is surely over.
  const unpaidOrderLeft = medusa.forCart && !!medusa.unpaidOrder && !authorize && !authorizeUnpaidOrder && !cancelUnpaidOrder
  const completionAccounted = (facts.authorized || !!medusa.payment || completionOver) && !unpaidOrderLeft
  // An order made before its payment, past its reminder time (before its expiry), its debit never used.
  const remindUnpaidOrder =
    !!medusa.reminderDue && !!medusa.awaiting && medusa.hasOrder && !medusa.orderCanceled && !medusa.payment && !facts.authorized && !ended && !expireUnpaidOrder
  // An order left unpaid is cancelUnpaidOrder's: it cancels the debit too.
  const cancelAbandoned = !!medusa.abandoned && !facts.authorized && !medusa.payment && !medusa.hasOrder
  return {
    authorize,
    awaitSettlement,
    capture,
    cancelPayment,
    refundCanceledOrder,
    flagReversal: record.reversed,
    cancelUnpaidOrder,
    authorizeUnpaidOrder,
    expireUnpaidOrder,
    remindUnpaidOrder,
    completionAccounted,
    cancelAbandoned,
    emit,
    record,
  }
}
