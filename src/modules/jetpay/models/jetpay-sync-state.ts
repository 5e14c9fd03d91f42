import { model } from "@medusajs/framework/utils"

/**
 * Small named records of the plugin's own bookkeeping, one row per key: how far the
 * event ids are known to be whole (per environment), the last replay asked of Jetpay,
 * and the last reconciliation run as the admin's settings page shows it.
 */
export const JetpaySyncState = model.define("jetpay_sync_state", {
  id: model.text().primaryKey(),
  value: model.json(),
})
