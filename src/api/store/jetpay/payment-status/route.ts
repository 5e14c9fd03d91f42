import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { PaymentStatusQuery } from "./validators"
import { normalizeTransactionState } from "../../../../jetpay-api"
import { orderOfCart } from "../../../../workflows/sync/cart-links"
import { jetpayServices } from "../../../../providers/jetpay/jetpay-services"
import { createThrottledStatusReader } from "../../../../domain/throttled-status"
import { JETPAY_MODULE } from "../../../../modules/jetpay"
import type JetpayModuleService from "../../../../modules/jetpay/service"
import { furthestState } from "../../../../domain/payment-facts"
import { isJetpayProviderId } from "../../../../domain/provider-config"


type CartView = {
  id: string
  payment_collection?: {
    payment_sessions?: Array<{
      id: string
      provider_id: string
      status: string
      created_at: string | Date
      data: Record<string, unknown> | null
    }>
  } | null
}

// One reader per process: polling storefronts share its reads of Jetpay.
let readStatus: ReturnType<typeof createThrottledStatusReader> | undefined

/**
 * What a storefront shows while the shopper pays and after they return: Jetpay's
 * state, the Medusa session status, the link while the debit can still be paid, and
 * the order once it exists. Nothing personal. Any visitor with the cart id may ask,
 * as for the cart itself.
 */
export const GET = async (req: MedusaRequest<unknown, PaymentStatusQuery>, res: MedusaResponse) => {
  const { cart_id } = req.validatedQuery
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: carts } = await query.graph({
    entity: "cart",
    fields: [
      "id",
      "payment_collection.payment_sessions.id",
      "payment_collection.payment_sessions.provider_id",
      "payment_collection.payment_sessions.status",
      "payment_collection.payment_sessions.created_at",
      "payment_collection.payment_sessions.data",
    ],
    filters: { id: cart_id },
  })
  const cart = carts[0] as CartView | undefined
  if (!cart) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart ${cart_id} was not found`)

  const session = (cart.payment_collection?.payment_sessions ?? [])
    .filter((candidate) => isJetpayProviderId(candidate.provider_id))
    .sort((a, b) => new Date(b.created_at).getTime() - new Date(a.created_at).getTime())[0]
  const transactionId = session?.data?.jetpay_transaction_id
  if (!session || typeof transactionId !== "string") {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart ${cart.id} has no Jetpay payment`)
  }

  const { client, options } = jetpayServices(req.scope)
  readStatus ??= createThrottledStatusReader((id) => client.getTransactionStatus(id), { maxAgeMs: options.timings.statusCacheMs })
  const jetpay = req.scope.resolve<JetpayModuleService>(JETPAY_MODULE)
  const [orderId, [record]] = await Promise.all([
    orderOfCart(req.scope, cart.id),
    jetpay.listJetpayTransactions({ jetpay_id: transactionId }, { take: 1 }),
  ])
  const live = await liveState(transactionId, orderId !== null || session.status !== "pending")
  if (live === undefined && !record) {
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "Jetpay cannot be reached right now; try again in a moment")
  }
  // Jetpay unreachable (or no longer knowing the debit): what the store last recorded.
  const current = live === undefined ? record!.state : record ? furthestState(live, record.state) : live
  const state = normalizeTransactionState(current)
  const payable = state.known && state.state === "requested" && !orderId

  res.json({
    state: current,
    session_status: session.status,
    link: payable && typeof session.data?.link === "string" ? session.data.link : null,
    order_id: orderId,
  })
}

/**
 * The live state, read at most every few seconds. A cached "not paid yet" beside an
 * order or an authorized session is out of date, and is read again once.
 * Undefined when Jetpay cannot answer.
 */
async function liveState(transactionId: string, paidSince: boolean): Promise<string | undefined> {
  try {
    const cached = await readStatus!(transactionId)
    if (cached.state === "requested" && paidSince) return (await readStatus!(transactionId, { fresh: true })).state
    return cached.state
  } catch {
    return undefined
  }
}
