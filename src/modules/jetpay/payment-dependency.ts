import { isJetpayProviderEntry } from "../../lib/provider-entry"

type ModuleEntry = {
  resolve?: unknown
  dependencies?: unknown
  options?: { providers?: Array<{ resolve?: unknown; id?: unknown }> }
}

const PAYMENT_MODULES = ["@medusajs/medusa/payment", "@medusajs/payment"]


/**
 * The fix, when the store's payment module loads the Jetpay provider without handing it the
 * plugin's data module (`dependencies: ["jetpay"]`), which the provider records every debit in;
 * null when the config is right or does not use the provider.
 */
export function missingPaymentDependency(modules: unknown): string | null {
  if (!modules || typeof modules !== "object") return null
  const entries: ModuleEntry[] = Array.isArray(modules) ? modules : Object.values(modules)
  for (const entry of entries) {
    if (!entry || typeof entry !== "object") continue
    const isPayment = typeof entry.resolve === "string" && PAYMENT_MODULES.includes(entry.resolve)
    const providers = Array.isArray(entry.options?.providers) ? entry.options!.providers! : []
    if (!isPayment || !providers.some(isJetpayProviderEntry)) continue
    const dependencies = Array.isArray(entry.dependencies) ? entry.dependencies : []
    if (!dependencies.includes("jetpay")) {
      return (
        'medusa-payment-jetpay: the payment module needs `dependencies: ["jetpay"]` in medusa-config.ts ' +
        '({ resolve: "@medusajs/medusa/payment", dependencies: ["jetpay"], options: { providers: [...] } }), ' +
        'so the Jetpay provider can record each payment (see the README, "Install in a store")'
      )
    }
  }
  return null
}
