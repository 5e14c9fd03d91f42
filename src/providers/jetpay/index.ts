import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import checkProductionSafety from "./loaders/check-production-safety"
import { JetpayProviderService } from "./service"

export { JetpayProviderService }
export { jetpayOptionsSchema, parseJetpayOptions } from "../../domain/options"
export type { JetpayOptions, JetpayOptionsInput } from "../../domain/options"

export default ModuleProvider(Modules.PAYMENT, {
  services: [JetpayProviderService],
  // At startup: a production process refuses Jetpay's demo host and in-memory locks unless told otherwise.
  loaders: [checkProductionSafety],
})
