import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import warnInMemoryLocking from "./loaders/warn-in-memory-locking"
import { JetpayProviderService } from "./service"

export { JetpayProviderService }
export { jetpayOptionsSchema, parseJetpayOptions } from "../../domain/options"
export type { JetpayOptions, JetpayOptionsInput } from "../../domain/options"

export default ModuleProvider(Modules.PAYMENT, {
  services: [JetpayProviderService],
  // At startup: a store split into server and worker processes needs shared locks.
  loaders: [warnInMemoryLocking],
})
