import type { ConfigModule } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { parseJetpayOptions, type JetpayOptions } from "./options"

/** The provider's identifier: Medusa names each configured Jetpay provider `pp_jetpay_{id}`. */
export const JETPAY_IDENTIFIER = "jetpay"

const PROVIDER_ID_PREFIX = `pp_${JETPAY_IDENTIFIER}_`

/** Medusa's id of the Jetpay provider configured with `id` (`pp_jetpay_jetpay` for `id: "jetpay"`). */
export function jetpayProviderId(id: string): string {
  return `${PROVIDER_ID_PREFIX}${id}`
}

/** Whether a payment session's or payment's provider is Jetpay, under any configured id. */
export function isJetpayProviderId(providerId: unknown): boolean {
  return typeof providerId === "string" && providerId.startsWith(PROVIDER_ID_PREFIX) && providerId.length > PROVIDER_ID_PREFIX.length
}

/**
 * Whether a payment provider entry of medusa-config.ts is this plugin's Jetpay provider, by its
 * `resolve`: the package's `medusa-payment-jetpay/providers/jetpay`, or a path that ends in
 * `providers/jetpay` (this repository's own apps).
 */
export function isJetpayProviderEntry(entry: { resolve?: unknown }): boolean {
  return (
    typeof entry.resolve === "string" &&
    /(^|[\\/])providers[\\/]jetpay([\\/]|$)|medusa-payment-jetpay[\\/]providers[\\/]jetpay/.test(entry.resolve)
  )
}

type ProviderEntry = { resolve?: unknown; id?: unknown; options?: unknown }
type ModuleEntry = { resolve?: unknown; dependencies?: unknown; options?: { providers?: ProviderEntry[] } }

const PAYMENT_MODULES = ["@medusajs/medusa/payment", "@medusajs/payment"]

function moduleEntries(modules: unknown): ModuleEntry[] {
  if (!modules || typeof modules !== "object") return []
  const entries = Array.isArray(modules) ? modules : Object.values(modules)
  return entries.filter((entry): entry is ModuleEntry => Boolean(entry) && typeof entry === "object")
}

function providerEntries(entry: ModuleEntry): ProviderEntry[] {
  return Array.isArray(entry.options?.providers) ? entry.options!.providers! : []
}

export type ConfiguredJetpay = {
  /** The provider's id in Medusa, e.g. `pp_jetpay_jetpay`. */
  providerId: string
  options: JetpayOptions
}

/**
 * The Jetpay provider's id and options, read from the payment module's configuration: the
 * webhook route, the job, subscribers and admin routes use the same apiKey, baseUrl and
 * timings as the provider, so a merchant writes them once.
 */
export function configuredJetpay(configModule: Pick<ConfigModule, "modules">): ConfiguredJetpay {
  const entry = moduleEntries(configModule.modules)
    .flatMap(providerEntries)
    .find(isJetpayProviderEntry)
  if (!entry) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      'medusa-payment-jetpay: no Jetpay provider in the payment module\'s "providers" (resolve: "medusa-payment-jetpay/providers/jetpay")'
    )
  }
  const id = typeof entry.id === "string" && entry.id ? entry.id : JETPAY_IDENTIFIER
  return { providerId: jetpayProviderId(id), options: parseJetpayOptions(entry.options) }
}

/**
 * The fix, when the store's payment module loads the Jetpay provider without handing it the
 * plugin's data module (`dependencies: ["jetpay"]`), which the provider records every debit in;
 * null when the config is right or does not use the provider.
 */
export function missingPaymentDependency(modules: unknown): string | null {
  for (const entry of moduleEntries(modules)) {
    const isPayment = typeof entry.resolve === "string" && PAYMENT_MODULES.includes(entry.resolve)
    if (!isPayment || !providerEntries(entry).some(isJetpayProviderEntry)) continue
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
