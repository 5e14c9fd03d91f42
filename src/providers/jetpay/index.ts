import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { JetpayProviderService } from "./service"

export { JetpayProviderService }
export { jetpayOptionsSchema, parseJetpayOptions } from "./options"
export type { JetpayOptions, JetpayOptionsInput } from "./options"

export default ModuleProvider(Modules.PAYMENT, {
  services: [JetpayProviderService],
})
