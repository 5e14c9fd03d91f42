// Medusa's side of a payment, read as a merchant and a storefront would: the admin API
// (orders with their payments, captures and refunds), the plugin's admin route (reversals) and
// the store status route (the cart's order). The database only where no API shows it:
// how many orders one cart has (the order–cart link table), the plugin's debit records
// and the webhook event log's timings.
import { Client } from "pg"
import { request, requestOk } from "./http"
import type { ObservedOrder, ObservedPayment } from "./compare"
import type { AppliedSample } from "./report"

export type MedusaTarget = { serverUrl: string; databaseUrl: string; publishableKey: string; adminToken: () => Promise<string> }

const ORDER_FIELDS = [
  "id",
  "metadata",
  "canceled_at",
  "*payment_collections",
  "*payment_collections.payments",
  "*payment_collections.payments.captures",
  "*payment_collections.payments.refunds",
].join(",")

export async function medusaReads(target: MedusaTarget) {
  const db = new Client({ connectionString: target.databaseUrl })
  await db.connect()
  let token = await target.adminToken()
  const admin = async <T = any>(path: string): Promise<T> => {
    const answer = await request<T>("GET", `${target.serverUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })
    if (answer.status === 401) {
      token = await target.adminToken()
      return requestOk<T>("GET", `${target.serverUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })
    }
    if (answer.status < 200 || answer.status >= 300) throw new Error(`GET ${path.split("?")[0]} answered ${answer.status}`)
    return answer.body
  }
  const store = { "x-publishable-api-key": target.publishableKey }

  return {
    close: () => db.end(),

    /** Every order linked to each cart (Medusa's order_cart link table: no API lists them per cart). */
    async orderIdsByCart(cartIds: string[]): Promise<Map<string, string[]>> {
      const { rows } = await db.query<{ cart_id: string; order_id: string }>(
        "select cart_id, order_id from order_cart where cart_id = any($1) and deleted_at is null order by created_at",
        [cartIds]
      )
      const byCart = new Map<string, string[]>()
      for (const row of rows) byCart.set(row.cart_id, [...(byCart.get(row.cart_id) ?? []), row.order_id])
      return byCart
    },

    /** Orders as the admin API shows them, with the debit each payment names. */
    async orders(orderIds: string[]): Promise<Map<string, ObservedOrder>> {
      const found = new Map<string, ObservedOrder>()
      for (let i = 0; i < orderIds.length; i += 50) {
        const chunk = orderIds.slice(i, i + 50)
        const query = new URLSearchParams({ fields: ORDER_FIELDS, limit: String(chunk.length) })
        for (const id of chunk) query.append("id[]", id)
        const { orders } = await admin<{ orders: any[] }>(`/admin/orders?${query}`)
        for (const order of orders) found.set(order.id, toObservedOrder(order))
      }
      return found
    },

    /** The debits the plugin's admin route shows as reversed for an order. */
    async reversedDebits(orderId: string): Promise<string[]> {
      const view = await admin<{ transactions: { id: string; kind: string; reversed: boolean }[] }>(`/admin/jetpay/orders/${orderId}`)
      return view.transactions.filter((transaction) => transaction.kind === "debit" && transaction.reversed).map((transaction) => transaction.id)
    },

    /** The store status route's order for a cart: null when none, undefined when the route did not answer. */
    async statusOrderId(cartId: string): Promise<string | null | undefined> {
      const answer = await request("GET", `${target.serverUrl}/store/jetpay/payment-status?cart_id=${cartId}`, { headers: store }).catch(() => undefined)
      if (!answer) return undefined
      if (answer.status === 404) return null
      if (answer.status !== 200) return undefined
      return answer.body.order_id ?? null
    },

    /** The debits Settings → Jetpay → Needs attention lists as paid for another amount than their cart's. */
    async amountMismatches(): Promise<Set<string>> {
      const { items } = await admin<{ items: { kind: string; transaction_id: string | null }[] }>("/admin/jetpay/attention")
      return new Set(items.filter((item) => item.kind === "amount_mismatch" && item.transaction_id).map((item) => item.transaction_id!))
    },

    /** The cart's total in cents (Store API). */
    async cartTotalCents(cartId: string): Promise<number> {
      const { cart } = await requestOk("GET", `${target.serverUrl}/store/carts/${cartId}?fields=id,total`, { headers: store })
      return Math.round(Number(cart.total) * 100)
    },

    /** The cart's payment sessions (Store API), with the debit each names. */
    async sessions(cartId: string): Promise<{ debitId: string | null; status: string }[]> {
      const fields = encodeURIComponent("id,*payment_collection,*payment_collection.payment_sessions")
      const { cart } = await requestOk("GET", `${target.serverUrl}/store/carts/${cartId}?fields=${fields}`, { headers: store })
      return (cart.payment_collection?.payment_sessions ?? []).map((session: any) => ({
        debitId: typeof session.data?.jetpay_transaction_id === "string" ? session.data.jetpay_transaction_id : null,
        status: session.status,
      }))
    },

    /**
     * The debits the plugin recorded (its own table: the store's list of its debits), with the
     * cart each belongs to when known. Null when the table cannot be read (its shape changed).
     */
    async recordedDebits(): Promise<Map<string, { cartId: string | null }> | null> {
      try {
        const { rows } = await db.query<{ jetpay_id: string; cart_id: string | null; payment_session_id: string | null }>(
          `select t.jetpay_id, coalesce(t.cart_id, cpc.cart_id) as cart_id, t.payment_session_id
             from jetpay_transaction t
             left join payment_session ps on ps.id = t.payment_session_id
             left join cart_payment_collection cpc on cpc.payment_collection_id = ps.payment_collection_id and cpc.deleted_at is null
            where t.kind = 'debit' and t.deleted_at is null`
        )
        return new Map(rows.map((row) => [row.jetpay_id, { cartId: row.cart_id }]))
      } catch {
        return null
      }
    },

    /** Medusa payments naming a debit, by debit (for debits no cart of the driver holds). */
    async paymentsOfDebits(debitIds: string[]): Promise<Map<string, string[]>> {
      const { rows } = await db.query<{ id: string; debit: string }>(
        "select id, data->>'jetpay_transaction_id' as debit from payment where data->>'jetpay_transaction_id' = any($1) and deleted_at is null",
        [debitIds]
      )
      const byDebit = new Map<string, string[]>()
      for (const row of rows) byDebit.set(row.debit, [...(byDebit.get(row.debit) ?? []), row.id])
      return byDebit
    },

    /** processed_at - received_at of every recorded webhook event, ms (Infinity: never processed), by time received. */
    async appliedMs(): Promise<{ values: AppliedSample[]; note?: string }> {
      try {
        const { rows } = await db.query<{ ms: number | null; received_at: Date }>(
          `select extract(epoch from (processed_at - received_at)) * 1000 as ms, received_at
             from jetpay_webhook_event where deleted_at is null`
        )
        return {
          values: rows.map((row) => ({
            receivedAt: new Date(row.received_at).getTime(),
            ms: row.ms === null ? Number.POSITIVE_INFINITY : Number(row.ms),
          })),
        }
      } catch (error) {
        return { values: [], note: `webhook event timings unreadable: ${(error as Error).message}` }
      }
    },
  }
}

export type MedusaReads = Awaited<ReturnType<typeof medusaReads>>

function toCents(amount: unknown): number {
  const value = typeof amount === "object" && amount !== null && "value" in amount ? Number((amount as { value: unknown }).value) : Number(amount)
  return Math.round(value * 100)
}

function toObservedOrder(order: any): ObservedOrder {
  const payments: ObservedPayment[] = (order.payment_collections ?? []).flatMap((collection: any) =>
    (collection.payments ?? []).map((payment: any) => ({
      id: payment.id,
      debitId: typeof payment.data?.jetpay_transaction_id === "string" ? payment.data.jetpay_transaction_id : null,
      amountCents: toCents(payment.amount),
      capturedAt: payment.captured_at ?? null,
      canceledAt: payment.canceled_at ?? null,
      captures: (payment.captures ?? []).map((capture: any) => ({ amountCents: toCents(capture.amount) })),
      refunds: (payment.refunds ?? []).map((refund: any) => ({ amountCents: toCents(refund.amount) })),
    }))
  )
  return { id: order.id, metadata: order.metadata ?? null, canceledAt: order.canceled_at ?? null, payments, reversedDebits: [] }
}
