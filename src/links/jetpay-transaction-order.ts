import OrderModule from "@medusajs/medusa/order"
import { defineLink } from "@medusajs/framework/utils"
import JetpayModule from "../modules/jetpay"

/**
 * `jetpay_transaction.order`: the order a Jetpay debit paid for, or a credit refunded. Read-only:
 * the transaction holds the order's id; no link table.
 */
export default defineLink(
  { linkable: JetpayModule.linkable.jetpayTransaction, field: "order_id" },
  OrderModule.linkable.order,
  { readOnly: true }
)
