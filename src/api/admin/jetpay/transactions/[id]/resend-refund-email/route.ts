import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { TransactionResponse } from "../../../../../../domain/admin-responses"
import { jetpayRecord, jetpayTransactionView } from "../../../../../../workflows/reconcile/admin-transactions"
import { sendJetpayRefundEmailWorkflow } from "../../../../../../workflows/refund-emails/send-refund-email"
import { idParamsSchema, parseOrThrow, type ResendRefundEmailBody } from "../../../validators"

/**
 * Emails an unclaimed refund's link to the customer again (in another language if asked),
 * one press at a time per credit. A refund the customer already claimed is refused (409) and
 * sends nothing. A failed sending is answered 200 with its error on the refund, as the admin shows it.
 */
export const POST = async (req: AuthenticatedMedusaRequest<ResendRefundEmailBody>, res: MedusaResponse<TransactionResponse>) => {
  const { id } = parseOrThrow(idParamsSchema, req.params, "transaction id")
  const record = await jetpayRecord(req.scope, id)
  if (record.kind !== "credit") {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Jetpay transaction ${id} is a payment (debit): only a refund's email can be resent here`)
  }
  try {
    await sendJetpayRefundEmailWorkflow(req.scope).run({
      input: { credit_id: record.id, mode: "resend", language: req.validatedBody?.language },
    })
  } catch (error) {
    // Medusa's error handler answers a conflict with a generic text; the merchant needs the reason.
    const { type, message } = error as { type?: string; message?: string }
    if (type === MedusaError.Types.CONFLICT && message) {
      res.status(409).json({ type, message } as never)
      return
    }
    throw error
  }
  res.json({ transaction: await jetpayTransactionView(req.scope, id) })
}
