import type { IPaymentModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { JETPAY_MODULE } from "../../modules/jetpay"
import type JetpayModuleService from "../../modules/jetpay/service"
import type { TransactionPageFilter } from "../../modules/jetpay/service"
import { personName, transactionListRow, type TransactionListOrder, type TransactionListRow } from "../../domain/transaction-list"
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

/** What Settings → Jetpay's transactions list filters by (the admin route's validated query). */
export type TransactionListFilter = {
  q?: string
  state?: string[]
  kind?: string
  created_after?: Date
  created_before?: Date
}

type OrderForList = {
  id: string
  display_id: number | null
  email: string | null
  currency_code: string | null
  customer?: { first_name?: string | null; last_name?: string | null } | null
  billing_address?: { first_name?: string | null; last_name?: string | null } | null
  shipping_address?: { first_name?: string | null; last_name?: string | null } | null
}

/** The most orders a search by email matches (a search this broad wants more letters). */
const SEARCH_ORDER_LIMIT = 500

/**
 * The search text as what it can name: a Jetpay transaction id (whole), and the orders whose
 * display id it is (`42`, `#42`) or whose email holds it, through Medusa's order module.
 */
async function searchTargets(container: MedusaContainer, q: string): Promise<{ jetpayIds: string[]; orderIds: string[] }> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const displayId = /^#?\d{1,9}$/.test(q) ? Number(q.replace("#", "")) : null
  const escaped = q.replace(/[\\%_]/g, (character) => `\\${character}`)
  const { data } = await query.graph({
    entity: "order",
    fields: ["id"],
    filters: displayId !== null ? { $or: [{ display_id: displayId }, { email: { $ilike: `%${escaped}%` } }] } : { email: { $ilike: `%${escaped}%` } },
    pagination: { take: SEARCH_ORDER_LIMIT, skip: 0 },
  })
  return { jetpayIds: [...new Set([q, q.toLowerCase()])], orderIds: (data as Array<{ id: string }>).map((order) => order.id) }
}

/** The rows of these records, each with its order and customer (one read of the orders). */
async function listRows(container: MedusaContainer, records: JetpayTransactionRecord[]): Promise<TransactionListRow[]> {
  const orderIds = [...new Set(records.flatMap((record) => (record.order_id ? [record.order_id] : [])))]
  const orders = new Map<string, TransactionListOrder>()
  if (orderIds.length) {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "order",
      fields: [
        "id",
        "display_id",
        "email",
        "currency_code",
        "customer.first_name",
        "customer.last_name",
        "billing_address.first_name",
        "billing_address.last_name",
        "shipping_address.first_name",
        "shipping_address.last_name",
      ],
      filters: { id: orderIds },
    })
    for (const order of data as OrderForList[]) {
      orders.set(order.id, {
        id: order.id,
        display_id: order.display_id ?? null,
        email: order.email ?? null,
        currency_code: order.currency_code ?? null,
        customer_name:
          personName(order.customer?.first_name, order.customer?.last_name) ??
          personName(order.billing_address?.first_name, order.billing_address?.last_name) ??
          personName(order.shipping_address?.first_name, order.shipping_address?.last_name),
      })
    }
  }
  const currency = jetpayServices(container).options.currency
  return records.map((record) => transactionListRow(record, record.order_id ? orders.get(record.order_id) ?? null : null, currency))
}

async function pageFilter(container: MedusaContainer, filter: TransactionListFilter, limit: number, offset: number): Promise<TransactionPageFilter> {
  return {
    ...(filter.q ? { search: await searchTargets(container, filter.q) } : {}),
    states: filter.state,
    kinds: filter.kind ? [filter.kind] : undefined,
    from: filter.created_after,
    to: filter.created_before,
    limit,
    offset,
  }
}

/** One page of the store's Jetpay debits and credits, newest first, with the count of all that match. */
export async function listTransactionRows(
  container: MedusaContainer,
  filter: TransactionListFilter,
  limit: number,
  offset: number
): Promise<{ transactions: TransactionListRow[]; count: number }> {
  const { rows, count } = await jetpayModule(container).listTransactionPage(await pageFilter(container, filter, limit, offset))
  return { transactions: await listRows(container, rows), count }
}

/** The most rows one CSV export holds; a larger export is narrowed by dates. */
export const EXPORT_ROW_LIMIT = 10_000
const EXPORT_PAGE = 1_000

/** Every row that matches, newest first, at most `EXPORT_ROW_LIMIT`, read a page at a time. */
export async function exportTransactionRows(
  container: MedusaContainer,
  filter: TransactionListFilter
): Promise<{ rows: TransactionListRow[]; count: number }> {
  const base = await pageFilter(container, filter, EXPORT_PAGE, 0)
  const rows: TransactionListRow[] = []
  let count = 0
  for (let offset = 0; offset < EXPORT_ROW_LIMIT; offset += EXPORT_PAGE) {
    const page = await jetpayModule(container).listTransactionPage({ ...base, offset, limit: Math.min(EXPORT_PAGE, EXPORT_ROW_LIMIT - offset) })
    count = page.count
    rows.push(...(await listRows(container, page.rows)))
    if (rows.length >= count || !page.rows.length) break
  }
  return { rows, count }
}
