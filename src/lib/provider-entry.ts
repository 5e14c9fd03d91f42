/**
 * Whether a payment provider entry of medusa-config.ts is this plugin's Jetpay provider, by its
 * `resolve`: the package's `medusa-payment-jetpay/providers/jetpay`, or a path that ends in
 * `providers/jetpay` (this repository's own apps). The one test for it: the payment-module check
 * at startup and the options every other part reads both use it.
 */
export function isJetpayProviderEntry(entry: { resolve?: unknown }): boolean {
  return (
    typeof entry.resolve === "string" &&
    /(^|[\\/])providers[\\/]jetpay([\\/]|$)|medusa-payment-jetpay[\\/]providers[\\/]jetpay/.test(entry.resolve)
  )
}
