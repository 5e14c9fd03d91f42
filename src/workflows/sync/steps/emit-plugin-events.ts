import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import type { OutboxEntry } from "../../../domain/plugin-event-outbox"
import { emitOutbox } from "../emit-outbox"

/**
 * After the outcome is recorded: emits the events it put in the outbox (`keys`; `claimed`: those
 * the record step added and took for this process). A failed emit leaves them there for the
 * reconciliation job (emit-outbox.ts); this step itself never fails.
 */
export const emitPluginEventsStep = createStep(
  "emit-jetpay-plugin-events",
  async ({ keys, claimed }: { keys: string[]; claimed: OutboxEntry[] }, { container }) => {
    await emitOutbox(container, { keys, claimed })
    return new StepResponse(undefined)
  }
)
