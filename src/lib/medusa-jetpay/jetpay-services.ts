import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { JetpayClient, createWebhookVerifier, type WebhookVerifier } from "../jetpay"
import { configuredJetpay, type ConfiguredJetpay } from "./provider-options"

export type JetpayServices = ConfiguredJetpay & {
  client: JetpayClient
  verifier: WebhookVerifier
}

// One client and one verifier per configuration: the verifier's JWKS cache must
// outlive a request, or every webhook would refetch Jetpay's keys.
const cache = new WeakMap<object, JetpayServices>()

/** The Jetpay client and webhook verifier for this app, built from the provider's options. */
export function jetpayServices(container: MedusaContainer): JetpayServices {
  const configModule = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  const cached = cache.get(configModule)
  if (cached) return cached
  const configured = configuredJetpay(configModule)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const services: JetpayServices = {
    ...configured,
    client: new JetpayClient({
      baseUrl: configured.options.baseUrl,
      apiKey: configured.options.apiKey,
      timeoutMs: configured.options.timeoutMs,
      logger: { warn: (message) => logger.warn(`[jetpay] ${message}`) },
    }),
    verifier: createWebhookVerifier({
      jwksUrl: configured.options.webhookJwksUrl,
      minJwksRefetchIntervalMs: configured.options.timings.jwksRefetchIntervalMs,
    }),
  }
  cache.set(configModule, services)
  return services
}
