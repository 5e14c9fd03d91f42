// One payment driven through the Store API and the sandbox, as its scenario says. The
// driver records every debit it saw for the cart; the verifier judges them by Jetpay's truth.
import { setTimeout as sleep } from "node:timers/promises"
import { HttpError } from "./http"
import type { JetpayControl } from "./jetpay-control"
import { between } from "./random"
import type { Scenario } from "./scenarios"
import { jetpaySessions, type JetpaySession, type Storefront } from "./storefront"

export type DrivenPayment = {
  index: number
  scenario: Scenario
  cartId?: string
  /** Every debit the storefront saw for the cart, oldest first; the last is the one it paid. */
  debitIds: string[]
  /** Answers of the shopper's own completion, for the log. */
  completions: string[]
  /** The checkout could not be driven to its end (the storefront gave up). */
  error?: string
  /** Milliseconds each step took (pauses excluded), to see where a slow run spends its time. */
  steps: Record<string, number>
}

export type CheckoutContext = { shop: Storefront; jetpay: JetpayControl; random: () => number; maxDelayMs: number }

export async function driveCheckout(context: CheckoutContext, index: number, scenario: Scenario): Promise<DrivenPayment> {
  const { shop, jetpay, random } = context
  const driven: DrivenPayment = { index, scenario, debitIds: [], completions: [], steps: {} }
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now()
    try {
      return await work()
    } finally {
      driven.steps[step] = (driven.steps[step] ?? 0) + Date.now() - started
    }
  }
  // The shopper's pauses: on Jetpay's page, before coming back, before the bank settles.
  const pause = () => sleep(between(random, 100, context.maxDelayMs))
  const complete = async (cartId: string) => {
    const answer = await timed("complete", () => shop.complete(cartId))
    driven.completions.push(`${answer.status} ${answer.body?.type ?? answer.body?.message ?? ""}`.trim())
  }
  try {
    const cartId = await timed("cart", () => shop.createCart(`chaos-${index}@example.com`))
    driven.cartId = cartId
    const collectionId = await timed("collection", () => shop.paymentCollection(cartId))
    const first = await timed("session", () => startSession(shop, collectionId))
    driven.debitIds.push(first.debitId)

    switch (scenario) {
      case "eft-settled":
        await jetpay.pay(first.debitId, "eft")
        await pause()
        await shop.paymentStatus(cartId).catch(() => undefined) // the shopper back, polling
        await pause()
        await jetpay.advance(first.debitId, "completed")
        break
      case "card-settled":
        await jetpay.pay(first.debitId, "card")
        await pause()
        await complete(cartId)
        await pause()
        await jetpay.advance(first.debitId, "completed")
        break
      case "eft-failed":
        await jetpay.pay(first.debitId, "eft")
        await pause()
        await jetpay.advance(first.debitId, "failed", "nsf")
        break
      case "never-paid":
        await pause()
        await complete(cartId) // back without paying: must not make an order
        break
      case "cart-changed": {
        await timed("add-line", () => addLineOnce(shop, cartId))
        const next = await timed("session", () => currentOrNewSession(shop, cartId, first.debitId))
        driven.debitIds.push(next.debitId)
        await jetpay.pay(next.debitId, "card")
        await pause()
        await complete(cartId)
        break
      }
      case "settled-returned":
        await jetpay.pay(first.debitId, "eft")
        await pause()
        await jetpay.advance(first.debitId, "completed")
        await pause()
        await jetpay.advance(first.debitId, "failed", "nsf")
        break
      case "complete-race":
        await jetpay.pay(first.debitId, "card")
        // No pause: the webhook leaves the sandbox about 25 ms after the payment.
        await complete(cartId)
        break
    }
  } catch (error) {
    driven.error = error instanceof Error ? error.message : String(error)
  }
  return driven
}

/**
 * A shopper clicking "Pay" again when starting the payment failed (Jetpay answered 5xx or
 * hung and the store said so): each try may create a new debit, as a real one would.
 */
async function startSession(shop: Storefront, collectionId: string): Promise<JetpaySession> {
  let lastError: unknown
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      return await shop.startJetpaySession(collectionId)
    } catch (error) {
      lastError = error
      if (error instanceof HttpError && (error.status === 401 || error.status === 404)) break
      await sleep(500 * (attempt + 1))
    }
  }
  throw lastError
}

/** Adds one line; after an error, only again if the cart does not have it yet (never two lines). */
async function addLineOnce(shop: Storefront, cartId: string): Promise<void> {
  let lastError: unknown
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      await shop.addLine(cartId)
      return
    } catch (error) {
      lastError = error
      await sleep(500 * (attempt + 1))
      const cart = await shop.cart(cartId)
      const quantity = (cart.items ?? []).reduce((sum: number, item: { quantity: number }) => sum + Number(item.quantity), 0)
      if (quantity >= 2) return
    }
  }
  throw lastError
}

/** The session for the changed cart: the store's new debit if it made one, else a new session. */
async function currentOrNewSession(shop: Storefront, cartId: string, oldDebitId: string): Promise<JetpaySession> {
  const cart = await shop.cart(cartId)
  const renewed = jetpaySessions(cart.payment_collection).find((session) => session.debitId !== oldDebitId)
  if (renewed) return renewed
  return startSession(shop, cart.payment_collection.id)
}
