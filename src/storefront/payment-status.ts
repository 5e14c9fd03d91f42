import { JetpayStoreError, storeRequest, type JetpayStore } from "./store-api.js"
import type { JetpayPaymentStatus } from "./types.js"

/** The plugin's status of the cart's Jetpay payment. Rejects with a JetpayStoreError (404: no such cart or no Jetpay payment). */
export function getJetpayPaymentStatus(store: JetpayStore, cartId: string, options: { signal?: AbortSignal } = {}): Promise<JetpayPaymentStatus> {
  return storeRequest<JetpayPaymentStatus>(store, "GET", "/store/jetpay/payment-status", { query: { cart_id: cartId }, signal: options.signal })
}

/**
 * What a page shows for a status:
 * - `confirmed`: the order exists;
 * - `waiting`: not paid yet, Jetpay's page can still take the payment;
 * - `authorizing`: the shopper paid (EFT authorized, card paid), the order is being made;
 * - `failed`: the payment failed or was cancelled; only a new payment changes that;
 * - `checking`: a state the kit does not know; keep asking.
 */
export type JetpayPhase = "confirmed" | "waiting" | "authorizing" | "failed" | "checking"

export function jetpayPhase(status: Pick<JetpayPaymentStatus, "state" | "order_id">): JetpayPhase {
  if (status.order_id) return "confirmed"
  switch (status.state) {
    case "requested":
      return "waiting"
    case "initiated":
    case "paid":
    case "completed":
      return "authorizing"
    case "failed":
    case "cancelled":
    case "canceled":
      return "failed"
    default:
      return "checking"
  }
}

/** How a watch ended. */
export type JetpayWatchResult =
  /** The order exists. */
  | { outcome: "order"; orderId: string; status: JetpayPaymentStatus }
  /** The payment failed or was cancelled: the shopper may start a new one. */
  | { outcome: "failed"; status: JetpayPaymentStatus }
  /** No order within `timeoutMs` (the shopper may still pay: the webhook makes the order then). */
  | { outcome: "timeout"; status: JetpayPaymentStatus | null }
  /** The cart does not exist or has no Jetpay payment (404). */
  | { outcome: "not_found" }
  /** `maxFailures` calls in a row failed (the store or Jetpay cannot be reached). */
  | { outcome: "unavailable"; error: Error }
  /** The signal aborted the watch. */
  | { outcome: "aborted" }

export type WatchJetpayOrderOptions = {
  /** Between two calls; 2 500 ms by default (the plugin reads Jetpay at most every 3 s per payment). */
  intervalMs?: number
  /** Gives up after this long; 15 minutes by default. */
  timeoutMs?: number
  /** Failed calls in a row before giving up; 5 by default. */
  maxFailures?: number
  /** Each status read, and each failed call (with the failures in a row so far). */
  onStatus?: (status: JetpayPaymentStatus) => void
  onError?: (error: Error, failuresInARow: number) => void
  signal?: AbortSignal
  /** Clock and timer, for tests. */
  now?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

/**
 * Asks the plugin's status route until the cart's order exists, the payment fails, or it gives
 * up (timeout, the store unreachable, the cart unknown). Never decides anything itself: the
 * order id and the states are the store's.
 */
export async function watchJetpayOrder(store: JetpayStore, cartId: string, options: WatchJetpayOrderOptions = {}): Promise<JetpayWatchResult> {
  const intervalMs = options.intervalMs ?? 2_500
  const timeoutMs = options.timeoutMs ?? 15 * 60_000
  const maxFailures = options.maxFailures ?? 5
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? wait
  const deadline = now() + timeoutMs
  let failures = 0
  let last: JetpayPaymentStatus | null = null
  for (;;) {
    if (options.signal?.aborted) return { outcome: "aborted" }
    try {
      last = await getJetpayPaymentStatus(store, cartId, { signal: options.signal })
      failures = 0
      options.onStatus?.(last)
      const phase = jetpayPhase(last)
      if (phase === "confirmed") return { outcome: "order", orderId: last.order_id!, status: last }
      if (phase === "failed") return { outcome: "failed", status: last }
    } catch (error) {
      if (options.signal?.aborted) return { outcome: "aborted" }
      if (error instanceof JetpayStoreError && error.status === 404) return { outcome: "not_found" }
      failures += 1
      const failure = error instanceof Error ? error : new Error(String(error))
      options.onError?.(failure, failures)
      if (failures >= maxFailures) return { outcome: "unavailable", error: failure }
    }
    if (now() + intervalMs > deadline) return { outcome: "timeout", status: last }
    await sleep(intervalMs, options.signal)
  }
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener("abort", done)
      resolve()
    }
    signal?.addEventListener("abort", done, { once: true })
  })
}
