import { normalizeTransactionState, type JetpayTransactionState } from "../../lib/jetpay"

/**
 * How far along a transaction is. A state is applied only when it moves forward,
 * so a late or replayed event can never take a settled payment back to authorized.
 */
function rank(state: JetpayTransactionState): number {
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

export type StateChange =
  /** Nothing to record: the same state, an older one, or a state we do not know. */
  | { kind: "none" }
  | { kind: "advance"; state: JetpayTransactionState }
  /** `failed` after `completed`: the money came back (an EFT return). */
  | { kind: "reversal"; state: "failed" }

/** The change that the live state `next` makes to a transaction recorded as `current`. */
export function stateChange(current: string, next: string): StateChange {
  const to = normalizeTransactionState(next)
  if (!to.known) return { kind: "none" }
  const from = normalizeTransactionState(current)
  if (!from.known) return { kind: "advance", state: to.state }
  if (from.state === "completed" && to.state === "failed") return { kind: "reversal", state: "failed" }
  if (rank(to.state) > rank(from.state)) return { kind: "advance", state: to.state }
  return { kind: "none" }
}

/** Whichever of two states is further along; an unknown state never wins over a known one. */
export function furthestState(a: string, b: string): string {
  const x = normalizeTransactionState(a)
  const y = normalizeTransactionState(b)
  if (!x.known) return b
  if (!y.known) return a
  return rank(y.state) > rank(x.state) ? y.state : x.state
}
