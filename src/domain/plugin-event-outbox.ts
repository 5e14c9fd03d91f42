import { JetpayEvents, type JetpayPaymentEventData } from "./events"
import type { PluginEventKind } from "./sync-plan"

/** The event each kind of a sync plan's `emit` is sent as. */
export const PLUGIN_EVENT_NAMES: Record<PluginEventKind, string> = {
  authorized: JetpayEvents.PAYMENT_AUTHORIZED,
  captured: JetpayEvents.PAYMENT_CAPTURED,
  failed: JetpayEvents.PAYMENT_FAILED,
  reversed: JetpayEvents.PAYMENT_REVERSED,
  refund_failed: JetpayEvents.REFUND_FAILED,
}

/** Sync-state keys of events recorded and not yet emitted begin with this. */
export const OUTBOX_KEY_PREFIX = "outbox:"

/**
 * How long an event taken for emitting stays another process's: one that died between taking
 * it and marking it sent leaves it to be taken again after this.
 */
export const OUTBOX_CLAIM_LEASE_MS = 30_000

/** One event waiting in the outbox (a sync-state row): recorded with the facts it tells, sent later. */
export type OutboxEntry = {
  key: string
  value: {
    name: string
    data: JetpayPaymentEventData
    /** Its place among the events the same sync recorded: they go out in this order. */
    seq: number
    /** Set while a process emits it (ISO time); see OUTBOX_CLAIM_LEASE_MS. */
    claimed_at?: string | null
  }
}

/** The key a subscriber drops repeats by: one per transaction and kind of event. */
export function pluginEventIdempotencyKey(transactionId: string, kind: PluginEventKind): string {
  return `${transactionId}:${kind}`
}

/**
 * The outbox entries of the events a sync tells, in the plan's order. They are recorded in the
 * same statement as the facts that make them told, and emitted after it, so a crash or a
 * failed emit in between leaves them to the reconciliation job instead of losing them.
 */
export function outboxEntries(
  kinds: readonly PluginEventKind[],
  data: Omit<JetpayPaymentEventData, "idempotency_key">
): OutboxEntry[] {
  return kinds.map((kind, seq) => {
    const idempotencyKey = pluginEventIdempotencyKey(data.transaction_id, kind)
    return {
      key: `${OUTBOX_KEY_PREFIX}${idempotencyKey}`,
      value: { name: PLUGIN_EVENT_NAMES[kind], data: { ...data, idempotency_key: idempotencyKey }, seq },
    }
  })
}
