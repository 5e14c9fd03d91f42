import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { transactionsCsv, transactionsCsvFilename } from "../../../../../domain/transaction-list"
import { EXPORT_ROW_LIMIT, exportTransactionRows } from "../../../../../workflows/reconcile/admin-transactions"
import type { TransactionExportQuery } from "../../validators"

/**
 * The transactions list's rows under the same filters, as a CSV file (docs/admin-api.md lists
 * its columns): amounts as decimals, dates in ISO 8601, text that a spreadsheet would run as a
 * formula neutralised. UTF-8 with a byte-order mark, so spreadsheets read accents right.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, TransactionExportQuery>, res: MedusaResponse) => {
  const { rows, count } = await exportTransactionRows(req.scope, req.validatedQuery as TransactionExportQuery)
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="${transactionsCsvFilename(new Date())}"`)
  res.setHeader("Cache-Control", "no-store")
  // More rows match than one export holds: the header says how many, the file has the newest.
  res.setHeader("X-Jetpay-Matching-Rows", String(count))
  if (count > EXPORT_ROW_LIMIT) res.setHeader("X-Jetpay-Truncated", String(EXPORT_ROW_LIMIT))
  res.send(`\uFEFF${transactionsCsv(rows)}`)
}
