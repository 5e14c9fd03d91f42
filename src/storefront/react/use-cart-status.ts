"use client"

import { useCallback, useEffect, useRef, useState } from "react"
import { jetpayPhase, watchJetpayOrder, type JetpayPhase, type JetpayWatchResult, type WatchJetpayOrderOptions } from "../payment-status.js"
import type { JetpayStore } from "../store-api.js"
import type { JetpayPaymentStatus } from "../types.js"

export type UseJetpayCartStatusOptions = Pick<WatchJetpayOrderOptions, "intervalMs" | "timeoutMs" | "maxFailures"> & {
  /** False: do not ask (yet). True by default. */
  enabled?: boolean
}

export type JetpayCartStatus = {
  /** The last status the store gave; null before the first answer. */
  status: JetpayPaymentStatus | null
  /** What to show: `idle` before asking, then the status's phase. */
  phase: JetpayPhase | "idle"
  /** How the watch ended (order, failed, timeout, not_found, unavailable); null while it runs. */
  result: JetpayWatchResult | null
  /** The last failed call, cleared by the next answer. */
  error: Error | null
  /** Watch again from the start (after a timeout, or when the store was unreachable). */
  refresh: () => void
}

/**
 * Watches the cart's Jetpay payment through the plugin's status route until its order exists,
 * the payment fails, or the watch gives up; stops when the component unmounts or the cart changes.
 */
export function useJetpayCartStatus(store: JetpayStore, cartId: string | null | undefined, options: UseJetpayCartStatusOptions = {}): JetpayCartStatus {
  const enabled = options.enabled !== false && Boolean(cartId)
  const [status, setStatus] = useState<JetpayPaymentStatus | null>(null)
  const [result, setResult] = useState<JetpayWatchResult | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const [run, setRun] = useState(0)
  // The store is usually an object literal, new on each render: the watch reads the latest.
  const storeRef = useRef(store)
  storeRef.current = store
  const { intervalMs, timeoutMs, maxFailures } = options

  useEffect(() => {
    if (!enabled || !cartId) return
    const controller = new AbortController()
    setResult(null)
    setError(null)
    watchJetpayOrder(storeRef.current, cartId, {
      intervalMs,
      timeoutMs,
      maxFailures,
      signal: controller.signal,
      onStatus: (next) => {
        setStatus(next)
        setError(null)
      },
      onError: (failure) => setError(failure),
    }).then((ended) => {
      if (ended.outcome !== "aborted") setResult(ended)
    })
    return () => controller.abort()
  }, [enabled, cartId, run, intervalMs, timeoutMs, maxFailures])

  const refresh = useCallback(() => setRun((n) => n + 1), [])
  return { status, phase: !enabled ? "idle" : status ? jetpayPhase(status) : "checking", result, error, refresh }
}
