import type { JetpayLanguage } from "medusa-payment-jetpay/storefront"

/** The storefront's locales in its URLs: /en/... and /fr/... (French as written in Canada). */
export const LOCALES = ["en", "fr"] as const
export type Locale = (typeof LOCALES)[number]

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value)
}

/** The kit's name for the locale's language. */
export function jetpayLanguageOf(locale: Locale): JetpayLanguage {
  return locale === "fr" ? "fr-CA" : "en"
}

export function localeOf(language: JetpayLanguage): Locale {
  return language === "fr-CA" ? "fr" : "en"
}

/** For Intl: en-CA writes $1,234.56, fr-CA 1 234,56 $. */
export function intlLocale(locale: Locale): string {
  return locale === "fr" ? "fr-CA" : "en-CA"
}

/** Medusa v2 amounts are in the currency's units (24.99). */
export function money(amount: number | null | undefined, currencyCode: string | null | undefined, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: "currency", currency: (currencyCode ?? "cad").toUpperCase() }).format(
    amount ?? 0
  )
}
