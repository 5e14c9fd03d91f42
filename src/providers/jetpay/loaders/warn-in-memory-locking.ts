import type { ConfigModule, LoaderOptions } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

/** The part of Medusa's resolved config the check reads. */
export type LockingConfig = {
  projectConfig?: { workerMode?: string }
  modules?: Record<string, unknown>
}

const MEDUSA_LOCKING_MODULES = ["@medusajs/medusa/locking", "@medusajs/locking"]

/**
 * The warning to log, or null. A store split into a server and workers runs the
 * plugin's webhook handling and Medusa's payment workflows in several processes; each
 * keeps Medusa's default in-memory locks to itself, so two processes can apply one
 * Jetpay payment at the same time. Medusa's own locking module with a shared provider
 * (Redis, PostgreSQL) is the fix. A single `shared` process is fine on in-memory locks.
 */
export function inMemoryLockingWarning(config: LockingConfig): string | null {
  const mode = config.projectConfig?.workerMode
  if (mode !== "server" && mode !== "worker") return null
  if (!lockingIsInMemory(config.modules?.[Modules.LOCKING])) return null
  return (
    `[jetpay] This Medusa process runs with workerMode "${mode}" but its locking module keeps locks in memory, ` +
    `so a server and a worker (or two workers) can apply the same Jetpay payment at once. Configure a shared ` +
    `locking provider on every process, in medusa-config.ts modules: { resolve: "@medusajs/medusa/locking", ` +
    `options: { providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, ` +
    `options: { redisUrl: process.env.REDIS_URL } }] } } (see the plugin's README, "Running in production").`
  )
}

/** Whether the locking module, as configured, falls back to Medusa's in-memory provider. */
function lockingIsInMemory(module: unknown): boolean {
  if (!module || typeof module !== "object") return true // absent, or `true`: Medusa's default
  const { resolve, options, disable } = module as { resolve?: unknown; options?: { providers?: unknown }; disable?: boolean }
  if (disable) return true
  // Another locking module altogether: it is its author's to make shared.
  if (resolve !== undefined && !(typeof resolve === "string" && MEDUSA_LOCKING_MODULES.includes(resolve))) return false
  const providers = Array.isArray(options?.providers) ? (options.providers as Array<{ is_default?: boolean }>) : []
  // Medusa's locking module uses the provider marked is_default, or the only one given;
  // otherwise its built-in in-memory provider.
  return !providers.some((provider) => provider.is_default) && providers.length !== 1
}

/** A loader of the Jetpay provider: runs once per process, when Medusa loads the payment module. */
/** Medusa's `db:*` commands (migrate, rollback, sync-links...) set workerMode "server" without being one. */
function isDatabaseCommand(argv: readonly string[] = process.argv): boolean {
  return argv.some((arg) => /^db:/.test(arg) || /[\\/]commands[\\/]db[\\/]/.test(arg))
}

export default async function warnInMemoryLocking({ container, logger }: LoaderOptions): Promise<void> {
  if (isDatabaseCommand()) return
  const config = container.resolve<ConfigModule>(ContainerRegistrationKeys.CONFIG_MODULE, { allowUnregistered: true })
  const warning = config ? inMemoryLockingWarning(config as LockingConfig) : null
  if (warning) (logger ?? container.resolve(ContainerRegistrationKeys.LOGGER)).warn(warning)
}
