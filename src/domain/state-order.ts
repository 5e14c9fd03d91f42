import { normalizeTransactionState } from "../jetpay-api"
import { stateRank } from "./payment-facts"

/** Whichever of two states is further along; an unknown state never wins over a known one. */
export function furthestState(a: string, b: string): string {
  const x = normalizeTransactionState(a)
  const y = normalizeTransactionState(b)
  if (!x.known) return b
  if (!y.known) return a
  return stateRank(y.state) > stateRank(x.state) ? y.state : x.state
}
