import { jetpayPaymentInfo, type JetpayLanguage, type JetpayPaymentInfo } from "medusa-payment-jetpay/storefront"

/**
 * How the order page names a payment's provider: the store's own entries (here Medusa's manual
 * provider, as the Next.js starter has them) and the kit's Jetpay entry spread over them. A
 * provider missing from the map is shown by its id, never a crash.
 */
export function paymentInfoMap(language: JetpayLanguage): Record<string, JetpayPaymentInfo | undefined> {
  return {
    pp_system_default: { title: language === "fr-CA" ? "Paiement manuel" : "Manual payment", icon: <span aria-hidden="true">·</span> },
    ...jetpayPaymentInfo({ language }),
  }
}
