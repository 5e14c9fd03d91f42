import type { IEventBusModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { JETPAY_MODULE } from "../../modules/jetpay"
import { errorMessage } from "../../domain/error-message"
import { OUTBOX_CLAIM_LEASE_MS, type OutboxEntry } from "../../domain/plugin-event-outbox"
import type JetpayModuleService from "../../modules/jetpay/service"

/**
 * Emits outbox entries (those named, or those recorded before a time) and removes each once the
 * event bus took it. Named entries this process took already (`claimed`: recorded by its sync,
 * taken in the same statement) are not taken again; the others named are taken first, as they
 * were recorded earlier. An emit that fails leaves its entry, and the later ones of its
 * transaction, for the reconciliation job; it is logged, never thrown: the facts are recorded
 * already. Answers how many went out.
 */
export async function emitOutbox(
  container: MedusaContainer,
  which: { keys: string[]; claimed?: OutboxEntry[] } | { recordedBefore: Date; limit: number }
): Promise<number> {
  const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
  const now = new Date()
  const claim = (input: { keys: string[]; limit: number } | { recordedBefore: Date; limit: number }) =>
    jetpay.claimOutbox({ ...input, now, leaseMs: OUTBOX_CLAIM_LEASE_MS })
  let entries: OutboxEntry[]
  if ("keys" in which) {
    const claimed = which.claimed ?? []
    const taken = new Set(claimed.map((entry) => entry.key))
    const others = which.keys.filter((key) => !taken.has(key))
    entries = [...(others.length ? await claim({ keys: others, limit: others.length }) : []), ...claimed]
  } else {
    entries = await claim(which)
  }
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
