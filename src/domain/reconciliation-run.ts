/** What the admin's settings page shows of the last reconciliation run. */
export type ReconciliationRun = {
  started_at: string
  finished_at: string
  /** Transactions whose unprocessed webhook events were due, and how many of them applied. */
  due_transactions: number
  /** Debits whose cart completion was checked for an order it left unpaid (absent in runs stored before it was counted). */
  completions_checked?: number
  /** Open transactions whose status was re-read. */
  rechecked: number
  /** Of both, those where Medusa was brought in line (an order, a capture, a cancel, a flag). */
  changed: number
  failed: number
  errors: string[]
  webhook: { state: string | null; last_sent_event_id: number | null; error: string | null } | null
  events_whole_through: string | null
  /** The replay this run asked Jetpay for. */
  replay: { from: string; reason: string } | null
  /** The last replay any run asked for, so the settings page still shows it runs later. */
  last_replay: { from: string; reason: string; at: string } | null
}
