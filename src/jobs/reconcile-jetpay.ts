import type { MedusaContainer } from "@medusajs/framework/types"
import { configManager } from "@medusajs/framework/config"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { errorMessage } from "../domain/error-message"
import { configuredJetpay } from "../domain/provider-config"
import { reconcileJetpay } from "../workflows/reconcile/reconcile"
import { DEFAULT_TIMINGS } from "../domain/timings"

/**
 * Brings every payment to Jetpay's truth whatever was lost on the way: failed or never
 * handed-over webhook events, open transactions whose webhooks never came, and deliveries
 * Jetpay counts as sent that this store never received. Runs on the worker (Medusa loads
 * scheduled jobs only there), every `reconcileIntervalMs` (the provider's `timings`).
 */
export default async function reconcileJetpayJob(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    const run = await reconcileJetpay(container)
    // Null: another process's run held the lock; this one had nothing to do.
    if (run?.pruned_events) logger.info(`[jetpay] retention: deleted ${run.pruned_events} processed webhook events past processedEventRetentionMs`)
    if (run && (run.changed || run.failed || run.replay || run.gave_up)) {
      logger.info(
        `[jetpay] reconciliation: ${run.due_transactions} with due events, ` +
          (run.completions_checked ? `${run.completions_checked} interrupted cart completions checked, ` : "") +
          `${run.rechecked} re-read, ${run.changed} brought in line, ${run.failed} failed` +
          (run.replay ? `; asked Jetpay to deliver again from event ${run.replay.from} (${run.replay.reason})` : "") +
          (run.gave_up ? `; gave up on events ${run.gave_up.from} to ${run.gave_up.to}, never delivered (Needs attention)` : "")
      )
    }
  } catch (error) {
    logger.error(`[jetpay] reconciliation run failed: ${errorMessage(error)}`)
  }
}

export const config = {
  name: "jetpay-reconciliation",
  /**
   * The `reconcileIntervalMs` timing of the provider's options (default 5 s: a shopper may be
   * waiting for an order; each run is bounded in Jetpay calls). Read when Medusa registers the
   * job, after it loaded medusa-config; a configuration without the provider keeps the default
   * here and fails where the provider itself is loaded.
   */
  get schedule() {
    let interval = DEFAULT_TIMINGS.reconcileIntervalMs
    try {
      interval = configuredJetpay(configManager.config).options.timings.reconcileIntervalMs
    } catch {
      // reported by the provider's own option check
    }
    return { interval }
  },
}
