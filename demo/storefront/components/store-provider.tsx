"use client"

import type Medusa from "@medusajs/js-sdk"
import type { JetpayStore } from "medusa-payment-jetpay/storefront"
import { createContext, useContext, useMemo, type ReactNode } from "react"
import { storeClient } from "@/lib/medusa"

export type BrowserStore = {
  sdk: Medusa
  /** The kit's way to the Store API: the same js-sdk client. */
  jetpay: JetpayStore
  regionId: string
}

const StoreContext = createContext<BrowserStore | null>(null)

/** The Store API client of the shopper's browser; the server passes where Medusa is (it may change between starts). */
export function StoreProvider(props: { medusaUrl: string; publishableKey: string; regionId: string; children: ReactNode }) {
  const { medusaUrl, publishableKey, regionId } = props
  const value = useMemo(() => {
    const sdk = storeClient(medusaUrl, publishableKey)
    return { sdk, jetpay: { sdk }, regionId }
  }, [medusaUrl, publishableKey, regionId])
  return <StoreContext.Provider value={value}>{props.children}</StoreContext.Provider>
}

export function useStore(): BrowserStore {
  const store = useContext(StoreContext)
  if (!store) throw new Error("useStore outside StoreProvider")
  return store
}
