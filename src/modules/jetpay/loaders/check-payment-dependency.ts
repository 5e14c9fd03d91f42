import type { ConfigModule, LoaderOptions } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { missingPaymentDependency } from "../../../domain/provider-config"

/** At startup: a store that would fail its first Jetpay checkout stops now, naming the fix. */
export default async function checkPaymentDependency({ container }: LoaderOptions): Promise<void> {
  const config = container.resolve<ConfigModule>(ContainerRegistrationKeys.CONFIG_MODULE, { allowUnregistered: true })
  const problem = config ? missingPaymentDependency(config.modules) : null
  if (problem) throw new MedusaError(MedusaError.Types.INVALID_DATA, problem)
}
