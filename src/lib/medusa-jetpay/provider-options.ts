import type { ConfigModule } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { parseJetpayOptions, type JetpayOptions } from "../../providers/jetpay/options"
import { isJetpayProviderEntry } from "../provider-entry"

type ProviderEntry = { resolve?: unknown; id?: unknown; options?: unknown }


export type ConfiguredJetpay = {
  /** The provider's id in Medusa, e.g. `pp_jetpay_jetpay`. */
  providerId: string
  options: JetpayOptions
}

/**
 * The Jetpay provider's options, read from the payment module's configuration:
 * the webhook route, subscribers and admin routes use the same apiKey, baseUrl and
 * webhook settings as the provider, so a merchant writes them once.
 */
export function configuredJetpay(configModule: ConfigModule): ConfiguredJetpay {
  const modules = (configModule.modules ?? {}) as Record<string, unknown>
  const payment = modules.payment as { options?: { providers?: ProviderEntry[] } } | undefined
  const entry = payment?.options?.providers?.find(isJetpayProviderEntry)
  if (!entry) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      'medusa-payment-jetpay: no Jetpay provider in the payment module\'s "providers" (resolve: "medusa-payment-jetpay/providers/jetpay")'
    )
  }
  const id = typeof entry.id === "string" && entry.id ? entry.id : "jetpay"
  return { providerId: `pp_jetpay_${id}`, options: parseJetpayOptions(entry.options) }
}
