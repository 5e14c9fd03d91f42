import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { JetpayClient, createWebhookVerifier, type WebhookVerifier } from "../../jetpay-api"
import { parseJetpayOptions, type JetpayOptions } from "../../domain/options"
import { configuredJetpay, type ConfiguredJetpay } from "../../domain/provider-config"

export type JetpayServices = ConfiguredJetpay & {
  client: JetpayClient
  verifier: WebhookVerifier
}

type Connection = Pick<JetpayServices, "client" | "verifier">

// The provider's options, parsed once per options object Medusa hands out.
const parsed = new WeakMap<object, JetpayOptions>()
// One client and one verifier per Jetpay connection in the process, shared by the provider and
// every route, job and workflow: the verifier's JWKS cache outlives a request, so webhooks do not
// refetch Jetpay's keys, and the client's retry and timeout settings are the same everywhere.
const connections = new Map<string, Connection>()
const byConfig = new WeakMap<object, JetpayServices>()

/** The provider's options from its raw entry in medusa-config.ts, parsed once. */
export function jetpayOptions(raw: unknown): JetpayOptions {
  if (!raw || typeof raw !== "object") return parseJetpayOptions(raw)
  const known = parsed.get(raw)
  if (known) return known
  const options = parseJetpayOptions(raw)
  parsed.set(raw, options)
  return options
}

/** The process's client and verifier for these options. */
export function jetpayConnection(options: JetpayOptions, logger: Pick<Logger, "warn">): Connection {
  const key = JSON.stringify([options.baseUrl, options.apiKey, options.timeoutMs, options.webhookJwksUrl, options.timings.jwksRefetchIntervalMs])
  let connection = connections.get(key)
  if (!connection) {
    connection = {
      client: new JetpayClient({
        baseUrl: options.baseUrl,
        apiKey: options.apiKey,
        timeoutMs: options.timeoutMs,
        logger: { warn: (message) => logger.warn(`[jetpay] ${message}`) },
      }),
      verifier: createWebhookVerifier({
        jwksUrl: options.webhookJwksUrl,
        minJwksRefetchIntervalMs: options.timings.jwksRefetchIntervalMs,
      }),
    }
    connections.set(key, connection)
  }
  return connection
}

/** The provider's id, options, client and webhook verifier, for any part of the plugin that has the app's container. */
export function jetpayServices(container: MedusaContainer): JetpayServices {
  const configModule = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  const cached = byConfig.get(configModule)
  if (cached) return cached
  const configured = configuredJetpay(configModule)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const services: JetpayServices = { ...configured, ...jetpayConnection(configured.options, logger) }
  byConfig.set(configModule, services)
  return services
}
