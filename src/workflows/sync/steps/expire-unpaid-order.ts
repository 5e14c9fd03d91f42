import { cancelOrderWorkflow } from "@medusajs/core-flows"
import type { IOrderModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, OrderStatus } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { readRequestDetails } from "../../../domain/payment-request-view"
import { JETPAY_MODULE } from "../../../modules/jetpay"
import type JetpayModuleService from "../../../modules/jetpay/service"
import { cancelDebit } from "../../../providers/jetpay/cancel-debit"
import { jetpayServices } from "../../../providers/jetpay/jetpay-services"
import type { JetpaySnapshot } from "./read-jetpay-transaction"

/**
 * `orderBeforePayment`: an order made before its payment, still unpaid past its expiry. The
 * debit is cancelled at Jetpay first, so its emailed link can no longer pay for an order about
 * to be canceled; once the payer has paid, Jetpay refuses and this step fails with that reason,
 * and the next sync authorizes the order instead. Then the order is canceled through Medusa's
 * own workflow (reservations released, `order.canceled` emitted), and its payment request is
 * closed as expired (the admin lists it canceled, without its link). The workflow's next steps
 * cancel the awaiting payment session and record the debit as cancelled (sync-plan.ts).
 */
export const expireUnpaidOrderStep = createStep(
  "expire-unpaid-jetpay-order",
  async (snapshot: JetpaySnapshot, { container }) => {
    if (!snapshot.plan.expireUnpaidOrder || !snapshot.orderId || !snapshot.record) return new StepResponse(undefined)
    const { client } = jetpayServices(container)
    // Already over (an earlier run cancelled it and stopped before the order) is fine.
    await cancelDebit(client, snapshot.jetpayId)
    const order = await container.resolve<IOrderModuleService>(Modules.ORDER).retrieveOrder(snapshot.orderId, { select: ["id", "status"] })
    if (order.status !== OrderStatus.CANCELED) await cancelOrderWorkflow(container).run({ input: { order_id: snapshot.orderId } })
    await closeExpiredRequest(container, snapshot.record.id)
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .info(`[jetpay] canceled order ${snapshot.orderId}: made before its payment, still unpaid at its expiry; Jetpay payment ${snapshot.jetpayId} is cancelled`)
    return new StepResponse(undefined)
  }
)

async function closeExpiredRequest(container: MedusaContainer, recordId: string) {
  const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
  const [record] = await jetpay.listJetpayTransactions({ id: recordId }, { select: ["id", "request"], take: 1 })
  const details = readRequestDetails(record?.request)
  if (!record || !details || details.canceled_at) return
  await jetpay.updateJetpayTransactions({
    id: record.id,
    request: { ...details, canceled_at: new Date().toISOString(), canceled_by: null, cancel_reason: "expired" },
  })
}
