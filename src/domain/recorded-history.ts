/** A transaction's states on record, and whether a status read confirmed its settlement. */
export type RecordedHistory = { seen: string[]; settlementConfirmed: boolean }

/** What of a transaction's record counts as part of its history. */
export type RecordFacts = { state: string; authorized_at: Date | string | null; settled_at: Date | string | null }

/**
 * A transaction's history: its events' states and its record's state, with "initiated" when the
 * record says the payer authorized (the facts outlive a state that moved on, as a settled debit
 * that later failed). Its settlement counts as confirmed only when the record says so
 * (`settled_at`: set only by a status read that saw it completed).
 */
export function recordedHistory(eventStates: readonly string[], record: RecordFacts | null | undefined): RecordedHistory {
  const seen = [...eventStates]
  if (record) {
    seen.push(record.state)
    if (record.authorized_at) seen.push("initiated")
  }
  return { seen, settlementConfirmed: !!record?.settled_at }
}
