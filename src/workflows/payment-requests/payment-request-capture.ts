import type { ILockingModule, IOrderModuleService, IPaymentModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { JETPAY_MODULE } from "../../modules/jetpay"
import type JetpayModuleService from "../../modules/jetpay/service"

/**
 * A payment request's captured payment counts on its order: one order transaction per capture
 * (Medusa's own `reference: "capture"`, as its capture workflow writes them), so the order's
 * outstanding amount goes back to 0.
 *
 * Why this exists: when Jetpay has already settled a debit by the time the webhook's sync
 * authorizes it (a webhook held, a card paid and settled at once), the provider answers
 * `captured` to the authorization, and Medusa's payment module captures it on the spot. For a
 * cart, Medusa's cart completion writes the order transaction; for an order's own payment
 * collection nothing does. Making it so here, once per capture, covers both paths.
 * Returns how many transactions it added.
 */
export async function ensurePaymentRequestOrderTransactions(container: MedusaContainer, jetpayTransactionId: string): Promise<number> {
  const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
  const [record] = await jetpay.listJetpayTransactions({ jetpay_id: jetpayTransactionId, purpose: "payment_request" }, { take: 1 })
  if (!record?.payment_session_id) return 0
  const payments = container.resolve<IPaymentModuleService>(Modules.PAYMENT)
  const [payment] = await payments.listPayments(
    { payment_session_id: record.payment_session_id },
    { relations: ["captures"], take: 1 }
  )
  if (!payment?.captures?.length) return 0

  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: links } = await query.graph({
    entity: "order_payment_collection",
    fields: ["order_id"],
    filters: { payment_collection_id: payment.payment_collection_id },
  })
  const orderId = (links[0] as { order_id?: string } | undefined)?.order_id
  if (!orderId) return 0

  const locking = container.resolve<ILockingModule>(Modules.LOCKING)
  return locking.execute(
    `jetpay:payment-request-capture:${payment.id}`,
    async () => {
      const orders = container.resolve<IOrderModuleService>(Modules.ORDER)
      const captureIds = payment.captures!.map((capture) => capture.id)
      const existing = await orders.listOrderTransactions({ order_id: orderId, reference: "capture", reference_id: captureIds })
      const recorded = new Set(existing.map((transaction) => transaction.reference_id))
      const missing = payment.captures!.filter((capture) => !recorded.has(capture.id))
      if (!missing.length) return 0
      await orders.addOrderTransactions(
        missing.map((capture) => ({
          order_id: orderId,
          amount: (capture as { raw_amount?: unknown }).raw_amount ?? capture.amount,
          currency_code: payment.currency_code,
          reference: "capture",
          reference_id: capture.id,
        })) as Parameters<IOrderModuleService["addOrderTransactions"]>[0]
      )
      return missing.length
    },
    { timeout: 30 }
  )
}
