import { ContainerRegistrationKeys, MedusaError, Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import type { IEventBusModuleService, MedusaContainer } from "@medusajs/framework/types"
import { JetpayEvents } from "../../domain/events"
import { formatCents, toJetpayAmount } from "../../domain/money"
import { JETPAY_MODULE } from "../../modules/jetpay"
import type JetpayModuleService from "../../modules/jetpay/service"
import { isJetpayProviderId } from "../../domain/provider-config"

/** The session statuses Medusa's cart completion authorizes from (validateCartPaymentsStep). */
const PROCESSABLE = new Set<string>([
  PaymentSessionStatus.PENDING,
  PaymentSessionStatus.REQUIRES_MORE,
  PaymentSessionStatus.AUTHORIZED,
])

type CartForCheck = {
  id: string
  total: unknown
  currency_code: string
  payment_collection?: { payment_sessions?: Array<{ id: string; provider_id: string; status: string; amount: unknown }> } | null
}

/**
 * Before Medusa makes an order from a cart paid with Jetpay (the storefront's
 * `POST /store/carts/:id/complete`, through the plugin's middleware, and the webhook's sync, before
 * it authorizes): the debit's amount, its session's and the cart's total must agree, and a payment
 * refunded before it became an order never becomes one. A mismatch is recorded on the debit, told once
 * (`jetpay.payment.amount_mismatch`), shown in the admin's needs-attention list, and the order is not
 * made. It runs outside Medusa's cart-completion hooks, which belong to the store.
 */
export async function checkJetpayCartAmounts(container: MedusaContainer, cartId: string): Promise<void> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: carts } = await query.graph({
    entity: "cart",
    fields: [
      "id",
      "total",
      "currency_code",
      "payment_collection.payment_sessions.id",
      "payment_collection.payment_sessions.provider_id",
      "payment_collection.payment_sessions.status",
      "payment_collection.payment_sessions.amount",
    ],
    filters: { id: cartId },
  })
  const data = carts[0] as unknown as CartForCheck | undefined
  if (!data) return
  // Medusa authorizes the first processable session; that is the one whose debit must match.
  const session = data.payment_collection?.payment_sessions?.find((candidate) => PROCESSABLE.has(candidate.status))
  if (!session || !isJetpayProviderId(session.provider_id)) return

  const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
  // The session's debit and its refunds, in one read.
  const { record: debit, refundedCents } = await jetpay.readTransaction(
    { payment_session_id: session.id, kind: "debit" },
    { refunded: true }
  )
  if (!debit) return
  if (refundedCents > 0) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Jetpay payment ${debit.jetpay_id} was refunded before any order was made: choose the payment method again to pay`
    )
  }
  const currency = data.currency_code
  const mismatch = amountMismatch({
    debit: debit.amount,
    session: toJetpayAmount(session.amount as number, currency),
    cart: toJetpayAmount(data.total as number, currency),
  })
  if (!mismatch) {
    // Should this completion die after making the order and before authorizing, the note is
    // how the reconciliation finds the unpaid order it leaves (cancel-unpaid-order.ts).
    if (!debit.authorized_at) await jetpay.noteCompletionStarted(debit.id, new Date())
    return
  }

  if (!debit.amount_mismatch) {
    await jetpay.updateJetpayTransactions({ id: debit.id, amount_mismatch: mismatch, cart_id: data.id })
    await container
      .resolve<IEventBusModuleService>(Modules.EVENT_BUS)
      .emit({
        name: JetpayEvents.PAYMENT_AMOUNT_MISMATCH,
        data: { cart_id: data.id, order_id: null, transaction_id: debit.jetpay_id, payment_id: null, ...mismatch },
      })
      .catch((error: Error) =>
        container.resolve(ContainerRegistrationKeys.LOGGER).warn(`[jetpay] could not emit the amount mismatch: ${error.message}`)
      )
  }
  throw new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    `Jetpay payment ${debit.jetpay_id} was for ${formatCents(mismatch.debit, currency)} but the cart now totals ` +
      `${formatCents(mismatch.cart, currency)}: no order is made for a different amount. The payment is listed in ` +
      `Settings → Jetpay → Needs attention, where it can be refunded.`
  )
}

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
