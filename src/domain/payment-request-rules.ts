import type { BigNumberInput } from "@medusajs/framework/types"
import { BigNumber, MathBN } from "@medusajs/framework/utils"
import { toJetpayAmount } from "./money"
import { formatMoney } from "./locale-format"

/** An order's payment collection as the rules need it (Medusa's query graph shape). */
export type CollectionFacts = {
  id: string
  status: string
  payments?: Array<{ amount: BigNumberInput; captured_at?: Date | string | null; canceled_at?: Date | string | null }> | null
  /** Its payment sessions: one `pending_authorization` is money on its way with no Medusa payment yet. */
  payment_sessions?: Array<{ amount: BigNumberInput; status: string }> | null
}

/** A payment request of this order that can still be paid (its link works). */
export type OpenRequest = { id: string; amount: number; sent_at?: string | null }

export type OutstandingInput = {
  order_status: string
  currency_code: string
  email: string | null | undefined
  /** `order.summary.pending_difference`: what the order still expects, after captures and refunds. */
  pending_difference: BigNumberInput | null | undefined
  collections: CollectionFacts[]
}

export type Outstanding = {
  /** Major units: what is left to collect, after money that is authorized and on its way. */
  amount: BigNumber
  /** The same in Jetpay's integer smallest unit. */
  cents: number
  /** Authorized by a payer and not settled yet (on its way): not to be asked for again. */
  authorized_pending: BigNumber
}

/** Why a payment request cannot be made now; `code` lets the admin say it in its language. */
export type RequestRefusal = {
  code: "order_canceled" | "no_email" | "nothing_outstanding" | "authorized_pending" | "awaiting_settlement" | "already_requested"
  message: string
}

export type RequestDecision =
  | { ok: true; outstanding: Outstanding; supersede: string[] }
  | { ok: false; outstanding: Outstanding; refusal: RequestRefusal }

const AUTHORIZED_COLLECTION = new Set(["authorized", "partially_authorized"])

/**
 * What an order has left to pay: Medusa's own pending difference (its total minus what was
 * captured, plus what was refunded), less the payments that are authorized and not settled
 * yet. Computed on the server only, never taken from a browser.
 */
export function outstandingAmount(input: Pick<OutstandingInput, "currency_code" | "pending_difference" | "collections">): Outstanding {
  const pending = MathBN.convert(input.pending_difference ?? 0)
  let authorized = MathBN.convert(0)
  for (const collection of input.collections) {
    for (const payment of collection.payments ?? []) {
      if (!payment.captured_at && !payment.canceled_at) authorized = MathBN.add(authorized, payment.amount)
    }
  }
  const left = MathBN.sub(pending, authorized)
  const amount = MathBN.gt(left, 0) ? left : MathBN.convert(0)
  return {
    amount: new BigNumber(amount),
    cents: toJetpayAmount(amount, input.currency_code),
    authorized_pending: new BigNumber(authorized),
  }
}

/** What the order's sessions awaiting authorization (`pending_authorization`) hold. */
function awaitingAmount(collections: CollectionFacts[]) {
  let awaiting = MathBN.convert(0)
  for (const collection of collections) {
    for (const session of collection.payment_sessions ?? []) {
      if (session.status === "pending_authorization") awaiting = MathBN.add(awaiting, session.amount)
    }
  }
  return awaiting
}

/**
 * Whether a payment request for the order's outstanding amount may be made now. Refused:
 * a canceled order, no email to send it to, nothing outstanding, a payment authorized and
 * not settled yet (Medusa would cancel that payment to make a new collection), a payment
 * awaiting settlement or its payer (no Medusa payment yet, so still in the difference), or an open
 * request for the same amount. Open requests for another amount are superseded (their
 * links are cancelled before the new one is made).
 */
export function decidePaymentRequest(input: OutstandingInput, open: OpenRequest[]): RequestDecision {
  const outstanding = outstandingAmount(input)
  const money = (value: BigNumberInput) => formatMoney(value, input.currency_code, "en")
  const refuse = (code: RequestRefusal["code"], message: string): RequestDecision => ({
    ok: false,
    outstanding,
    refusal: { code, message },
  })

  if (input.order_status === "canceled") return refuse("order_canceled", "This order is canceled: there is nothing to collect.")
  if (!input.email) return refuse("no_email", "This order has no email address to send a payment request to.")
  const authorizedCollection = input.collections.some((collection) => AUTHORIZED_COLLECTION.has(collection.status))
  if (authorizedCollection && MathBN.gt(outstanding.authorized_pending, 0)) {
    return refuse(
      "authorized_pending",
      `A payment of ${money(outstanding.authorized_pending)} is authorized and not settled yet. Request the rest once it has settled.`
    )
  }
  const awaiting = awaitingAmount(input.collections)
  if (MathBN.gt(awaiting, 0)) {
    // Medusa's pending difference still counts it: a new request would ask the customer to pay it twice.
    return refuse(
      "awaiting_settlement",
      `A payment of ${money(awaiting)} awaits on this order (an EFT Jetpay is still pulling, or a Jetpay link not paid yet). Request more once it has settled or been canceled.`
    )
  }
  if (outstanding.cents <= 0) return refuse("nothing_outstanding", "Nothing is outstanding on this order: there is no amount to request.")
  const same = open.find((request) => request.amount === outstanding.cents)
  if (same) {
    return refuse(
      "already_requested",
      `A payment request for ${money(outstanding.amount)} is already open for this order. Resend it, or cancel it before requesting again.`
    )
  }
  return { ok: true, outstanding, supersede: open.map((request) => request.id) }
}
