"use client"

import { useEffect, useRef, useState, type ReactElement } from "react"
import type { JetpayLanguage } from "../language.js"
import { openJetpayPaymentPage, type JetpayTab } from "../open-payment-page.js"
import type { JetpayWatchResult } from "../payment-status.js"
import { JETPAY_PROVIDER_ID } from "../provider.js"
import { jetpaySessionOf } from "../start-payment.js"
import type { JetpayStore } from "../store-api.js"
import { fillJetpayText, formatJetpayMoney, jetpayTexts, type JetpayTexts } from "../texts.js"
import type { JetpayCartLike, JetpayCheckout } from "../types.js"
import { useJetpayCartStatus } from "./use-cart-status.js"
import { useJetpayLanguage } from "./use-language.js"
import { runOnOrder, StatusLine, statusText } from "./status-message.js"

export type JetpayPayButtonProps = {
  /** How to reach the Store API from the browser: `{ baseUrl, publishableKey }` or `{ sdk }`. */
  store: JetpayStore
  /** The cart, as the Store API returned it (its Jetpay session, when it has one, gives the card fee). */
  cart: JetpayCartLike
  /** The Jetpay provider's id in Medusa; `pp_jetpay_jetpay` by default. */
  providerId?: string
  /** `en` or `fr-CA`; the browser's language when left out. */
  lang?: JetpayLanguage
  /** The store's own wording over the kit's. */
  texts?: Partial<JetpayTexts>
  /** The order exists (the webhook made it, or the cart was completed): go to its page, clear the cart. */
  onOrder?: (orderId: string) => unknown
  /** How the watch ended, whatever the outcome. */
  onResult?: (result: JetpayWatchResult) => void
  /**
   * Jetpay's page is open (or its link shown): e.g. put the cart id in this tab's address
   * (`history.replaceState`) so that a reload finds the payment without the cart cookie.
   */
  onStarted?: (checkout: JetpayCheckout & { link: string }, tabOpened: boolean) => void
  /** Not ready to pay (no address, no shipping method). */
  disabled?: boolean
  className?: string
  buttonClassName?: string
  /** Between two status reads (2 500 ms) and when to stop waiting (15 minutes). */
  pollIntervalMs?: number
  timeoutMs?: number
  "data-testid"?: string
  /** For tests: opens the new tab. */
  openTab?: () => JetpayTab | null
}

/**
 * The pay button for Jetpay: shows the EFT note and the card fee (the store's figure), opens
 * Jetpay's page in a new tab, keeps this tab and watches for the order, then calls `onOrder`.
 */
export function JetpayPayButton(props: JetpayPayButtonProps): ReactElement {
  const language = useJetpayLanguage(props.lang)
  const texts = jetpayTexts(language, props.texts)
  const providerId = props.providerId ?? JETPAY_PROVIDER_ID
  const held = jetpaySessionOf(props.cart, [providerId])
  const [started, setStarted] = useState<{ surchargeCents: number; currencyCode: string | null; link: string; tabOpened: boolean } | null>(null)
  const [busy, setBusy] = useState(false)
  const [startError, setStartError] = useState<string | null>(null)
  const [orderError, setOrderError] = useState<string | null>(null)
  const watch = useJetpayCartStatus(props.store, started ? props.cart.id : null, {
    intervalMs: props.pollIntervalMs,
    timeoutMs: props.timeoutMs,
  })
  const told = useRef<JetpayWatchResult | null>(null)
  const { onOrder, onResult } = props

  useEffect(() => {
    const result = watch.result
    if (!result || told.current === result) return
    told.current = result
    onResult?.(result)
    if (result.outcome === "order") {
      void runOnOrder(onOrder, result.orderId).then((message) => setOrderError(message && fillJetpayText(texts.error, { message })))
    }
  }, [watch.result, onOrder, onResult, texts.error])

  const failed = watch.result?.outcome === "failed"
  const ended = watch.result !== null && !failed
  const surchargeCents = started?.surchargeCents ?? held?.surchargeCents ?? 0
  const currency = started?.currencyCode ?? held?.currencyCode ?? props.cart.currency_code ?? "cad"
  const surchargeKnown = Boolean(started ?? held)

  async function pay() {
    setBusy(true)
    setStartError(null)
    try {
      // After a failed payment, a new session: the held one is spent.
      const { checkout, tabOpened } = await openJetpayPaymentPage(props.store, failed ? props.cart.id : props.cart, {
        providerId,
        reuse: !failed,
        openTab: props.openTab,
      })
      setStarted({ surchargeCents: checkout.surchargeCents, currencyCode: checkout.currencyCode, link: checkout.link, tabOpened })
      if (started) watch.refresh()
      props.onStarted?.(checkout, tabOpened)
    } catch (error) {
      setStartError(fillJetpayText(texts.error, { message: error instanceof Error ? error.message : String(error) }))
    } finally {
      setBusy(false)
    }
  }

  const watching = started !== null && !ended && !failed
  return (
    <div className={props.className} data-jetpay="pay">
      <p data-jetpay="eft-note">{texts.eftNote}</p>
      {/* The card fee as the store's payment session states it; none stated, none shown. */}
      {!(surchargeKnown && surchargeCents === 0) && (
        <p data-jetpay="card-surcharge">
          {surchargeKnown
            ? fillJetpayText(texts.cardSurcharge, { surcharge: formatJetpayMoney(surchargeCents, language, currency) })
            : texts.cardSurchargeUnknown}
        </p>
      )}
      <button
        type="button"
        className={props.buttonClassName}
        disabled={props.disabled || busy || watching || watch.result?.outcome === "order"}
        onClick={pay}
        data-testid={props["data-testid"]}
      >
        {busy ? texts.starting : failed ? texts.tryAgain : texts.payButton}
      </button>
      {!started && <p data-jetpay="new-tab-note">{texts.newTabNote}</p>}
      {started && !started.tabOpened && !ended && (
        <p data-jetpay="popup-blocked">
          {texts.popupBlocked}{" "}
          <a href={started.link} target="_blank" rel="noopener noreferrer">
            {texts.openPaymentPage}
          </a>
        </p>
      )}
      {started && (
        <StatusLine text={watch.status?.state === "requested" && !watch.result ? texts.watching : statusText(texts, watch.status, watch.result, watch.error)} />
      )}
      {(startError ?? orderError) && (
        <p role="alert" data-jetpay="error">
          {startError ?? orderError}
        </p>
      )}
    </div>
  )
}
