import type { JetpayTransactionStatus } from "../jetpay-api"

type Entry = { at: number; status: Promise<JetpayTransactionStatus> }

/**
 * Reads a transaction's live status at most once every `maxAgeMs` per transaction,
 * however often storefronts poll: concurrent callers share one request, and later
 * ones reuse its answer until it is older than `maxAgeMs`. A failed read is not kept.
 */
export function createThrottledStatusReader(
  read: (transactionId: string) => Promise<JetpayTransactionStatus>,
  { maxAgeMs, now = Date.now, maxEntries = 10_000 }: { maxAgeMs: number; now?: () => number; maxEntries?: number }
) {
  const entries = new Map<string, Entry>()
  /** `fresh`: the caller knows the cached answer is out of date (e.g. an order exists since). */
  return function readStatus(transactionId: string, { fresh = false } = {}): Promise<JetpayTransactionStatus> {
    const cached = entries.get(transactionId)
    if (cached && !fresh && now() - cached.at < maxAgeMs) return cached.status
    if (entries.size >= maxEntries) entries.clear() // bounded memory; a few extra reads at worst
    const status = read(transactionId)
    entries.set(transactionId, { at: now(), status })
    status.catch(() => {
      if (entries.get(transactionId)?.status === status) entries.delete(transactionId)
    })
    return status
  }
}
