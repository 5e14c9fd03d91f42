import PaymentModule from "@medusajs/medusa/payment"
import { defineLink } from "@medusajs/framework/utils"
import JetpayModule from "../modules/jetpay"

/** `payment_session.jetpay_transactions`: the Jetpay debits of a payment session. Read-only. */
export default defineLink(
  { linkable: PaymentModule.linkable.paymentSession, field: "id", isList: true },
  { ...JetpayModule.linkable.jetpayTransaction.id, primaryKey: "payment_session_id" },
  { readOnly: true }
)
