import { AsyncLocalStorage } from "node:async_hooks"

/**
 * The refund intent a person confirmed as sent, for the Medusa refund that records it: Medusa's
 * refund workflow calls the provider with an amount only, so the Needs attention action names
 * the intent around that call, and the provider records that intent (refund-credit.ts) instead
 * of sending a credit. Any other refund runs outside it.
 */
const confirmed = new AsyncLocalStorage<{ intentReference: string }>()

/** Runs `record` (Medusa's refund of the payment) as the recording of this confirmed intent. */
export function recordingConfirmedRefund<T>(intentReference: string, record: () => Promise<T>): Promise<T> {
  return confirmed.run({ intentReference }, record)
}

/** The confirmed intent the running refund records, or null for an ordinary refund. */
export function confirmedRefundReference(): string | null {
  return confirmed.getStore()?.intentReference ?? null
}
