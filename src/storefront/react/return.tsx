"use client"

import { useEffect, useRef, useState, type ReactElement } from "react"
import type { JetpayLanguage } from "../language.js"
import { JETPAY_PROVIDER_ID } from "../provider.js"
import { startJetpayPayment } from "../start-payment.js"
import type { JetpayStore } from "../store-api.js"
import { fillJetpayText, jetpayTexts, type JetpayTexts } from "../texts.js"
import { useJetpayCartStatus } from "./use-cart-status.js"
import { useJetpayLanguage } from "./use-language.js"
import { runOnOrder, StatusLine, settledText, statusText } from "./status-message.js"

export type JetpayReturnProps = {
  /** How to reach the Store API from the browser: `{ baseUrl, publishableKey }` or `{ sdk }`. */
  store: JetpayStore
  /** The cart paid with Jetpay, from the page's URL (the cart cookie may not come back from another site). */
  cartId: string
  providerId?: string
  lang?: JetpayLanguage
  texts?: Partial<JetpayTexts>
  /** The order exists: go to its page, clear the cart. */
  onOrder?: (orderId: string) => unknown
  /** The order page's address, for a "See your order" link. */
  orderHref?: (orderId: string) => string
  pollIntervalMs?: number
  timeoutMs?: number
  className?: string
  /** For tests: where "Try again" sends the shopper (`window.location.assign` by default). */
  navigate?: (url: string) => void
}

/**
 * The page a shopper comes back to from Jetpay (or keeps open): reads the cart's payment from the
 * store every few seconds and shows, in the shopper's language, what the store says: waiting (with
 * the link back to Jetpay's page), authorizing, the order confirmed, or the payment failed (with
 * "Try again", a new payment). Gives up after `timeoutMs` with a message and "Check again".
 */
export function JetpayReturn(props: JetpayReturnProps): ReactElement {
  const language = useJetpayLanguage(props.lang)
  const texts = jetpayTexts(language, props.texts)
  const watch = useJetpayCartStatus(props.store, props.cartId, { intervalMs: props.pollIntervalMs, timeoutMs: props.timeoutMs })
  const [retryError, setRetryError] = useState<string | null>(null)
  const [retrying, setRetrying] = useState(false)
  const told = useRef<string | null>(null)
  const { onOrder } = props
  const orderId = watch.result?.outcome === "order" ? watch.result.orderId : null

  useEffect(() => {
    if (!orderId || told.current === orderId) return
    told.current = orderId
    void runOnOrder(onOrder, orderId).then((message) => message && setRetryError(fillJetpayText(texts.error, { message })))
  }, [orderId, onOrder, texts.error])

  async function tryAgain() {
    setRetrying(true)
    setRetryError(null)
    try {
      const { link } = await startJetpayPayment(props.store, props.cartId, { providerId: props.providerId ?? JETPAY_PROVIDER_ID, reuse: false })
      ;(props.navigate ?? ((url: string) => window.location.assign(url)))(link)
    } catch (error) {
      setRetryError(fillJetpayText(texts.error, { message: error instanceof Error ? error.message : String(error) }))
      setRetrying(false)
    }
  }

  const outcome = watch.result?.outcome
  const link = watch.status?.link ?? null
  return (
    <section className={props.className} data-jetpay="return" data-jetpay-phase={orderId ? "confirmed" : outcome ?? watch.phase}>
      {orderId && watch.status ? (
        <>
          <h2>{texts.confirmed}</h2>
          <p data-jetpay="settled">{settledText(texts, watch.status.state)}</p>
          {props.orderHref && <a href={props.orderHref(orderId)}>{texts.seeOrder}</a>}
        </>
      ) : (
        <StatusLine text={statusText(texts, watch.status, watch.result, watch.error)} />
      )}
      {!outcome && watch.phase === "waiting" && link && (
        <a href={link} target="_blank" rel="noopener noreferrer" data-jetpay="pay-link">
          {texts.openPaymentPage}
        </a>
      )}
      {outcome === "failed" && (
        <button type="button" onClick={tryAgain} disabled={retrying}>
          {retrying ? texts.starting : texts.tryAgain}
        </button>
      )}
      {(outcome === "timeout" || outcome === "unavailable") && (
        <button type="button" onClick={watch.refresh}>
          {texts.checkAgain}
        </button>
      )}
      {retryError && <p role="alert">{retryError}</p>}
    </section>
  )
}
