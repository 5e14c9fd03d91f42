// Money is integer cents everywhere. Float arithmetic (amount * 0.035) drifts on some amounts,
// so the surcharge is computed with bigint on a rate expressed in parts per million.

const PPM = 1_000_000n

/** 0.035 -> 35000. Rates are kept to six decimals, which is finer than any card fee. */
export function rateToPartsPerMillion(rate: number): bigint {
  if (!Number.isFinite(rate) || rate < 0 || rate >= 1) {
    throw new RangeError(`surcharge rate must be in [0, 1), got ${rate}`)
  }
  return BigInt(Math.round(rate * 1_000_000))
}

/** Card surcharge in cents: amount * rate, rounded half up. 10000 at 3.5% -> 350; 15 -> 1 (0.525). */
export function computeSurcharge(amountCents: number, rate: number): number {
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) {
    throw new RangeError(`amount must be a non-negative safe integer, got ${amountCents}`)
  }
  const numerator = BigInt(amountCents) * rateToPartsPerMillion(rate)
  return Number((numerator + PPM / 2n) / PPM)
}

/** 12345 -> "$123.45 CAD", 123456789 -> "$1,234,567.89 CAD". String work, no division. */
export function formatCad(amountCents: number): string {
  if (!Number.isSafeInteger(amountCents)) throw new RangeError(`not an integer amount: ${amountCents}`)
  const sign = amountCents < 0 ? "-" : ""
  const digits = String(Math.abs(amountCents)).padStart(3, "0")
  const dollars = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ",")
  const cents = digits.slice(-2)
  return `${sign}$${dollars}.${cents} CAD`
}
