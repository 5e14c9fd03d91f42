/**
 * `orderBeforePayment`: when an order made before its payment gets its one reminder and when it
 * expires (pure). Both are recorded on its payment request when the order is placed, so changing
 * the options applies to orders placed after.
 */

export type UnpaidOrderSchedule = {
  /** ISO date: past it, the order still unpaid is canceled with its debit. */
  expires_at: string
  /** ISO date of its one reminder; null: no reminder (`reminderAfterMs: null`). */
  remind_at: string | null
}

export function unpaidOrderSchedule(
  placedAt: Date,
  { expireAfterMs, reminderAfterMs }: { expireAfterMs: number; reminderAfterMs: number | null }
): UnpaidOrderSchedule {
  const at = (ms: number) => new Date(placedAt.getTime() + ms).toISOString()
  return {
    expires_at: at(expireAfterMs),
    remind_at: reminderAfterMs != null && reminderAfterMs < expireAfterMs ? at(reminderAfterMs) : null,
  }
}

/** What a payment request recorded of its order's schedule (payment-request-view.ts). */
export type RecordedSchedule = {
  expires_at?: string | null
  remind_at?: string | null
  reminded_at?: string | null
}

export type UnpaidOrderTimes = {
  /** Past its expiry. */
  expired: boolean
  /** Its reminder time has come, before its expiry, and no reminder was sent yet. */
  reminderDue: boolean
  /**
   * When the order's status must be read again at the latest: its reminder while one is still to
   * send (and not sent by this run: `reminding`), else its expiry; null for a request without them.
   */
  wakeAt: Date | null
}

export function unpaidOrderTimes(recorded: RecordedSchedule | null, now: Date, reminding = false): UnpaidOrderTimes {
  const expiresAt = recorded?.expires_at ? new Date(recorded.expires_at) : null
  if (!expiresAt) return { expired: false, reminderDue: false, wakeAt: null }
  const expired = now.getTime() >= expiresAt.getTime()
  const remindAt = recorded?.remind_at && !recorded.reminded_at ? new Date(recorded.remind_at) : null
  const remindPending = !!remindAt && remindAt.getTime() < expiresAt.getTime()
  return {
    expired,
    reminderDue: remindPending && !expired && now.getTime() >= remindAt!.getTime(),
    wakeAt: remindPending && !reminding && !expired ? remindAt : expiresAt,
  }
}
