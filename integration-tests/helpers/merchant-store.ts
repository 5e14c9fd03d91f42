import { completeCartWorkflow } from "@medusajs/core-flows"
import { MedusaError } from "@medusajs/framework/utils"

/**
 * Makes the test's app a merchant's store as they are: the Jetpay provider registered under its
 * own id (`eft`: `pp_jetpay_eft`), and the store's own rule on Medusa's cart-completion `validate`
 * hook, which allows one handler (a plugin that took it would stop this store at boot).
 * Import it first in a spec file, before the store fixture and the app.
 */
process.env.JETPAY_TEST_PROVIDER_ID = "eft"

/** Carts the store's own rule looked at, in order. */
export const carts_checked_by_the_store: string[] = []

/** The store's rule: a cart marked `metadata.age_verified === false` is refused. */
completeCartWorkflow.hooks.validate(async ({ cart }) => {
  const data = cart as unknown as { id: string; metadata?: Record<string, unknown> | null }
  carts_checked_by_the_store.push(data.id)
  if (data.metadata?.age_verified === false) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This store's own rule: the buyer's age is not verified")
  }
})
