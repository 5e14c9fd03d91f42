import { normalizeTransactionState, type JetpayTransactionState } from "../jetpay-api"

/**
 * What happened to one Jetpay transaction, from two sources that together decide it:
 * - `seen`: every state this store has on record for it: the verified webhook events
 *   (the authentic history, whatever order they arrived in) and the states read before;
 * - `live`: where the money is now (a status read), or "not_found" when Jetpay answers
 *   404 for a transaction this store created (it was deleted: a cancel).
 *
 * The outcome depends on the facts, never on when the plugin looked, with one rule for
 * money: a settlement counts only once a status read confirmed it (`live` is `completed`
 * now, or `settlementConfirmed`: an earlier read did and the record says so). A `completed`
 * known only from events says the payer authorized; it never makes a capture, and a
 * `failed` status read after it is a failure, not a return (`unconfirmedSettlement` tells).
 */
export type PaymentOutcome = "pending" | "authorized" | "settled" | "failed" | "cancelled" | "reversed"

export type PaymentFacts = {
  /** The payer authorized it at some point (initiated, paid or completed). */
  authorized: boolean
  /** It settled at some point (completed), as a status read confirmed. */
  settled: boolean
  /**
   * The money is there for a Medusa payment: a card charged (`paid`), or the debit settled as a
   * status read confirmed. An EFT the payer only signed (`initiated`) is not: its funds are still
   * being pulled (a `completed` only its events tell waits for a status read that says so).
   */
  paid: boolean
  /** Events say it completed, and no status read confirmed it. */
  unconfirmedSettlement: boolean
  outcome: PaymentOutcome
  /** The furthest known state, for the record (state-order rank). */
  state: JetpayTransactionState
  /** The live state as Jetpay wrote it, when it is not one this plugin knows. */
  unknownLiveState: string | null
}

const AUTHORIZED_STATES: ReadonlySet<JetpayTransactionState> = new Set(["initiated", "paid", "completed"])

export function paymentFacts(
  seen: readonly string[],
  live: string | "not_found",
  { settlementConfirmed = false }: { settlementConfirmed?: boolean } = {}
): PaymentFacts {
  const known = seen.flatMap((raw) => {
    const state = normalizeTransactionState(raw)
    return state.known ? [state.state] : []
  })
  const liveState: JetpayTransactionState | null =
    live === "not_found" ? "cancelled" : knownOrNull(live)
  const settled = liveState === "completed" || settlementConfirmed
  const unconfirmedSettlement = !settled && known.includes("completed")
  // An unconfirmed `completed` counts as far as the payer's authorization, no further.
  const counted = unconfirmedSettlement ? known.map((state) => (state === "completed" ? "paid" : state)) : known
  const all = liveState ? [...counted, liveState] : counted

  const authorized = settled || all.some((state) => AUTHORIZED_STATES.has(state))
  // An unconfirmed `completed` does not count here: the provider authorizes from a status read.
  const paid = settled || [...known, ...(liveState ? [liveState] : [])].includes("paid")
  const ended = liveState === "failed" || liveState === "cancelled"
    ? liveState
    : // A terminal state in the history outlives a status read that has not caught up.
      counted.find((state) => state === "failed" || state === "cancelled")

  let outcome: PaymentOutcome
  if (ended) outcome = settled ? "reversed" : ended
  else if (settled) outcome = "settled"
  else if (authorized) outcome = "authorized"
  else outcome = "pending"

  return {
    authorized,
    settled,
    paid,
    unconfirmedSettlement,
    outcome,
    state: furthest(all.length ? all : ["requested"]),
    unknownLiveState: live !== "not_found" && !liveState ? live : null,
  }
}

function knownOrNull(raw: string): JetpayTransactionState | null {
  const state = normalizeTransactionState(raw)
  return state.known ? state.state : null
}

/** How far along a state is; `failed` and `cancelled` end a transaction. */
export function stateRank(state: JetpayTransactionState): number {
  switch (state) {
    case "requested":
      return 0
    case "initiated":
    case "processing":
      return 1
    case "paid":
      return 2
    case "completed":
      return 3
    case "failed":
    case "cancelled":
      return 4
    default: {
      const unhandled: never = state
      throw new Error(`Unhandled Jetpay state: ${String(unhandled)}`)
    }
  }
}

function furthest(states: JetpayTransactionState[]): JetpayTransactionState {
  return states.reduce((a, b) => (stateRank(b) > stateRank(a) ? b : a))
}

/** Whichever of two states is further along; an unknown state never wins over a known one. */
export function furthestState(a: string, b: string): string {
  const x = normalizeTransactionState(a)
  const y = normalizeTransactionState(b)
  if (!x.known) return b
  if (!y.known) return a
  return stateRank(y.state) > stateRank(x.state) ? y.state : x.state
}
