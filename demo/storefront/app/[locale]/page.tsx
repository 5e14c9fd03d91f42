import type { HttpTypes } from "@medusajs/types"
import { Shop } from "@/components/shop"
import { demoConfig, serverMedusaUrl } from "@/lib/config"
import type { Locale } from "@/lib/locales"
import { storeClient } from "@/lib/medusa"

/** The shop: the region's products with their prices, read on the server; the cart lives in the browser. */
export default async function ShopPage(props: { params: Promise<{ locale: string }> }) {
  const { locale } = (await props.params) as { locale: Locale }
  const config = demoConfig()
  const sdk = storeClient(serverMedusaUrl(), config.publishableKey)
  const { products } = await sdk.store.product.list({
    region_id: config.regionId,
    fields: "id,title,handle,description,*variants.calculated_price",
    order: "title",
    limit: 50,
  } as HttpTypes.StoreProductListParams)
  return <Shop locale={locale} products={products} />
}
