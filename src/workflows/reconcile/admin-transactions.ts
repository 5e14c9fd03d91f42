import type { IPaymentModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { JETPAY_MODULE } from "../../modules/jetpay"
import type JetpayModuleService from "../../modules/jetpay/service"
import { jetpayServices } from "../../providers/jetpay/jetpay-services"
import { orderJetpayView, transactionView, type OrderJetpayView, type TransactionView } from "../../domain/transaction-view"

type OrderPayments = {
  id: string
  status: string
  currency_code: string
  payment_collections?: Array<{ payment_sessions?: Array<{ jetpay_transactions?: JetpayTransactionRecord[] | null } | null> | null } | null> | null
}

const jetpayModule = (container: MedusaContainer) => container.resolve<JetpayModuleService>(JETPAY_MODULE)

type JetpayTransactionRecord = Awaited<ReturnType<JetpayModuleService["listJetpayTransactions"]>>[number]

/**
 * The order's Jetpay debits and refund credits with their webhook events, or null for an
 * unknown order. Found through the order's payment sessions, not the records' order_id:
 * a storefront may complete the cart before any webhook has told the record its order.
 */
export async function orderJetpayTransactions(container: MedusaContainer, orderId: string): Promise<OrderJetpayView | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  // Through the module links: order -> payment collections -> sessions -> their Jetpay records.
  const { data } = await query.graph({
    entity: "order",
    fields: ["id", "status", "currency_code", "payment_collections.payment_sessions.jetpay_transactions.*"],
    filters: { id: orderId },
  })
  const order = data[0] as OrderPayments | undefined
  if (!order) return null
  const records = (order.payment_collections ?? []).flatMap((collection) =>
    (collection?.payment_sessions ?? []).flatMap((session) => session?.jetpay_transactions ?? [])
  )
  const events = records.length
    ? await jetpayModule(container).listJetpayWebhookEvents({ jetpay_transaction_id: records.map((record) => record.jetpay_id) }, { take: null })
    : []
  return orderJetpayView(order.id, order.currency_code, records, events, order.status === "canceled")
}

/** This store's record of a Jetpay transaction; a 404 for one it never made. */
export async function jetpayRecord(container: MedusaContainer, jetpayTransactionId: string) {
  const [record] = await jetpayModule(container).listJetpayTransactions({ jetpay_id: jetpayTransactionId }, { take: 1 })
  if (!record) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Jetpay transaction ${jetpayTransactionId} is not one of this store's Jetpay payments or refunds`
    )
  }
  return record
}

/** One transaction as the admin shows it, in the currency its payment session was in. */
export async function jetpayTransactionView(container: MedusaContainer, jetpayTransactionId: string): Promise<TransactionView> {
  const record = await jetpayRecord(container, jetpayTransactionId)
  const events = await jetpayModule(container).listJetpayWebhookEvents(
    { jetpay_transaction_id: record.jetpay_id },
    { take: null }
  )
  return transactionView(record, events, await currencyOf(container, record.payment_session_id))
}

async function currencyOf(container: MedusaContainer, paymentSessionId: string | null): Promise<string> {
  if (paymentSessionId) {
    const payments = container.resolve<IPaymentModuleService>(Modules.PAYMENT)
    const [session] = await payments.listPaymentSessions(
      { id: paymentSessionId },
      { select: ["id", "currency_code"], take: 1, withDeleted: true }
    )
    if (session?.currency_code) return session.currency_code
  }
  // Jetpay's amounts are in the merchant account's currency: the first one the provider accepts.
  return jetpayServices(container).options.currency
}
