// One cart's Medusa side against the expectations of its debits (outcomes.ts). Pure: the
// verifier (verify.ts) reads the admin API, the store status route and the database, and
// hands this module plain records; every difference comes back as a sentence a person can act on.
import { allowsOrder, needsOrder, type DebitTruth, type Expectation, type TruthClass } from "./outcomes"

export type ObservedPayment = {
  id: string
  /** `data.jetpay_transaction_id` of the Medusa payment. */
  debitId: string | null
  amountCents: number
  capturedAt: string | null
  canceledAt: string | null
  captures: { amountCents: number }[]
  /** Medusa's refunds of the payment (absent: none read). */
  refunds?: { amountCents: number }[]
}

export type ObservedOrder = {
  id: string
  metadata: Record<string, unknown> | null
  canceledAt: string | null
  payments: ObservedPayment[]
  /** Debits the plugin's admin route (GET /admin/jetpay/orders/:id) shows as reversed. */
  reversedDebits: string[]
}

export type ObservedCart = {
  cartId: string
  /** Every order linked to the cart: more than one is a duplicate order. */
  orderIds: string[]
  /** What the store status route answers as the cart's order (undefined: it did not answer). */
  statusOrderId: string | null | undefined
  orders: ObservedOrder[]
  /** The cart's payment sessions with the debit each one names. */
  sessions: { debitId: string | null; status: string }[]
}

export type ExpectedDebit = DebitTruth & {
  truthClass: TruthClass
  expectation: Expectation
  /** Refund credits Jetpay holds for this debit, cancelled ones left out (absent: none). */
  credits?: { id: string; amount: number; state: string }[]
}

export type CartVerdict = {
  cartId: string
  differences: string[]
  duplicateOrders: number
  duplicateCaptures: number
  /**
   * Refunds made twice: Jetpay credits for a debit beyond the refunds Medusa recorded for its
   * payment, or Medusa refunds beyond what was captured; the larger of the two per debit.
   */
  duplicateCredits: number
  /** Orders canceled with nothing paid: counted apart, never as an order of the cart. */
  canceledUnpaidOrders: number
}

export function compareCart(debits: readonly ExpectedDebit[], observed: ObservedCart): CartVerdict {
  const differences: string[] = []
  const wantsOrder = debits.some((debit) => needsOrder(debit.expectation))
  const orderAllowed = debits.some((debit) => allowsOrder(debit.expectation))
  const orderCount = observed.orderIds.length
  const duplicateOrders = Math.max(0, orderCount - 1)
  // To a merchant an order canceled with nothing paid is no order: what the plugin makes of one
  // that Medusa's cart completion created and died before paying (its compensation never ran).
  const canceledUnpaid = new Set(
    observed.orders.filter((order) => order.canceledAt && order.payments.length === 0).map((order) => order.id)
  )
  const standing = observed.orderIds.filter((id) => !canceledUnpaid.has(id))
  if (orderCount > 1) differences.push(`${orderCount} orders for one cart (${observed.orderIds.join(", ")})`)
  if (wantsOrder && orderCount === 0) differences.push("no order, although Jetpay says the payer authorized")
  if (!orderAllowed && standing.length > 0) differences.push(`order ${standing[0]} exists, although no debit of the cart was authorized`)
  if (wantsOrder && orderCount === 1 && observed.statusOrderId !== undefined && observed.statusOrderId !== observed.orderIds[0]) {
    differences.push(`the store status route shows order ${observed.statusOrderId ?? "none"}, the cart has ${observed.orderIds[0]}`)
  }

  const payments = observed.orders.flatMap((order) => order.payments.map((payment) => ({ order, payment })))
  let duplicateCaptures = 0
  for (const payment of payments) duplicateCaptures += Math.max(0, payment.payment.captures.length - 1)
  let duplicateCredits = 0
  for (const debit of debits) {
    const found = creditDifferences(debit, payments.filter(({ payment }) => payment.debitId === debit.id).map(({ payment }) => payment))
    duplicateCredits += found.duplicates
    differences.push(...found.differences)
  }

  for (const debit of debits) {
    const own = payments.filter(({ payment }) => payment.debitId === debit.id)
    const label = `debit ${debit.id} (${debit.state})`
    if (debit.expectation === "unknown") {
      differences.push(`${label}: Jetpay state with no expectation rule`)
      continue
    }
    if (debit.expectation === "no-order") {
      if (own.length) differences.push(`${label}: order ${own[0].order.id} pays with it`)
      const authorizedBy = observed.sessions.find(
        (session) =>
          session.debitId === debit.id &&
          (session.status === "authorized" || session.status === "captured" || session.status === "pending_authorization")
      )
      if (authorizedBy) differences.push(`${label}: its payment session is ${authorizedBy.status}`)
      continue
    }
    const session = observed.sessions.find((candidate) => candidate.debitId === debit.id)
    if (debit.expectation === "awaiting") {
      // No Medusa payment until Jetpay settles: the order's payment awaits, its session pending_authorization.
      if (own.length) differences.push(`${label}: Medusa payment ${own[0].payment.id} for it, expected its payment awaiting settlement`)
      else if (orderCount > 0 && session?.status !== "pending_authorization") {
        differences.push(`${label}: its payment session is ${session?.status ?? "gone"}, expected pending_authorization`)
      }
      continue
    }
    if (own.length === 0) {
      // An EFT's awaiting payment that failed has no Medusa payment: its session ended instead. So
      // does a returned one whose settlement no status read confirmed (handled as the failure it ended in).
      const awaitingEnded =
        (debit.expectation === "canceled" || debit.expectation === "reversed") &&
        (session?.status === "error" || session?.status === "canceled")
      if (orderCount > 0 && !awaitingEnded) differences.push(`${label}: no Medusa payment for it (expected ${debit.expectation})`)
      continue
    }
    if (own.length > 1) differences.push(`${label}: ${own.length} Medusa payments for it`)
    const { order, payment } = own[0]
    differences.push(...comparePayment(label, debit, order, payment))
  }
  return { cartId: observed.cartId, differences, duplicateOrders, duplicateCaptures, duplicateCredits, canceledUnpaidOrders: canceledUnpaid.size }
}

/**
 * A debit's refunds on both sides: each Medusa refund is one Jetpay credit, and no more is
 * refunded than was captured. What goes beyond either counts as a duplicate.
 */
export function creditDifferences(debit: ExpectedDebit, own: readonly ObservedPayment[]): { duplicates: number; differences: string[] } {
  const differences: string[] = []
  const credits = debit.credits ?? []
  const refunds = own.flatMap((payment) => payment.refunds ?? [])
  const captured = sum(own.flatMap((payment) => payment.captures.map((capture) => capture.amountCents)))
  const label = `debit ${debit.id} (${debit.state})`
  const creditsBeyond = Math.max(0, credits.length - refunds.length)
  if (creditsBeyond > 0) {
    differences.push(
      `${label}: ${credits.length} Jetpay credits (${credits.map((credit) => `${credit.id} ${credit.amount} cents ${credit.state}`).join(", ")}) for ${refunds.length} Medusa refunds`
    )
  }
  let refunded = 0
  let refundsBeyond = 0
  for (const refund of refunds) {
    refunded += refund.amountCents
    if (refunded > captured) refundsBeyond += 1
  }
  if (refundsBeyond > 0) differences.push(`${label}: refunded ${refunded} cents of ${captured} captured (${refunds.length} refunds)`)
  const credited = sum(credits.map((credit) => credit.amount))
  if (credited > debit.amount) differences.push(`${label}: Jetpay credited ${credited} cents of a ${debit.amount}-cent debit`)
  return { duplicates: Math.max(creditsBeyond, refundsBeyond), differences }
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0)
}

function comparePayment(label: string, debit: ExpectedDebit, order: ObservedOrder, payment: ObservedPayment): string[] {
  const out: string[] = []
  if (payment.amountCents !== debit.amount) out.push(`${label}: payment amount ${payment.amountCents} cents, the debit is ${debit.amount}`)
  const captures = payment.captures.length
  const fullCapture = captures === 1 && payment.captures[0].amountCents === payment.amountCents
  switch (debit.expectation) {
    case "authorized":
      if (captures > 0 || payment.capturedAt) out.push(`${label}: captured (${captures} captures), expected authorized only`)
      if (payment.canceledAt) out.push(`${label}: payment canceled, expected authorized`)
      break
    case "captured":
      if (captures === 0) out.push(`${label}: not captured`)
      else if (captures > 1) out.push(`${label}: captured ${captures} times`)
      else if (!fullCapture) out.push(`${label}: captured ${payment.captures[0].amountCents} of ${payment.amountCents} cents`)
      if (payment.canceledAt) out.push(`${label}: payment canceled although settled`)
      break
    case "canceled":
      if (!payment.canceledAt) out.push(`${label}: payment not canceled`)
      if (captures > 0) out.push(`${label}: captured ${captures} times, although it never settled`)
      break
    case "reversed": {
      // Settlement seen in events only, never in a status read: handled as the failure it ended in.
      if (captures === 0 && !payment.capturedAt) {
        if (!payment.canceledAt) out.push(`${label}: neither captured and flagged reversed, nor canceled`)
        break
      }
      if (captures === 0) out.push(`${label}: marked captured without a capture`)
      else if (captures > 1) out.push(`${label}: captured ${captures} times`)
      else if (!fullCapture) out.push(`${label}: captured ${payment.captures[0].amountCents} of ${payment.amountCents} cents`)
      const flagged = order.reversedDebits.includes(debit.id) || order.metadata?.jetpay_payment_reversed === true
      if (!flagged) out.push(`${label}: order ${order.id} not flagged as reversed`)
      break
    }
  }
  return out
}
