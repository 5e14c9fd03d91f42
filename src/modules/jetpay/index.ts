import { Module } from "@medusajs/framework/utils"
import JetpayModuleService from "./service"

/** The plugin's own data: Jetpay transactions and the webhook event log. */
export const JETPAY_MODULE = "jetpay"

export default Module(JETPAY_MODULE, {
  service: JetpayModuleService,
})

export { JetpayModuleService }
