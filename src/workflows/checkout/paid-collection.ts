import type { MedusaContainer } from "@medusajs/framework/types"
import { normalizeTransactionState } from "../../jetpay-api"
import { isJetpayProviderId } from "../../domain/provider-config"
import { JETPAY_MODULE } from "../../modules/jetpay"
import type JetpayModuleService from "../../modules/jetpay/service"
import { jetpayServices } from "../../providers/jetpay/jetpay-services"

export type CollectionSessions = {
  id: string
  payment_sessions?: Array<{ id: string; provider_id: string; data?: Record<string, unknown> | null } | null> | null
}

/** States in which the payer has paid (or is paying) the debit: its link is used. */
const PAID_STATES = new Set(["initiated", "paid", "completed"])

/**
 * The Jetpay transaction id of a debit of this collection (as read with its sessions' id,
 * provider and data) that the payer already paid, or null.
 * A new payment session would delete that session, which Jetpay refuses for a paid debit (Medusa
 * then answers 500); a storefront's second tab is told the cart is paid instead. Read from the
 * plugin's records, then from Jetpay for a debit not yet known to be paid; Jetpay unreachable
 * counts as not paid (Medusa's own flow then decides).
 */
export async function paidJetpayDebitOfCollection(
  container: MedusaContainer,
  collection: CollectionSessions | undefined
): Promise<string | null> {
  const transactionIds = (collection?.payment_sessions ?? []).flatMap((session) => {
    const id = session?.data?.jetpay_transaction_id
    return session && isJetpayProviderId(session.provider_id) && typeof id === "string" ? [id] : []
  })
  if (!transactionIds.length) return null
  const records = await container
    .resolve<JetpayModuleService>(JETPAY_MODULE)
    .listJetpayTransactions({ jetpay_id: transactionIds, kind: "debit" }, { take: null })
  const known = records.find((record) => record.authorized_at)
  if (known) return known.jetpay_id
  const { client } = jetpayServices(container)
  for (const id of transactionIds) {
    const status = await client.getTransactionStatus(id).catch(() => null)
    const state = status ? normalizeTransactionState(status.state) : null
    if (state?.known && PAID_STATES.has(state.state)) return id
  }
  return null
}
