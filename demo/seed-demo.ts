// The demo store's data, made once and found again on every later start:
//   npx medusa exec ./seed-demo.ts <output.json> <store URL>
// (scripts/demo-stack.mjs runs it). Each piece is looked up by a stable name first and
// created only when missing, so a restart keeps the orders, and a merchant's edits in
// the admin survive. It ends by registering the store's webhook with the (new)
// Jetpay sandbox through the plugin's own script, as a store would.
import { writeFileSync } from "node:fs"
import path from "node:path"
import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createUsersWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  updateRegionsWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"

const JETPAY_PROVIDER_ID = "pp_jetpay_jetpay"
const KEY_TITLE = "Jetpay demo storefront"
const REGION_NAME = "Canada"
const STORE_NAME = "Northern Goods (Jetpay demo)"

/** No shipping profile: the goods need no shipping, so checkout is only the payment. */
const PRODUCTS = [
  { handle: "maple-syrup", title: "Maple syrup, 1 L", description: "Grade A amber, from a sugar shack in Beauce.", price: 24.99 },
  { handle: "wool-toque", title: "Wool toque", description: "Knit in Ontario from merino wool.", price: 34 },
  { handle: "canoe-paddle", title: "Canoe paddle", description: "Cherry wood, oiled, 150 cm.", price: 129 },
]

export default async function seedDemo({ container, args }: ExecArgs) {
  const [outputFile, storeUrl] = args ?? []
  if (!outputFile || !storeUrl) throw new Error("usage: medusa exec ./seed-demo.ts <output.json> <store URL>")
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)

  const salesChannelId = await ensureStore(container)
  const publishableKey = await ensurePublishableKey(container, salesChannelId)
  const regionId = await ensureRegion(container)
  const created = await ensureProducts(container, salesChannelId)
  const admin = await ensureAdminUser(container)

  // The plugin's own registration script, as a merchant runs it (README, "Webhooks").
  const { default: registerJetpayWebhook } = require(
    path.resolve(__dirname, "../.medusa/server/src/scripts/register-jetpay-webhook.js")
  ) as { default: (input: ExecArgs) => Promise<unknown> }
  await registerJetpayWebhook({ container, args: [storeUrl] })

  writeFileSync(outputFile, JSON.stringify({ publishableKey, regionId, admin }, null, 2))
  logger.info(
    `Demo data ready: region ${regionId}, ${PRODUCTS.length} products (${created} new), admin ${admin.email} (${admin.created ? "new" : "existing"})`
  )
}

/** The store Medusa made at its first start: CAD, a name, and its default sales channel. */
async function ensureStore(container: MedusaContainer): Promise<string> {
  const storeModule = container.resolve(Modules.STORE)
  const [store] = await storeModule.listStores({}, { relations: ["supported_currencies"] })
  const update: { name?: string; supported_currencies?: Array<{ currency_code: string; is_default: boolean }> } = {}
  // The admin shows amounts in the store's default currency: make it the region's.
  if (!store.supported_currencies?.some((currency) => currency.currency_code === "cad")) {
    update.supported_currencies = [{ currency_code: "cad", is_default: true }]
  }
  // Medusa's placeholder name only; a name set in the admin stays.
  if (store.name === "Medusa Store") update.name = STORE_NAME
  if (Object.keys(update).length) {
    await updateStoresWorkflow(container).run({ input: { selector: { id: store.id }, update } })
  }
  if (!store.default_sales_channel_id) throw new Error("Medusa created no default sales channel")
  return store.default_sales_channel_id
}

async function ensurePublishableKey(container: MedusaContainer, salesChannelId: string): Promise<string> {
  const apiKeys = container.resolve(Modules.API_KEY)
  const keys = await apiKeys.listApiKeys({ title: KEY_TITLE, type: "publishable" })
  const existing = keys.find((key) => !key.revoked_at)
  if (existing) return existing.token
  const { result: [key] } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: KEY_TITLE, type: "publishable", created_by: "demo" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [salesChannelId] } })
  return key.token
}

async function ensureRegion(container: MedusaContainer): Promise<string> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [region] } = await query.graph({
    entity: "region",
    fields: ["id", "payment_providers.id"],
    filters: { name: REGION_NAME, currency_code: "cad" },
  })
  if (!region) {
    const { result: [created] } = await createRegionsWorkflow(container).run({
      input: { regions: [{ name: REGION_NAME, currency_code: "cad", countries: ["ca"], payment_providers: [JETPAY_PROVIDER_ID] }] },
    })
    return created.id
  }
  const providers = (region.payment_providers ?? []).map((provider: { id: string }) => provider.id)
  if (!providers.includes(JETPAY_PROVIDER_ID)) {
    // Someone turned Jetpay off in the admin: the demo is about Jetpay, so turn it back on.
    await updateRegionsWorkflow(container).run({
      input: { selector: { id: region.id }, update: { payment_providers: [...providers, JETPAY_PROVIDER_ID] } },
    })
  }
  return region.id
}

async function ensureProducts(container: MedusaContainer, salesChannelId: string): Promise<number> {
  const productModule = container.resolve(Modules.PRODUCT)
  const existing = await productModule.listProducts({ handle: PRODUCTS.map((product) => product.handle) })
  const missing = PRODUCTS.filter((product) => !existing.some((found) => found.handle === product.handle))
  if (!missing.length) return 0
  await createProductsWorkflow(container).run({
    input: {
      products: missing.map((product) => ({
        title: product.title,
        handle: product.handle,
        description: product.description,
        status: "published" as const,
        options: [{ title: "Default", values: ["Default"] }],
        variants: [
          {
            title: "Default",
            options: { Default: "Default" },
            manage_inventory: false,
            prices: [{ amount: product.price, currency_code: "cad" }],
          },
        ],
        sales_channels: [{ id: salesChannelId }],
      })),
    },
  })
  return missing.length
}

/** What `npx medusa user -e ... -p ...` does, skipped when the user exists. */
async function ensureAdminUser(container: MedusaContainer) {
  const email = process.env.DEMO_ADMIN_EMAIL || "admin@jetpay-demo.test"
  const password = process.env.DEMO_ADMIN_PASSWORD || "jetpay-demo"
  const users = container.resolve(Modules.USER)
  const [existing] = await users.listUsers({ email })
  if (existing) return { email, password, created: false }
  const { result: [user] } = await createUsersWorkflow(container).run({ input: { users: [{ email }] } })
  const auth = container.resolve(Modules.AUTH)
  const { authIdentity, error } = await auth.register("emailpass", { body: { email, password } })
  if (error || !authIdentity) throw new Error(`could not create the admin login: ${error}`)
  await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: user.id } })
  return { email, password, created: true }
}
