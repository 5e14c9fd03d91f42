import type { IPaymentModuleService, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { JETPAY_MODULE } from "../../modules/jetpay"
import type JetpayModuleService from "../../modules/jetpay/service"
import { toJetpayAmount } from "../../domain/money"
import { attentionItem, type AttentionItem, type AttentionRecord } from "../../domain/attention-items"
import { UNRECORDED_REFUND_LOOKBACK_MS, unrecordedCredits, type SettledCredit } from "../../domain/unrecorded-refunds"
import { jetpayServices } from "../../providers/jetpay/jetpay-services"

/** Each payment's Medusa refunds, in cents, as the payment module has them now. */
export async function medusaRefundCents(container: MedusaContainer, paymentIds: string[]): Promise<Map<string, number[]>> {
  const cents = new Map<string, number[]>()
  if (!paymentIds.length) return cents
  const payments = await container
    .resolve<IPaymentModuleService>(Modules.PAYMENT)
    .listPayments({ id: paymentIds }, { select: ["id", "currency_code"], relations: ["refunds"], take: null })
  for (const payment of payments) {
    cents.set(
      payment.id,
      (payment.refunds ?? []).map((refund) => toJetpayAmount(refund.raw_amount ?? refund.amount, payment.currency_code))
    )
  }
  return cents
}

/**
 * Needs attention's `refund_unrecorded` items: credits Jetpay made that no Medusa refund of their
 * payment accounts for once `unrecordedRefundGraceMs` is over (domain/unrecorded-refunds.ts), and
 * when the grace of one still unaccounted for ends.
 */
export async function unrecordedRefundItems(
  container: MedusaContainer,
  now: Date
): Promise<{ items: AttentionItem[]; recheckAt: Date | null }> {
  const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
  const credits = (await jetpay.settledCreditsOfRecentPayments(new Date(now.getTime() - UNRECORDED_REFUND_LOOKBACK_MS))) as Array<
    SettledCredit & AttentionRecord
  >
  if (!credits.length) return { items: [], recheckAt: null }
  const refunds = await medusaRefundCents(container, [...new Set(credits.map((credit) => credit.payment_id!))])
  const { unrecorded, recheckAt } = unrecordedCredits(
    credits,
    (paymentId) => refunds.get(paymentId) ?? [],
    now,
    jetpayServices(container).options.timings.unrecordedRefundGraceMs
  )
  return { items: unrecorded.map((credit) => attentionItem(credit, "refund_unrecorded")), recheckAt }
}
