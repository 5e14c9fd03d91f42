import type { ConfigModule, LoaderOptions } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, isProduction } from "@medusajs/framework/utils"
import { lockingIsInMemory, lockingModuleOf, startupCheck, type ProcessFacts } from "../../../domain/production-safety"
import { jetpayOptions } from "../jetpay-services"

/** Medusa's `db:*` commands (migrate, rollback, sync-links...) load the provider without serving anything. */
function isDatabaseCommand(argv: readonly string[] = process.argv): boolean {
  return argv.some((arg) => /^db:/.test(arg) || /[\\/]commands[\\/]db[\\/]/.test(arg))
}

/** What the startup check reads of this process: Medusa's mode, its workerMode and its locking module. */
export function processFacts(config: Partial<Pick<ConfigModule, "projectConfig" | "modules">> | undefined): ProcessFacts {
  return {
    production: isProduction(),
    nodeEnv: process.env.NODE_ENV,
    workerMode: config?.projectConfig?.workerMode,
    inMemoryLocking: lockingIsInMemory(lockingModuleOf(config?.modules)),
  }
}

/**
 * A loader of the Jetpay provider: runs once per process, when Medusa loads the payment module.
 * A production process on Jetpay's demo host (without `allowDemoHost: true`) or on in-memory
 * locking (without `singleProcess: true`) stops here with the option and the fix; outside
 * production, a server or a worker on in-memory locking logs a warning.
 */
export default async function checkProductionSafety({ container, logger, options }: LoaderOptions): Promise<void> {
  if (isDatabaseCommand()) return
  const config = container.resolve<ConfigModule>(ContainerRegistrationKeys.CONFIG_MODULE, { allowUnregistered: true })
  const { refusals, warnings } = startupCheck(jetpayOptions(options), processFacts(config))
  if (refusals.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, refusals.join("\n"))
  if (warnings.length) {
    const log = logger ?? container.resolve(ContainerRegistrationKeys.LOGGER)
    for (const warning of warnings) log.warn(warning)
  }
}
