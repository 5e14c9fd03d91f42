"use client"

import type { HttpTypes } from "@medusajs/types"
import { getJetpayPaymentStatus, jetpaySessionOf, JetpayStoreError } from "medusa-payment-jetpay/storefront"
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react"
import { CART_FIELDS, copyCart, isStuckCart, rememberedCart } from "@/lib/cart"
import { useStore } from "./store-provider"

type Cart = HttpTypes.StoreCart

export type CartState = {
  /** The cart being filled; null before the first product (or while it loads). */
  cart: Cart | null
  loaded: boolean
  /** The last cart this browser paid for with Jetpay that is an order now: the shop links to it. */
  paidCartId: string | null
  /** A change to the cart; a cart Medusa can no longer change is copied first (see isStuckCart). */
  change: (work: (cartId: string, cart: Cart) => Promise<unknown>) => Promise<void>
  addVariant: (variantId: string) => Promise<void>
  /** Reads the cart again (its Jetpay session once a payment started). */
  reload: () => Promise<void>
  /** The order exists: the next product starts a new cart. */
  finish: (cartId: string) => void
}

const CartContext = createContext<CartState | null>(null)
const PAID_KEY = "jetpay-demo.paid-cart-id"

export function CartProvider(props: { children: ReactNode }) {
  const { sdk, jetpay, regionId } = useStore()
  const [cart, setCart] = useState<Cart | null>(null)
  const [loaded, setLoaded] = useState(false)
  const [paidCartId, setPaidCartId] = useState<string | null>(null)

  const refresh = useCallback(
    async (id: string) => {
      const { cart: fresh } = await sdk.store.cart.retrieve(id, { fields: CART_FIELDS })
      setCart(fresh)
      return fresh
    },
    [sdk]
  )

  const finish = useCallback((cartId: string) => {
    rememberedCart.forget(cartId)
    localStorage.setItem(PAID_KEY, cartId)
    setPaidCartId(cartId)
    setCart((current) => (current?.id === cartId ? null : current))
  }, [])

  // The remembered cart, unless it became an order or no longer exists.
  useEffect(() => {
    let stop = false
    setPaidCartId(localStorage.getItem(PAID_KEY))
    const id = rememberedCart.id()
    if (!id) {
      setLoaded(true)
      return
    }
    ;(async () => {
      try {
        let current = (await sdk.store.cart.retrieve(id, { fields: CART_FIELDS })).cart
        if (current.completed_at) {
          if (!stop) finish(current.id)
          return
        }
        // A Jetpay payment the store cannot read any more (the demo restarted its sandbox): a new cart.
        if (jetpaySessionOf(current)) {
          try {
            await getJetpayPaymentStatus(jetpay, current.id)
          } catch (error) {
            if (!(error instanceof JetpayStoreError) || error.status >= 500) current = await copyCart(sdk, current)
          }
        }
        if (!stop) setCart(current)
      } catch {
        rememberedCart.forget(id)
      } finally {
        if (!stop) setLoaded(true)
      }
    })()
    return () => {
      stop = true
    }
  }, [sdk, jetpay, finish])

  const change = useCallback(
    async (work: (cartId: string, cart: Cart) => Promise<unknown>) => {
      if (!cart) return
      try {
        await work(cart.id, cart)
        await refresh(cart.id)
      } catch (error) {
        if (!isStuckCart(error)) throw error
        const copy = await copyCart(sdk, cart)
        // The copy's lines have new ids: the work finds its line by its variant.
        await work(copy.id, copy)
        await refresh(copy.id)
      }
    },
    [cart, sdk, refresh]
  )

  const addVariant = useCallback(
    async (variantId: string) => {
      if (cart) return change((cartId) => sdk.store.cart.createLineItem(cartId, { variant_id: variantId, quantity: 1 }))
      const { cart: created } = await sdk.store.cart.create({ region_id: regionId, items: [{ variant_id: variantId, quantity: 1 }] })
      rememberedCart.set(created.id)
      await refresh(created.id)
    },
    [cart, change, sdk, regionId, refresh]
  )

  const reload = useCallback(async () => {
    if (cart) await refresh(cart.id)
  }, [cart, refresh])

  return (
    <CartContext.Provider value={{ cart, loaded, paidCartId, change, addVariant, reload, finish }}>{props.children}</CartContext.Provider>
  )
}

export function useCart(): CartState {
  const state = useContext(CartContext)
  if (!state) throw new Error("useCart outside CartProvider")
  return state
}

/** The header's "Cart (n)". */
export function CartCount() {
  const { cart } = useCart()
  return <span id="cart-count">{(cart?.items ?? []).reduce((sum, item) => sum + item.quantity, 0)}</span>
}
