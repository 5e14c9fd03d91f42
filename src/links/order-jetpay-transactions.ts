import OrderModule from "@medusajs/medusa/order"
import { defineLink } from "@medusajs/framework/utils"
import JetpayModule from "../modules/jetpay"

/**
 * `order.jetpay_transactions`: every Jetpay debit and credit of an order, for a store's own code:
 * `query.graph({ entity: "order", fields: ["id", "jetpay_transactions.*"] })`. Read-only.
 */
export default defineLink(
  { linkable: OrderModule.linkable.order, field: "id", isList: true },
  { ...JetpayModule.linkable.jetpayTransaction.id, primaryKey: "order_id" },
  { readOnly: true }
)
