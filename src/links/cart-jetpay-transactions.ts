import CartModule from "@medusajs/medusa/cart"
import { defineLink } from "@medusajs/framework/utils"
import JetpayModule from "../modules/jetpay"

/** `cart.jetpay_transactions`: the Jetpay debits made for a cart (one per amount it had). Read-only. */
export default defineLink(
  { linkable: CartModule.linkable.cart, field: "id", isList: true },
  { ...JetpayModule.linkable.jetpayTransaction.id, primaryKey: "cart_id" },
  { readOnly: true }
)
