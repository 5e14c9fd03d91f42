import PaymentModule from "@medusajs/medusa/payment"
import { defineLink } from "@medusajs/framework/utils"
import JetpayModule from "../modules/jetpay"

/** `jetpay_transaction.payment_session`: the Medusa payment session a Jetpay debit belongs to. Read-only. */
export default defineLink(
  { linkable: JetpayModule.linkable.jetpayTransaction, field: "payment_session_id" },
  PaymentModule.linkable.paymentSession,
  { readOnly: true }
)
