import CartModule from "@medusajs/medusa/cart"
import { defineLink } from "@medusajs/framework/utils"
import JetpayModule from "../modules/jetpay"

/** `jetpay_transaction.cart`: the cart a Jetpay debit was made for. Read-only. */
export default defineLink(
  { linkable: JetpayModule.linkable.jetpayTransaction, field: "cart_id" },
  CartModule.linkable.cart,
  { readOnly: true }
)
