import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { ILockingModule, IPaymentModuleService } from "@medusajs/framework/types"
import { Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import { getOrderDetailWorkflow } from "@medusajs/core-flows"
import { isJetpayProviderId } from "../../domain/provider-config"
import { readingJetpayNow } from "../../domain/recent-status"
import { TRANSACTION_LOCK, transactionLockKey } from "../../workflows/sync/apply-jetpay-transactions"

/** The order fields answered when the request named none (Medusa's route answers the order's detail). */
const DEFAULT_ORDER_FIELDS = ["id", "status", "payment_status", "*payment_collections", "*payment_collections.payment_sessions"]

/**
 * Medusa's admin "Check status" (`POST /admin/orders/:id/payment-sessions/authorize`) on a Jetpay
 * payment awaiting authorization runs under the lock of its Jetpay transaction, the one its syncs
 * (webhook, reconciliation) hold: a press and a sync never authorize the same payment at once.
 * A press that waited for a sync finds the payment where the sync left it: still awaiting, Medusa's
 * route reads Jetpay as usual; authorized, captured or canceled meanwhile, the press answers that
 * state as Medusa's route answers (`{ order, is_authorized }`) instead of Medusa refusing a
 * session that is no longer awaiting. Other providers' sessions pass through untouched.
 */
export async function checkStatusInTurn(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const sessionId = sessionIdOf(req)
  try {
    const jetpayId = sessionId ? jetpayDebitOf(await sessionNow(req, sessionId)) : null
    if (!sessionId || !jetpayId) return next()
    const locking = req.scope.resolve<ILockingModule>(Modules.LOCKING)
    await locking.execute(
      transactionLockKey(jetpayId),
      async () => {
        const session = await sessionNow(req, sessionId)
        if (!session || session.status === PaymentSessionStatus.PENDING_AUTHORIZATION) {
          // Held until Medusa's route has answered: a sync waiting for it sees what the press did.
          await new Promise<void>((resolve) => {
            res.once("finish", resolve)
            res.once("close", resolve)
            // The provider reads Jetpay now, not a status read a moment ago (recent-status.ts).
            readingJetpayNow(() => next())
          })
          return
        }
        await answerCurrentState(req, res, !!session.payment)
      },
      { ...TRANSACTION_LOCK }
    )
  } catch (error) {
    if (!res.headersSent) next(error)
  }
}

function sessionIdOf(req: MedusaRequest): string | undefined {
  const body = (req.validatedBody ?? req.body) as { payment_session_id?: unknown } | undefined
  return typeof body?.payment_session_id === "string" && body.payment_session_id ? body.payment_session_id : undefined
}

/** The Jetpay debit a session pays with (its data names it), or null for another provider's session. */
function jetpayDebitOf(session: { provider_id: string; data?: Record<string, unknown> | null } | undefined): string | null {
  if (!session || !isJetpayProviderId(session.provider_id)) return null
  const id = session.data?.jetpay_transaction_id
  return typeof id === "string" && id ? id : null
}

async function sessionNow(req: MedusaRequest, sessionId: string) {
  const payments = req.scope.resolve<IPaymentModuleService>(Modules.PAYMENT)
  const [session] = await payments.listPaymentSessions({ id: sessionId }, { relations: ["payment"], take: 1 })
  return session
}

/** What Medusa's route answers, for a payment a sync authorized (or ended) while the press waited. */
async function answerCurrentState(req: MedusaRequest, res: MedusaResponse, authorized: boolean) {
  const fields = (req as MedusaRequest & { queryConfig?: { fields?: string[] } }).queryConfig?.fields
  const { result: order } = await getOrderDetailWorkflow(req.scope).run({
    input: { order_id: req.params.id, fields: fields?.length ? fields : DEFAULT_ORDER_FIELDS },
  })
  res.status(200).json({ order, is_authorized: authorized })
}
