import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { emitOutbox } from "../emit-outbox"

/**
 * After the outcome is recorded: emits the events it put in the outbox. A failed emit leaves
 * them there for the reconciliation job (emit-outbox.ts); this step itself never fails.
 */
export const emitPluginEventsStep = createStep("emit-jetpay-plugin-events", async ({ keys }: { keys: string[] }, { container }) => {
  await emitOutbox(container, { keys })
  return new StepResponse(undefined)
})
