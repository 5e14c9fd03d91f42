import { fromJetpayAmount } from "./money"

/**
 * Jetpay's integer smallest unit as money a person reads, in the order's currency
 * ("CA$99.98" for 9998 CAD cents). Intl knows each currency's decimals (0 for JPY).
 * Display only: amounts that are computed with stay integers.
 */
export function formatCents(cents: number, currencyCode: string, locale = "en-CA"): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode.toUpperCase() })
  // The division happens in BigNumber; Intl rounds the result to the currency's digits.
  return format.format(fromJetpayAmount(cents, currencyCode).numeric)
}
