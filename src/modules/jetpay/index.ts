import { Module } from "@medusajs/framework/utils"
import checkPaymentDependency from "./loaders/check-payment-dependency"
import JetpayModuleService from "./service"

/** The plugin's own data: Jetpay transactions, the webhook event log and sync bookkeeping. */
export const JETPAY_MODULE = "jetpay"

export default Module(JETPAY_MODULE, {
  service: JetpayModuleService,
  loaders: [checkPaymentDependency],
})

export { JetpayModuleService }
