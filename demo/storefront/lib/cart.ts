import type Medusa from "@medusajs/js-sdk"
import type { HttpTypes } from "@medusajs/types"

/** What the shop reads of a cart: its lines and address, and its payment sessions (the kit reads the Jetpay one). */
export const CART_FIELDS =
  "id,email,region_id,completed_at,currency_code,total,*items,*shipping_address,*payment_collection,*payment_collection.payment_sessions"

const CART_KEY = "jetpay-demo.cart-id"

/** The cart being filled, kept in this browser (the return page's address carries its id too). */
export const rememberedCart = {
  id: (): string | null => localStorage.getItem(CART_KEY),
  set: (id: string) => localStorage.setItem(CART_KEY, id),
  forget: (id?: string) => {
    if (!id || localStorage.getItem(CART_KEY) === id) localStorage.removeItem(CART_KEY)
  },
}

/**
 * Medusa drops a cart's payment sessions before it changes the cart, and stops when the provider
 * cannot drop one. A checkout started before the demo restarted is such a cart: the new (in-memory)
 * sandbox never heard of its Jetpay payment. The way out is a new cart with the same contents.
 */
export function isStuckCart(error: unknown): boolean {
  return /payment sessions?/i.test(error instanceof Error ? error.message : String(error))
}

const ADDRESS_FIELDS = ["first_name", "last_name", "company", "address_1", "address_2", "city", "province", "postal_code", "country_code", "phone"] as const

/** A new cart with the lines, email and address of `cart`; it becomes the remembered cart. */
export async function copyCart(sdk: Medusa, cart: HttpTypes.StoreCart): Promise<HttpTypes.StoreCart> {
  const source = cart.shipping_address
  const address = source
    ? Object.fromEntries(ADDRESS_FIELDS.filter((field) => source[field]).map((field) => [field, source[field]]))
    : undefined
  const { cart: copy } = await sdk.store.cart.create(
    {
      region_id: cart.region_id ?? undefined,
      ...(cart.email ? { email: cart.email } : {}),
      ...(address ? { shipping_address: address, billing_address: address } : {}),
      items: (cart.items ?? []).map((item) => ({ variant_id: item.variant_id!, quantity: item.quantity })),
    },
    { fields: CART_FIELDS }
  )
  rememberedCart.forget(cart.id)
  rememberedCart.set(copy.id)
  return copy
}
