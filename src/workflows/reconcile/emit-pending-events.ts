import type { MedusaContainer } from "@medusajs/framework/types"
import { jetpayServices } from "../../providers/jetpay/jetpay-services"
import { emitOutbox } from "../sync/emit-outbox"

/** Outbox entries emitted per reconciliation run, at most. */
const PENDING_EVENTS_LIMIT = 200

/**
 * The reconciliation's part of "the plugin's events go out at least once": emits what a sync
 * recorded and did not emit (its emit failed, or its process died in between). Entries younger
 * than `neverTriedGraceMs` are left to the sync that recorded them.
 */
export function emitPendingPluginEvents(container: MedusaContainer, now: Date): Promise<number> {
  const { timings } = jetpayServices(container).options
  return emitOutbox(container, { recordedBefore: new Date(now.getTime() - timings.neverTriedGraceMs), limit: PENDING_EVENTS_LIMIT })
}
