import type { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"

/** The two languages Jetpay knows, and so the two this plugin writes in. */
export type JetpayLanguage = "en" | "fr"

/** Canadian English and Canadian French: `$1,234.56` and `1 234,56 $`. */
export function localeFor(language: JetpayLanguage): "en-CA" | "fr-CA" {
  return language === "fr" ? "fr-CA" : "en-CA"
}

/**
 * A Medusa amount (major units, any BigNumber input) as a person reads it in their locale:
 * `$1,234.56` (en-CA) or `1 234,56 $` (fr-CA, with the non-breaking spaces French uses).
 * Intl rounds to the currency's own digits; the number never goes through float arithmetic
 * before that (MathBN keeps it exact up to Intl).
 */
export function formatMoney(amount: BigNumberInput, currencyCode: string, language: JetpayLanguage): string {
  const format = new Intl.NumberFormat(localeFor(language), { style: "currency", currency: currencyCode.toUpperCase() })
  return format.format(MathBN.convert(amount).toNumber())
}

/** A date in words, in the locale: `November 30, 2026` / `30 novembre 2026`, in the store's zone (UTC by default). */
export function formatDate(date: Date | string, language: JetpayLanguage, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat(localeFor(language), { dateStyle: "long", timeZone }).format(new Date(date))
}
