import { Modules } from "@medusajs/framework/utils"
import { JETPAY_DEMO_BASE_URL, JETPAY_PRODUCTION_BASE_URL } from "../jetpay-api"

const DEMO_HOSTNAME = new URL(JETPAY_DEMO_BASE_URL).hostname

/**
 * Whether a Jetpay base URL is Jetpay's demo host (the `baseUrl` default): its payment links take
 * no real money. The admin shows "Test mode" for it; a production process refuses it unless
 * `allowDemoHost: true`. Any other host (production, a local sandbox, a proxy) is not.
 */
export function isJetpayDemoHost(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).hostname === DEMO_HOSTNAME
  } catch {
    return false
  }
}

const MEDUSA_LOCKING_MODULES = ["@medusajs/medusa/locking", "@medusajs/locking"]

/**
 * Whether Medusa's locking module, as configured (`configModule.modules.locking`), keeps its
 * locks in this process's memory: no entry, `true`, disabled, or Medusa's locking module without
 * a provider it would pick (it picks the one marked `is_default`, or the only one given, and
 * otherwise its built-in in-memory provider). Another locking module altogether is its author's
 * to make shared, so it counts as shared.
 */
export function lockingIsInMemory(module: unknown): boolean {
  if (!module || typeof module !== "object") return true
  const { resolve, options, disable } = module as { resolve?: unknown; options?: { providers?: unknown }; disable?: boolean }
  if (disable) return true
  if (resolve !== undefined && !(typeof resolve === "string" && MEDUSA_LOCKING_MODULES.includes(resolve))) return false
  const providers = Array.isArray(options?.providers) ? (options.providers as Array<{ is_default?: boolean }>) : []
  return !providers.some((provider) => provider?.is_default) && providers.length !== 1
}

/** The locking module's entry in Medusa's resolved `configModule.modules`. */
export function lockingModuleOf(modules: unknown): unknown {
  return modules && typeof modules === "object" && !Array.isArray(modules)
    ? (modules as Record<string, unknown>)[Modules.LOCKING]
    : undefined
}

/** What the startup check reads of the process: Medusa's mode and its config. */
export type ProcessFacts = {
  /** Medusa's production mode (`isProduction()`: NODE_ENV `production` or `prod`). */
  production: boolean
  /** NODE_ENV as set, for the messages. */
  nodeEnv?: string
  /** `projectConfig.workerMode`; absent means `shared`. */
  workerMode?: string
  /** Whether the locking module keeps its locks in this process's memory (`lockingIsInMemory`). */
  inMemoryLocking: boolean
}

/** The provider options the startup check reads. */
export type SafetyOptions = { baseUrl: string; allowDemoHost: boolean; singleProcess: boolean }

export type StartupCheck = {
  /** Why this process must not start: each names the option and the fix. Empty: it may start. */
  refusals: string[]
  /** What to log as a warning when it starts. */
  warnings: string[]
}

const LOCKING_REDIS_CONFIG =
  'modules: { resolve: "@medusajs/medusa/locking", options: { providers: [{ resolve: "@medusajs/medusa/locking-redis", ' +
  'id: "locking-redis", is_default: true, options: { redisUrl: process.env.REDIS_URL } }] } }'

/**
 * Whether this process may start with these options, decided at startup.
 *
 * In production (Medusa's production mode, which `medusa start` sets when NODE_ENV is unset):
 * - Jetpay's demo host is refused unless `allowDemoHost: true`: a store that forgot `baseUrl`
 *   would hand out demo links, and the webhooks would make real, shippable orders for them.
 *   With the option, it starts and says so.
 * - In-memory locking is refused unless `singleProcess: true`: two processes of one store (two
 *   `shared` replicas, a server and a worker) would each lock a Jetpay payment only for
 *   themselves and apply it at once. The option is taken at its word whatever the workerMode:
 *   Medusa's own one-off commands (`medusa exec`, `medusa user`) run as workerMode "server" in a
 *   store that is otherwise one `shared` process.
 *
 * Outside production: a `server` or a `worker` on in-memory locking is a warning; nothing else.
 */
export function startupCheck(options: SafetyOptions, facts: ProcessFacts): StartupCheck {
  const refusals: string[] = []
  const warnings: string[] = []
  const mode = facts.workerMode ?? "shared"
  const split = mode === "server" || mode === "worker"
  const production = `this Medusa process runs in production mode (NODE_ENV=${facts.nodeEnv ?? "production"})`

  if (facts.production && isJetpayDemoHost(options.baseUrl)) {
    if (options.allowDemoHost) {
      warnings.push(
        `[jetpay] allowDemoHost: true: this production process takes payments on Jetpay's demo host (${options.baseUrl}); ` +
          `its payment links take no real money. Set baseUrl: "${JETPAY_PRODUCTION_BASE_URL}" and remove allowDemoHost to go live.`
      )
    } else {
      refusals.push(
        `medusa-payment-jetpay: ${production} and the Jetpay provider's baseUrl is Jetpay's demo host (${options.baseUrl}` +
          `${options.baseUrl === JETPAY_DEMO_BASE_URL ? ", the default when baseUrl is not set" : ""}): its payment links take no real money, ` +
          `and the webhooks would make real orders for them. For real payments set the provider option ` +
          `baseUrl: "${JETPAY_PRODUCTION_BASE_URL}"; to run this production process on Jetpay's demo on purpose (a staging store), ` +
          `set the provider option allowDemoHost: true (see the plugin's docs/options.md).`
      )
    }
  }

  if (facts.inMemoryLocking) {
    if (facts.production && !options.singleProcess) {
      refusals.push(
        `medusa-payment-jetpay: ${production}${split ? ` with workerMode "${mode}"` : ""} and its locking module keeps ` +
          `locks in memory, so a second process of this store (a server and a worker, another replica) could apply the ` +
          `same Jetpay payment at once. Either configure a shared locking provider on every process, in medusa-config.ts ` +
          `${LOCKING_REDIS_CONFIG}, or, if this store only ever runs as one process (no worker, no replica), set the Jetpay ` +
          `provider option singleProcess: true (see the plugin's docs/operations.md, "Locks must be shared").`
      )
    } else if (!facts.production && split) {
      warnings.push(
        `[jetpay] This Medusa process runs with workerMode "${mode}" but its locking module keeps locks in memory, ` +
          `so a server and a worker (or two workers) can apply the same Jetpay payment at once. Configure a shared ` +
          `locking provider on every process, in medusa-config.ts ${LOCKING_REDIS_CONFIG} ` +
          `(see the plugin's README, "Running in production"). In production mode, in-memory locks stop startup ` +
          `unless singleProcess: true.`
      )
    }
  }

  return { refusals, warnings }
}
