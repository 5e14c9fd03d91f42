import { MedusaError } from "@medusajs/framework/utils"
import type JetpayModuleService from "../../modules/jetpay/service"

/**
 * The plugin's data module (Jetpay transactions), as the provider reaches it: Medusa
 * injects it into the payment module when its config says `dependencies: ["jetpay"]`.
 * The provider records each debit there as it creates it, so a webhook finds its
 * payment session by index, and refunds find the payer's contact.
 */
export function pluginData(container: Record<string, unknown>): JetpayModuleService {
  let service: JetpayModuleService | undefined
  try {
    service = container.jetpay as JetpayModuleService | undefined
  } catch {
    service = undefined
  }
  if (!service) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      'medusa-payment-jetpay: the payment module needs `dependencies: ["jetpay"]` in medusa-config.ts ({ resolve: "@medusajs/medusa/payment", dependencies: ["jetpay"], options: { providers: [...] } }), and the plugin in `plugins` (see the README, "Install in a store")'
    )
  }
  return service
}
