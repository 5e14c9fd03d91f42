import { transactionStatus, type AdminStatus } from "./admin-status"
import { currencyDecimals, fromJetpayAmount } from "./money"

/** How the payer paid a debit: by card (Jetpay's surcharge added) or by EFT (no surcharge). */
export type PaymentMethod = "card" | "eft"

/**
 * How a debit was paid, from the Jetpay states seen for it (events and status reads): an EFT
 * debit passes `initiated` (funds being pulled), a card debit goes `requested` -> `paid` ->
 * `completed` without it (shared/jetpay-api.md). Null while neither was seen (not paid yet, or
 * it went straight to a later state between two reads): then nobody can tell whether the
 * surcharge applied. A credit is paid out by EFT.
 */
export function paymentMethodOf(kind: string, states: readonly (string | null | undefined)[]): PaymentMethod | null {
  if (kind === "credit") return "eft"
  const seen = new Set(states.flatMap((state) => (state ? [state.toLowerCase()] : [])))
  if (seen.has("initiated")) return "eft"
  if (seen.has("paid")) return "card"
  return null
}

/** The record of a transaction, as much of it as the transactions list shows. */
export type TransactionListRecord = {
  jetpay_id: string
  kind: string
  state: string
  amount: number
  surcharge: number
  payment_method: string | null
  reversed_at: Date | string | null
  settled_at: Date | string | null
  created_at: Date | string
  order_id: string | null
  /** A refund credit's outcome: one Jetpay refused (`not_sent`) charged nothing. */
  refund_outcome?: string | null
}

/** The order a transaction belongs to, with its customer (admin only). */
export type TransactionListOrder = {
  id: string
  display_id: number | null
  currency_code: string | null
  email: string | null
  /** The customer's name, else the billing or shipping address's; null when none has one. */
  customer_name: string | null
}

export type TransactionListRow = {
  /** Jetpay's transaction id. */
  id: string
  kind: "debit" | "credit"
  state: string
  status: AdminStatus
  /** How it was paid; null when no state seen tells (see `paymentMethodOf`). */
  method: PaymentMethod | null
  currency_code: string
  /** Cents. */
  amount: number
  /** Cents of card surcharge the payer paid on top; 0 for EFT and credits, null while the method is unknown. */
  surcharge: number | null
  /** Cents that moved: the amount and the surcharge; null while the method is unknown. */
  total: number | null
  /** Whether money moved yet: a debit not yet authorized, or one that failed or was cancelled, charged nothing. */
  charged: boolean
  created_at: string
  /** When this store learned Jetpay settled it (a status read said `completed`). */
  settled_at: string | null
  order: { id: string; display_id: number | null } | null
  customer: { name: string | null; email: string | null } | null
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString())

/** One transaction as a row of Settings → Jetpay's transactions list (and of its CSV). */
export function transactionListRow(
  record: TransactionListRecord,
  order: TransactionListOrder | null,
  fallbackCurrency: string
): TransactionListRow {
  const kind = record.kind === "credit" ? "credit" : "debit"
  const method: PaymentMethod | null =
    kind === "credit" ? "eft" : record.payment_method === "card" || record.payment_method === "eft" ? record.payment_method : null
  const surcharge = method === null ? null : method === "card" ? record.surcharge : 0
  const status = transactionStatus(record)
  return {
    id: record.jetpay_id,
    kind,
    state: record.state,
    status,
    method,
    currency_code: (order?.currency_code ?? fallbackCurrency).toLowerCase(),
    amount: record.amount,
    surcharge,
    total: surcharge === null ? null : record.amount + surcharge,
    charged: !["waiting", "failed", "cancelled", "unknown", "awaiting_payee", "not_sent"].includes(status.code),
    created_at: iso(record.created_at) ?? "",
    settled_at: iso(record.settled_at),
    order: order ? { id: order.id, display_id: order.display_id } : record.order_id ? { id: record.order_id, display_id: null } : null,
    customer: order && (order.email || order.customer_name) ? { name: order.customer_name, email: order.email } : null,
  }
}

/** A person's name from its parts, or null when it has none. */
export function personName(first: string | null | undefined, last: string | null | undefined): string | null {
  const name = [first, last].map((part) => (part ?? "").trim()).filter(Boolean).join(" ")
  return name || null
}

/** Cents as a plain decimal in the currency's digits (`9998` CAD -> `99.98`): what a spreadsheet sums. */
export function decimalAmount(cents: number, currencyCode: string): string {
  return fromJetpayAmount(cents, currencyCode).numeric.toFixed(currencyDecimals(currencyCode))
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. Text that a
 * spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage
 * return) gets a leading `'`, so it shows as the text it is (OWASP's CSV injection advice).
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return ""
  let text = String(value)
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The CSV's columns, in order (docs/admin-api.md lists them). */
export const TRANSACTION_CSV_COLUMNS = [
  "jetpay_id",
  "kind",
  "state",
  "status",
  "method",
  "order_display_id",
  "order_id",
  "customer_name",
  "customer_email",
  "currency",
  "amount",
  "surcharge",
  "total",
  "created_at",
  "settled_at",
] as const

/** The rows as CSV, a header line first, CRLF line ends; amounts as decimals, dates as ISO 8601. */
export function transactionsCsv(rows: readonly TransactionListRow[]): string {
  const lines = [TRANSACTION_CSV_COLUMNS.join(",")]
  for (const row of rows) {
    const cells: Array<string | number | null> = [
      row.id,
      row.kind,
      row.state,
      row.status.label,
      row.method,
      row.order?.display_id ?? null,
      row.order?.id ?? null,
      row.customer?.name ?? null,
      row.customer?.email ?? null,
      row.currency_code.toUpperCase(),
      decimalAmount(row.amount, row.currency_code),
      row.surcharge === null ? null : decimalAmount(row.surcharge, row.currency_code),
      row.total === null ? null : decimalAmount(row.total, row.currency_code),
      row.created_at,
      row.settled_at,
    ]
    // Amounts are numbers of ours, never neutralised: only text from people is.
    lines.push(cells.map((cell, index) => (isAmountColumn(index) ? cell ?? "" : csvCell(cell))).join(","))
  }
  return `${lines.join("\r\n")}\r\n`
}

const AMOUNT_COLUMNS = new Set<string>(["amount", "surcharge", "total"])
const isAmountColumn = (index: number) => AMOUNT_COLUMNS.has(TRANSACTION_CSV_COLUMNS[index])

/** The export's file name: `jetpay-transactions-2026-12-07.csv`. */
export function transactionsCsvFilename(now: Date): string {
  return `jetpay-transactions-${now.toISOString().slice(0, 10)}.csv`
}

