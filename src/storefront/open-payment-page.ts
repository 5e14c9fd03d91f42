import { startJetpayPayment, type StartJetpayPaymentOptions } from "./start-payment.js"
import type { JetpayStore } from "./store-api.js"
import type { JetpayCartLike, JetpayCheckout } from "./types.js"

/** The part of a browser tab the kit uses. */
export type JetpayTab = { location: { href: string }; opener: unknown; close(): void }

export type OpenJetpayPageOptions = StartJetpayPaymentOptions & {
  /**
   * Opens an empty tab, synchronously inside the click (browsers block tabs opened later, after
   * an await); null when the browser refused. `window.open("", "_blank")` by default.
   */
  openTab?: () => JetpayTab | null
}

/**
 * Opens Jetpay's page in a new tab and keeps the current one: the tab opens at once (empty),
 * the payment starts, then the tab goes to Jetpay's link. `tabOpened` is false when the browser
 * blocked the tab: show `checkout.link` as a link for the shopper to open. A payment that cannot
 * start closes the empty tab and rejects.
 */
export async function openJetpayPaymentPage(
  store: JetpayStore,
  cart: string | JetpayCartLike,
  options: OpenJetpayPageOptions = {}
): Promise<{ checkout: JetpayCheckout & { link: string }; tabOpened: boolean }> {
  const openTab = options.openTab ?? defaultOpenTab
  const tab = openTab()
  // Jetpay's page gets no handle on the store's tab.
  if (tab) tab.opener = null
  let checkout: JetpayCheckout & { link: string }
  try {
    checkout = await startJetpayPayment(store, cart, options)
  } catch (error) {
    tab?.close()
    throw error
  }
  if (tab) tab.location.href = checkout.link
  return { checkout, tabOpened: Boolean(tab) }
}

function defaultOpenTab(): JetpayTab | null {
  return typeof window === "undefined" ? null : (window.open("", "_blank") as JetpayTab | null)
}
