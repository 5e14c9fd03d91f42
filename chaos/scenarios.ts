// The payment outcomes a chaos run drives, assigned round-robin so every run of any
// size covers each of them. What each one does is in checkout.ts.

export const SCENARIOS = [
  /** Pay by bank (PAD), Jetpay settles. */
  "eft-settled",
  /** Pay by card, the shopper comes back and completes, Jetpay settles. */
  "card-settled",
  /** Pay by bank, the debit fails before settlement (NSF). */
  "eft-failed",
  /** The shopper never pays; they come back once and try to complete. */
  "never-paid",
  /** A line is added after the session exists: the old debit is cancelled, the new one paid. */
  "cart-changed",
  /** Pay by bank, Jetpay settles, then the payment comes back (an EFT return). */
  "settled-returned",
  /** Pay by card and complete the cart at once, racing the webhook. */
  "complete-race",
] as const

export type Scenario = (typeof SCENARIOS)[number]

export function scenarioFor(index: number): Scenario {
  return SCENARIOS[index % SCENARIOS.length]
}

/**
 * What Jetpay's truth must be once a scenario was driven, debit by debit (oldest first). A
 * difference here is either the driver failing to do its part, or, for a changed cart, the
 * store leaving the old debit payable.
 */
const TRUTH_AFTER: Record<Scenario, string[]> = {
  "eft-settled": ["completed"],
  "card-settled": ["completed"],
  "eft-failed": ["failed"],
  "never-paid": ["requested"],
  "cart-changed": ["cancelled", "paid"],
  "settled-returned": ["failed"],
  "complete-race": ["paid"],
}

/**
 * `canceledUnpaidOrder`: the store canceled an order of the cart that nothing paid (one a cart
 * completion made and died before paying); it cancels the debit at Jetpay first, so a never-paid
 * debit then ends cancelled, not requested.
 */
export function scenarioDifferences(
  scenario: Scenario,
  debitStates: readonly (string | undefined)[],
  { canceledUnpaidOrder = false }: { canceledUnpaidOrder?: boolean } = {}
): string[] {
  const expected = TRUTH_AFTER[scenario].map((state) =>
    scenario === "never-paid" && canceledUnpaidOrder ? "cancelled" : state
  )
  if (debitStates.length !== expected.length) {
    return [`${scenario}: the storefront saw ${debitStates.length} debit(s), the scenario makes ${expected.length}`]
  }
  return expected.flatMap((state, index) => {
    const actual = debitStates[index]
    if (actual === state || (state === "cancelled" && actual === "canceled")) return []
    const which = expected.length > 1 ? (index === 0 ? "old debit" : "new debit") : "debit"
    return [`${scenario}: the ${which} is ${actual ?? "unknown"} at Jetpay, the scenario leaves it ${state}`]
  })
}
