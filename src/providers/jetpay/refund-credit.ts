import { randomUUID } from "node:crypto"
import { MedusaError } from "@medusajs/framework/utils"
import type { JetpayClient } from "../../jetpay-api"
import { REFUND_OUTCOME } from "../../domain/refund-outcome"
import { isStaleIntent } from "../../domain/attention-items"
import { nextCheckAt } from "../../domain/next-check"
import type JetpayModuleService from "../../modules/jetpay/service"
import { creditOutcomeOfError } from "../../domain/refund-outcome"
import { toMedusaError } from "../../domain/medusa-errors"
import { confirmedIntentToRecord, refundCreditNote } from "../../domain/refund-reference"
import { confirmedRefundReference } from "./confirmed-refund"
import { REFUND_SENT_KEY, unrecordedCredits } from "../../domain/unrecorded-refunds"
import { creditCents } from "../../domain/refund-surcharge"

type DebitRecord = Awaited<ReturnType<JetpayModuleService["listJetpayTransactions"]>>[number]

export type RefundCreditInput = {
  debit: DebitRecord
  cents: number
  /**
   * The card fee this credit returns on top of `cents` (refund-surcharge.ts), kept on the credit's
   * record as its `surcharge`: its `amount` stays Medusa's refund, which the bookkeeping matches.
   */
  surchargeCents?: number
  statement: string
  bankAccountId: string
  /** The amount as a person reads it, for messages. */
  money: (cents: number) => string
  /** A refund on its way this long without Jetpay's answer counts as outcome unknown (timings). */
  refundIntentStaleMs: number
  /**
   * The Medusa refund this credit is for: its id (Medusa's idempotency key, left out of the count)
   * and the payment's Medusa refunds in cents, read now. Null for a refund not made through
   * Medusa's refund (Needs attention's "refund" of a payment with no order): its credit is tied
   * to no Medusa payment, so no Medusa refund is expected of it. `refundsOfPayment` answers null
   * when it cannot read them: the check below is skipped rather than refusing every refund.
   */
  medusaRefund: { id: string | null; refundsOfPayment: () => Promise<Array<{ id: string; cents: number }> | null> } | null
  /**
   * When the reconciliation emails the credit's link itself should the refund's own email never
   * begin (its `payment.refunded` lost with its process): after Medusa has surely recorded the refund.
   */
  refundEmailDueAt?: Date
  logError: (message: string) => void
}

export type RefundCreditResult = { creditId: string; link: string | null; alreadyMade: boolean }

/**
 * Sends a refund credit for a debit, from any caller (Medusa's refund, the admin's refund of a
 * payment that has no order). Against a second credit: the refund is recorded as an
 * intent before Jetpay is asked; a lost answer makes its outcome "unknown" and refuses every
 * further refund of the debit until a person settles it; and once Jetpay made the credit,
 * this succeeds whatever happens to the bookkeeping after it.
 */
export async function sendRefundCredit(
  client: JetpayClient,
  jetpay: JetpayModuleService,
  input: RefundCreditInput
): Promise<RefundCreditResult> {
  const { debit, cents, money } = input
  const surchargeCents = input.surchargeCents ?? 0
  const credits = await jetpay.listJetpayTransactions({ debit_jetpay_id: debit.jetpay_id, kind: "credit" }, { take: null })
  // A person checked Jetpay's dashboard and confirmed this very refund, whose answer was lost (the
  // Needs attention action names its intent around this call): it is recorded now, and Jetpay is
  // not asked again. Matched by the intent, never by the amount: another refund of the same
  // amount sends its own credit.
  const confirmed = confirmedIntentToRecord(credits, confirmedRefundReference())
  if (confirmed) {
    if (confirmed.amount !== cents) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `The confirmed refund ${confirmed.jetpay_id} was of ${money(confirmed.amount)}, not ${money(cents)}`
      )
    }
    await jetpay.updateJetpayTransactions({ id: confirmed.id, refund_outcome: REFUND_OUTCOME.recorded, last_error: null })
    return { creditId: confirmed.jetpay_id, link: confirmed.link, alreadyMade: true }
  }
  const inFlight = credits.find((credit) => credit.refund_outcome === REFUND_OUTCOME.pending)
  if (inFlight && !isStaleIntent(inFlight, new Date(), input.refundIntentStaleMs)) throw refundUnderWay(debit.jetpay_id)
  const unknown = credits.find(
    (credit) =>
      credit.refund_outcome === REFUND_OUTCOME.unknown ||
      (credit.refund_outcome === REFUND_OUTCOME.pending && isStaleIntent(credit, new Date(), input.refundIntentStaleMs))
  )
  if (unknown) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `A refund of ${money(unknown.amount)} of Jetpay payment ${debit.jetpay_id} has an unknown outcome: Jetpay did not ` +
        `answer whether it made the credit. Check Jetpay's dashboard, then mark it "sent" or "not sent" in Settings → ` +
        `Jetpay → Needs attention. No other refund of this payment is sent until then.`
    )
  }
  // A credit Jetpay made for an earlier refund whose Medusa refund was then undone (Medusa failed
  // after the provider's call): the customer was paid, Medusa does not show it, and this press
  // would pay them again. Every other Medusa refund of the payment exists by now (Medusa records
  // its refund before it calls the provider), so no grace: one unaccounted for is unrecorded.
  const refundsOfPayment = input.medusaRefund && debit.payment_id ? await input.medusaRefund.refundsOfPayment() : null
  if (input.medusaRefund && refundsOfPayment) {
    const current = input.medusaRefund.id
    const others = refundsOfPayment.filter((refund) => refund.id !== current)
    const [unrecorded] = unrecordedCredits(
      credits.filter((credit) => credit.payment_id === debit.payment_id),
      () => others.map((refund) => refund.cents),
      new Date(),
      0
    ).unrecorded
    if (unrecorded) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `A refund of ${money(unrecorded.amount)} of Jetpay payment ${debit.jetpay_id} was made at Jetpay (credit ` +
          `${unrecorded.jetpay_id}) but Medusa did not record it: the customer was refunded. Record it in Settings → ` +
          `Jetpay → Needs attention (listed there within a minute), or mark it handled; no other refund of this payment is sent until then.`
      )
    }
  }
  // At most one intent per debit (a unique index): a refund of the same payment started at this
  // very moment, here or in another process, makes this insert fail, and this refund is refused.
  const intentReference = `intent:${randomUUID()}`
  const [intent] = await jetpay.createJetpayTransactions([
    {
      jetpay_id: intentReference,
      kind: "credit",
      state: "requested",
      amount: cents,
      surcharge: surchargeCents,
      contact_id: debit.contact_id,
      debit_jetpay_id: debit.jetpay_id,
      payment_session_id: debit.payment_session_id,
      payment_collection_id: debit.payment_collection_id,
      payment_id: input.medusaRefund ? debit.payment_id : null,
      cart_id: debit.cart_id,
      order_id: debit.order_id,
      refund_outcome: REFUND_OUTCOME.pending,
    },
  ]).catch((error: Error) => {
    if (/one_pending_refund|duplicate key|already exists/i.test(error.message)) throw refundUnderWay(debit.jetpay_id)
    throw error
  })
  let credit: Awaited<ReturnType<JetpayClient["createCredit"]>>
  try {
    credit = await client.createCredit({
      amount: creditCents(cents, surchargeCents),
      statement: input.statement,
      note: refundCreditNote(debit.jetpay_id, intentReference),
      fromBankAccount: input.bankAccountId,
      contactId: debit.contact_id!,
    })
  } catch (error) {
    const outcome = creditOutcomeOfError(error)
    const message = toMedusaError(error, "Creating the Jetpay refund credit").message
    await jetpay
      .updateJetpayTransactions({ id: intent.id, refund_outcome: outcome, last_error: message })
      .catch((recordError: Error) => input.logError(`[jetpay] could not record a refund's outcome: ${recordError.message}`))
    if (outcome === REFUND_OUTCOME.unknown) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `Jetpay did not confirm the refund of ${money(cents)}: it may or may not have been sent, and it is NOT sent again. ` +
          `Check Jetpay's dashboard, then mark it "sent" or "not sent" in Settings → Jetpay → Needs attention; ` +
          `no other refund of this payment is sent until then.`
      )
    }
    throw toMedusaError(error, "Creating the Jetpay refund credit")
  }

  // The credit exists: from here on the refund must not fail, or a retry would send a second one.
  const update = {
    id: intent.id,
    jetpay_id: credit.identifier,
    state: credit.state ?? "requested",
    link: credit.link ?? null,
    refund_outcome: REFUND_OUTCOME.sent,
    next_check_at: nextCheckAt("credit", "pending", new Date(), new Date()),
    // A Medusa refund's credit with a link is emailed (workflows/refund-emails): by the refund's
    // subscriber, which clears this once sent, else by the reconciliation at this time.
    ...(input.medusaRefund && credit.link && input.refundEmailDueAt ? { refund_email_retry_at: input.refundEmailDueAt } : {}),
  }
  await jetpay
    .updateJetpayTransactions(update)
    .catch(() => jetpay.updateJetpayTransactions(update))
    .catch((error: Error) =>
      input.logError(`[jetpay] refund credit ${credit.identifier} was made but could not be recorded (${error.message}); the refund stands`)
    )
  // Tells the reconciliation to look at Needs attention again, and again once this credit's grace
  // is over: Medusa may still undo its refund (unrecorded-refunds.ts).
  await jetpay
    .writeState(REFUND_SENT_KEY, { at: new Date().toISOString(), credit: credit.identifier })
    .catch((error: Error) => input.logError(`[jetpay] could not note a refund sent for Needs attention: ${error.message}`))
  return { creditId: credit.identifier, link: credit.link ?? null, alreadyMade: false }
}

function refundUnderWay(debitId: string): MedusaError {
  return new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    `Another refund of Jetpay payment ${debitId} is being sent right now: look at the order again in a moment before refunding more.`
  )
}
