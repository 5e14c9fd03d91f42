import type { ReactElement } from "react"
import type { JetpayWatchResult } from "../payment-status.js"
import { fillJetpayText, type JetpayTexts } from "../texts.js"
import type { JetpayPaymentStatus } from "../types.js"

/** What the payment's status says to the shopper, in their language; only the store's answer decides it. */
export function statusText(
  texts: JetpayTexts,
  status: JetpayPaymentStatus | null,
  result: JetpayWatchResult | null,
  error: Error | null
): string {
  if (result?.outcome === "timeout") return texts.timeout
  if (result?.outcome === "not_found") return texts.notFound
  if (result?.outcome === "unavailable") return texts.unavailable
  if (status?.order_id) return settledText(texts, status.state)
  switch (status?.state) {
    case "requested":
      return texts.waiting
    case "initiated":
    case "paid":
    case "completed":
      return texts.authorizing
    case "failed":
      return texts.failed
    case "cancelled":
    case "canceled":
      return texts.cancelled
  }
  return error ? fillJetpayText(texts.error, { message: error.message }) : texts.checking
}

/** The note beside a confirmed order: an EFT settles later; a card is paid; a returned EFT. */
export function settledText(texts: JetpayTexts, state: string): string {
  if (state === "initiated") return texts.eftAuthorized
  if (state === "paid") return texts.cardPaid
  if (state === "failed" || state === "cancelled" || state === "canceled") return texts.reversed
  return texts.confirmed
}

/** A polite live region: screen readers read each new status. */
export function StatusLine(props: { text: string; className?: string }): ReactElement {
  return (
    <p role="status" aria-live="polite" className={props.className} data-jetpay="status">
      {props.text}
    </p>
  )
}

/**
 * Runs the page's `onOrder` and gives back the message of its failure, if any. A framework's
 * navigation thrown as an error (Next.js's `redirect()` in a server action) is no failure.
 */
export async function runOnOrder(onOrder: ((orderId: string) => unknown) | undefined, orderId: string): Promise<string | null> {
  try {
    await onOrder?.(orderId)
    return null
  } catch (error) {
    const digest = (error as { digest?: unknown } | null)?.digest
    if (typeof digest === "string" && /^NEXT_(REDIRECT|NOT_FOUND)/.test(digest)) return null
    return error instanceof Error ? error.message : String(error)
  }
}
