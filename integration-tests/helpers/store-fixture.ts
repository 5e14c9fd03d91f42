import type { MedusaContainer } from "@medusajs/framework/types"
import {
  createApiKeysWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/core-flows"

/** The provider's id in the test store: `pp_jetpay_jetpay`, or the id a merchant-store test chose (merchant-store.ts). */
export const JETPAY_PROVIDER_ID = `pp_jetpay_${process.env.JETPAY_TEST_PROVIDER_ID || "jetpay"}`

export type StoreFixture = {
  publishableKey: string
  regionId: string
  variantId: string
  /** Unit price of the variant, in dollars. */
  unitPrice: number
}

/**
 * A Canadian store with Jetpay: a sales channel, a publishable key, a CAD region
 * whose payment provider is Jetpay, and one product that needs no shipping.
 */
export async function createJetpayStore(container: MedusaContainer, unitPrice = 49.99): Promise<StoreFixture> {
  const { result: [channel] } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Web" }] },
  })
  const { result: [key] } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Storefront", type: "publishable", created_by: "tests" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: key.id, add: [channel.id] },
  })
  const { result: [region] } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        { name: "Canada", currency_code: "cad", countries: ["ca"], payment_providers: [JETPAY_PROVIDER_ID] },
      ],
    },
  })
  const { result: [product] } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: "Maple syrup",
          status: "published",
          options: [{ title: "Size", values: ["1 L"] }],
          variants: [
            {
              title: "1 L",
              options: { Size: "1 L" },
              manage_inventory: false,
              prices: [{ amount: unitPrice, currency_code: "cad" }],
            },
          ],
          sales_channels: [{ id: channel.id }],
        },
      ],
    },
  })
  return { publishableKey: key.token, regionId: region.id, variantId: product.variants[0].id, unitPrice }
}
