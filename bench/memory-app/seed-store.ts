// `medusa exec ./seed-store.ts <output.json> <store URL>`: the memory bench's store, the same
// with and without the plugin: a sales channel, a publishable key, a CAD region (with Jetpay
// too when the plugin is on) and one product needing no shipping. With the plugin, it also
// registers the store's Jetpay webhook with the plugin's own script, as a merchant would.
import { writeFileSync } from "node:fs"
import path from "node:path"
import type { ExecArgs } from "@medusajs/framework/types"
import {
  createApiKeysWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/medusa/core-flows"

export default async function seedStore({ container, args }: ExecArgs) {
  const [outputFile, storeUrl] = args ?? []
  const withPlugin = process.env.BENCH_WITH_PLUGIN === "on"
  const { result: [channel] } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Web" }] },
  })
  const { result: [key] } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Storefront", type: "publishable", created_by: "memory-bench" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [channel.id] } })
  const providers = withPlugin ? ["pp_jetpay_jetpay", "pp_system_default"] : ["pp_system_default"]
  const { result: [region] } = await createRegionsWorkflow(container).run({
    input: { regions: [{ name: "Canada", currency_code: "cad", countries: ["ca"], payment_providers: providers }] },
  })
  const { result: [product] } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: "Maple syrup",
          status: "published",
          options: [{ title: "Size", values: ["1 L"] }],
          variants: [
            { title: "1 L", options: { Size: "1 L" }, manage_inventory: false, prices: [{ amount: 24.99, currency_code: "cad" }] },
          ],
          sales_channels: [{ id: channel.id }],
        },
      ],
    },
  })
  if (withPlugin) {
    const root = process.env.JETPAY_CLUSTER_PLUGIN_ROOT || path.resolve(__dirname, "../..")
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { default: registerJetpayWebhook } = require(path.join(root, ".medusa/server/src/scripts/register-jetpay-webhook.js"))
    await registerJetpayWebhook({ container, args: [storeUrl] })
  }
  writeFileSync(
    outputFile,
    JSON.stringify({ publishableKey: key.token, regionId: region.id, variantId: product.variants[0].id })
  )
}
