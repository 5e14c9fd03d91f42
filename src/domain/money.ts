import { BigNumber, MathBN, MedusaError } from "@medusajs/framework/utils"
import type { BigNumberInput } from "@medusajs/framework/types"

// Jetpay takes integers in the currency's smallest unit; Medusa keeps decimal
// amounts in major units. Every conversion goes through BigNumber, never floats.

/** bignumber.js rounding mode 4: ties go away from zero (12.345 -> 12.35). */
const ROUND_HALF_UP = 4

/** Digits after the decimal point of a currency (2 for CAD and USD, 0 for JPY). */
export function currencyDecimals(currencyCode: string): number {
  const { maximumFractionDigits } = new Intl.NumberFormat("en", {
    style: "currency",
    currency: currencyCode.toUpperCase(),
  }).resolvedOptions()
  return maximumFractionDigits ?? 2
}

/**
 * A Medusa amount (major units) as Jetpay's integer of the smallest unit.
 * Rounds half up: tax arithmetic can leave more decimals than the currency has.
 */
export function toJetpayAmount(amount: BigNumberInput, currencyCode: string): number {
  const factor = MathBN.convert(10).pow(currencyDecimals(currencyCode))
  const minor = MathBN.mult(amount, factor).decimalPlaces(0, ROUND_HALF_UP)
  if (!minor.isFinite() || !minor.lte(Number.MAX_SAFE_INTEGER)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Amount ${String(amount)} is too large for Jetpay`)
  }
  return minor.toNumber()
}

/** Jetpay's integer smallest unit back to a Medusa amount in major units. */
export function fromJetpayAmount(minor: number, currencyCode: string): BigNumber {
  const factor = MathBN.convert(10).pow(currencyDecimals(currencyCode))
  return new BigNumber(MathBN.div(minor, factor))
}

/**
 * The amount of a new debit, checked before anything is sent to Jetpay: the currency
 * must be the merchant account's, and the amount a positive whole number of cents.
 */
export function debitAmountFor(amount: BigNumberInput, currencyCode: string, accountCurrency: string): number {
  const currency = currencyCode.toLowerCase()
  if (currency !== accountCurrency) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Jetpay cannot take payments in ${currency.toUpperCase()}: this store's Jetpay account is in ${accountCurrency.toUpperCase()} (the provider's "currency" option)`
    )
  }
  const minor = toJetpayAmount(amount, currency)
  if (minor <= 0) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Jetpay needs a positive amount; got ${String(MathBN.convert(amount))} ${currency.toUpperCase()}`
    )
  }
  return minor
}

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

/** What a Medusa payment holds and has not refunded yet (its amount less its refunds). */
export function leftToRefund(payment: {
  amount: BigNumberInput
  raw_amount?: unknown
  refunds?: Array<{ amount: BigNumberInput; raw_amount?: unknown }> | null
}): BigNumber {
  const refunded = (payment.refunds ?? []).reduce(
    (sum: BigNumber, refund) => new BigNumber(MathBN.add(sum, (refund.raw_amount as BigNumberInput) ?? refund.amount)),
    new BigNumber(0)
  )
  return new BigNumber(MathBN.sub((payment.raw_amount as BigNumberInput) ?? payment.amount, refunded))
}
