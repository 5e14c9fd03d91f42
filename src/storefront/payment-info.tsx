import type { ReactElement } from "react"
import type { JetpayLanguage } from "./language.js"
import { JETPAY_PROVIDER_ID } from "./provider.js"
import { JETPAY_TEXTS } from "./texts.js"

/** A payment method's entry on an order page (the Next.js starter's `paymentInfoMap` entry). */
export type JetpayPaymentInfo = { title: string; icon: ReactElement }

/** Jetpay's mark for a payment method: a bank building over a card, in the text's colour. */
export function JetpayIcon(props: { size?: number; title?: string }): ReactElement {
  const size = props.size ?? 20
  return (
    <svg width={size} height={size} viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth={1.5} role="img" aria-label={props.title ?? "Jetpay"}>
      <path d="M3 8h14M10 3l7 4H3l7-4z" strokeLinejoin="round" />
      <path d="M5 8v5M8.5 8v5M11.5 8v5M15 8v5" />
      <rect x="2.75" y="14" width="14.5" height="3" rx="0.75" />
    </svg>
  )
}

/**
 * The order page's entries for Jetpay, keyed by provider id, to spread into a `paymentInfoMap`:
 * `{ ...paymentInfoMap, ...jetpayPaymentInfo() }`. `providerIds` are the Jetpay providers the store
 * configured (`pp_jetpay_jetpay` by default).
 */
export function jetpayPaymentInfo(
  options: { providerIds?: readonly string[]; language?: JetpayLanguage; title?: string; icon?: ReactElement } = {}
): Record<string, JetpayPaymentInfo> {
  const title = options.title ?? JETPAY_TEXTS[options.language ?? "en"].methodTitle
  const icon = options.icon ?? <JetpayIcon />
  const ids = options.providerIds?.length ? options.providerIds : [JETPAY_PROVIDER_ID]
  return Object.fromEntries(ids.map((id) => [id, { title, icon }]))
}
