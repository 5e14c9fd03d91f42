/** What a debit was asked to collect, what its Medusa session is for, and what the cart totals, in cents. */
export type AmountsInCents = { debit: number; session: number; cart: number }

/**
 * Null when all three agree; otherwise the amounts, for the record and the message. An order is
 * made only for what the payer was asked to pay: a cart changed after its link was paid (the old
 * debit can no longer be cancelled) must not become an order for the new total.
 */
export function amountMismatch(amounts: AmountsInCents): AmountsInCents | null {
  return amounts.debit === amounts.session && amounts.session === amounts.cart ? null : amounts
}
