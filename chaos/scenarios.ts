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
