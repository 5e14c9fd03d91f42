import type { IEventBusModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { JETPAY_MODULE } from "../../modules/jetpay"
import { errorMessage } from "../../domain/error-message"
import { OUTBOX_CLAIM_LEASE_MS } from "../../domain/plugin-event-outbox"
import type JetpayModuleService from "../../modules/jetpay/service"

/**
 * Emits outbox entries (those named, or those recorded before a time) and removes each once the
 * event bus took it. An emit that fails leaves its entry, and the later ones of its transaction, for
 * the reconciliation job; it is logged, never thrown: the facts are recorded already. Answers how
 * many went out.
 */
export async function emitOutbox(
  container: MedusaContainer,
  which: { keys: string[] } | { recordedBefore: Date; limit: number }
): Promise<number> {
  const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
  const now = new Date()
  const entries = await jetpay.claimOutbox({
    ...("keys" in which ? { keys: which.keys, limit: which.keys.length } : which),
    now,
    leaseMs: OUTBOX_CLAIM_LEASE_MS,
  })
  if (!entries.length) return 0
  const eventBus = container.resolve<IEventBusModuleService>(Modules.EVENT_BUS)
  const sent: string[] = []
  const unsent: string[] = []
  const stopped = new Set<string>()
  for (const { key, value } of entries) {
    const transaction = value.data.transaction_id
    if (stopped.has(transaction)) {
      unsent.push(key)
      continue
    }
    try {
      await eventBus.emit({ name: value.name, data: value.data })
      sent.push(key)
    } catch (error) {
      // Its transaction's later events wait too, so a subscriber never hears "captured" before "authorized".
      stopped.add(transaction)
      unsent.push(key)
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .warn(`[jetpay] ${value.name} of ${transaction} is kept to emit again (reconciliation): ${errorMessage(error)}`)
    }
  }
  await jetpay.releaseOutbox({ sent, unsent })
  return sent.length
}
