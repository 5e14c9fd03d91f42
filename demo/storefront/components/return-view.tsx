"use client"

import { JetpayReturn } from "medusa-payment-jetpay/storefront"
import { useRouter } from "next/navigation"
import { useCallback } from "react"
import { jetpayLanguageOf, type Locale } from "@/lib/locales"
import { useCart } from "./cart-provider"
import { useStore } from "./store-provider"

/** The kit's return view: it watches the cart's payment and, once the order exists, the shop shows it. */
export function ReturnView(props: { locale: Locale; cartId: string }) {
  const { locale, cartId } = props
  const { jetpay } = useStore()
  const { finish } = useCart()
  const router = useRouter()
  const orderHref = useCallback((orderId: string) => `/${locale}/order/${orderId}`, [locale])
  const onOrder = useCallback(
    (orderId: string) => {
      finish(cartId)
      router.replace(orderHref(orderId))
    },
    [cartId, finish, router, orderHref]
  )
  return <JetpayReturn store={jetpay} cartId={cartId} lang={jetpayLanguageOf(locale)} onOrder={onOrder} orderHref={orderHref} className="jetpay-return" />
}
