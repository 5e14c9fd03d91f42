import { payerLanguage } from "./payer"
import type { JetpayLanguage } from "./locale-format"

type AddressLike = { province?: string | null; country_code?: string | null } | null | undefined

export type RequestLanguageInput = {
  /** What the merchant picked in the admin (or their back office sent): it wins. */
  requested?: JetpayLanguage | null
  /** The language of the Jetpay contact this customer was already written to in (an earlier request's). */
  contactLanguage?: JetpayLanguage | null
  /** The order's locale (Medusa copies the cart's), e.g. `fr-CA`. */
  locale?: string | null
  shippingAddress?: AddressLike
  billingAddress?: AddressLike
}

export type RequestLanguage = {
  language: JetpayLanguage
  /** Why: shown to the merchant beside the language, so a wrong guess is easy to correct. */
  source: "requested" | "contact" | "locale" | "address" | "default"
}

/**
 * The language a payment request (its Jetpay contact, its email) is written in. The
 * merchant's explicit choice; else the language the customer's Jetpay contact already has;
 * else the order's locale (the storefront's language at checkout, the same rule the
 * checkout used for the contact); else French for a Quebec address; else English.
 */
export function requestLanguage(input: RequestLanguageInput): RequestLanguage {
  if (input.requested) return { language: input.requested, source: "requested" }
  if (input.contactLanguage) return { language: input.contactLanguage, source: "contact" }
  const locale = input.locale?.trim()
  if (locale && /^(fr|en)\b/i.test(locale)) {
    return { language: locale.toLowerCase().startsWith("fr") ? "fr" : "en", source: "locale" }
  }
  for (const address of [input.shippingAddress, input.billingAddress]) {
    if (address && payerLanguage({ address }) === "fr") return { language: "fr", source: "address" }
  }
  return { language: "en", source: "default" }
}
