import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { TransactionListResponse } from "../../../../domain/admin-responses"
import { listTransactionRows } from "../../../../workflows/reconcile/admin-transactions"
import type { TransactionListQuery } from "../validators"

/**
 * Every Jetpay debit and credit this store recorded, newest first, a page at a time: each with
 * its order, customer, amounts (card surcharge and total) and settlement date. Filters by search
 * text, state, kind and creation dates (validated in middlewares.ts: a bad one is a 400).
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, TransactionListQuery>, res: MedusaResponse<TransactionListResponse>) => {
  const { limit, offset, ...filter } = req.validatedQuery as TransactionListQuery
  const { transactions, count } = await listTransactionRows(req.scope, filter, limit, offset)
  res.json({ transactions, count, limit, offset })
}
