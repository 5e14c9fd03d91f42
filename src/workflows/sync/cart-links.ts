import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/** The cart a payment collection pays for, through Medusa's cart–payment-collection link. */
export async function cartOfCollection(container: MedusaContainer, paymentCollectionId: string): Promise<string | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart_payment_collection",
    fields: ["cart_id"],
    filters: { payment_collection_id: paymentCollectionId },
  })
  return (data[0] as { cart_id?: string } | undefined)?.cart_id ?? null
}

/** The order made from a cart, once it exists. */
export async function orderOfCart(container: MedusaContainer, cartId: string | null): Promise<string | null> {
  if (!cartId) return null
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
  return (data[0] as { order_id?: string } | undefined)?.order_id ?? null
}
