#!/usr/bin/env node
// `npm run check:package`: what a merchant does, start to finish, from the packed tarballs.
// Packs the plugin and the sandbox package (the workspace medusa-payment-jetpay-sandbox),
// checks that the plugin's tarball holds no sandbox, installs both into a new, empty Medusa
// 2.21 store configured as the README says, starts `npx medusa-payment-jetpay-sandbox` from
// the installed sandbox package, seeds a Canadian region with Jetpay, and checks out as a
// guest: the order must hold an authorized Jetpay payment. The storefront kit
// (medusa-payment-jetpay/storefront) must resolve from the installed tarball as an ES module
// and as CommonJS, with its types, and drives that checkout: it starts the payment and
// watches the status route until the order. Needs the npm registry and a PostgreSQL (DB_* as
// for npm test). Slow (a store install), so it is not part of `npm test`.
import { execFileSync, spawn } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from "node:fs"
import { createRequire } from "node:module"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import pg from "pg"
import { freePort } from "./postgres.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const work = mkdtempSync(path.join(os.tmpdir(), "jetpay-store-"))
const store = path.join(work, "store")
const db = {
  host: process.env.DB_HOST || "localhost",
  port: Number(process.env.DB_PORT || 5432),
  user: process.env.DB_USERNAME || "postgres",
  password: process.env.DB_PASSWORD || "",
}
const dbName = `jetpay_package_check_${process.pid}`
const children = []

const step = (text) => console.log(`\n== ${text}`)
const run = (cmd, args, cwd, env = {}) =>
  execFileSync(cmd, args, { cwd, stdio: "inherit", env: { ...process.env, ...env } })

try {
  step("npm pack: the plugin, and the sandbox package")
  run("npm", ["pack", "--pack-destination", work], root)
  const tarball = readdirSync(work).find((name) => name.endsWith(".tgz"))
  run("npm", ["pack", "--workspace", "medusa-payment-jetpay-sandbox", "--pack-destination", work], root)
  const sandboxTarball = readdirSync(work).find((name) => name.endsWith(".tgz") && name !== tarball)
  if (!sandboxTarball) throw new Error("npm pack --workspace medusa-payment-jetpay-sandbox made no tarball")
  const shipped = execFileSync("tar", ["-tzf", path.join(work, tarball)], { encoding: "utf8" }).split("\n").filter(Boolean)
  const strays = shipped.filter((file) => /^package\/(dist|sandbox)\//.test(file))
  if (strays.length) throw new Error(`the plugin's tarball ships sandbox files: ${strays.slice(0, 5).join(", ")}`)
  const kitFiles = ["esm/index.js", "esm/index.d.ts", "esm/package.json", "cjs/index.js", "cjs/index.d.ts", "cjs/package.json"].map(
    (file) => `package/.medusa/storefront/${file}`
  )
  const kitMissing = kitFiles.filter((file) => !shipped.includes(file))
  if (kitMissing.length) throw new Error(`the plugin's tarball lacks the storefront kit: ${kitMissing.join(", ")}`)
  if (shipped.some((file) => file.startsWith("package/.medusa/server/src/storefront/"))) {
    throw new Error("the plugin's tarball ships the storefront kit inside the server build")
  }
  console.log(`${tarball}: ${shipped.length} files, no sandbox, the storefront kit in .medusa/storefront; ${sandboxTarball} beside it`)

  step("a new Medusa store with the plugin, configured as the README says")
  const sandboxPort = await freePort()
  const storePort = await freePort()
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`
  execFileSync("mkdir", ["-p", store])
  writeFileSync(
    path.join(store, "package.json"),
    JSON.stringify(
      {
        name: "jetpay-check-store",
        private: true,
        dependencies: {
          "@medusajs/admin-sdk": "2.21.2",
          "@medusajs/cli": "2.21.2",
          "@medusajs/framework": "2.21.2",
          "@medusajs/medusa": "2.21.2",
          "medusa-payment-jetpay": `file:../${tarball}`,
        },
        // What a new Medusa store (create-medusa-app) has for loading TypeScript, and the sandbox
        // as a merchant would add it (published: `npx medusa-payment-jetpay-sandbox` fetches it).
        devDependencies: {
          "@swc/core": "^1.7.28",
          "ts-node": "^10.9.2",
          typescript: "^5.6.3",
          "medusa-payment-jetpay-sandbox": `file:../${sandboxTarball}`,
          // What a storefront importing medusa-payment-jetpay/storefront compiles against: the
          // versions Medusa's Next.js starter (dtc-starter) pins.
          "@types/react": "19.0.5",
          "@medusajs/js-sdk": "2.18.0",
          "@medusajs/types": "2.18.0",
        },
      },
      null,
      2
    )
  )
  const databaseUrl = `postgres://${db.user}${db.password ? `:${db.password}` : ""}@${db.host}:${db.port}/${dbName}`
  writeFileSync(
    path.join(store, "medusa-config.js"),
    `const { defineConfig } = require("@medusajs/framework/utils")
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: { storeCors: "*", adminCors: "*", authCors: "*", jwtSecret: "check", cookieSecret: "check" },
  },
  admin: { disable: true },
  plugins: [{ resolve: "medusa-payment-jetpay", options: {} }],
  modules: [
    {
      resolve: "@medusajs/medusa/payment",
      dependencies: ["jetpay"],
      options: {
        providers: [
          {
            resolve: "medusa-payment-jetpay/providers/jetpay",
            id: "jetpay",
            options: {
              apiKey: process.env.JETPAY_API_KEY,
              bankAccountId: process.env.JETPAY_BANK_ACCOUNT_ID,
              baseUrl: process.env.JETPAY_BASE_URL,
            },
          },
        ],
      },
    },
  ],
})
`
  )
  writeFileSync(
    path.join(store, "seed.js"),
    `const { createApiKeysWorkflow, createProductsWorkflow, createRegionsWorkflow, createSalesChannelsWorkflow, linkSalesChannelsToApiKeyWorkflow } = require("@medusajs/medusa/core-flows")
exports.default = async function seed({ container }) {
  const { result: [channel] } = await createSalesChannelsWorkflow(container).run({ input: { salesChannelsData: [{ name: "Web" }] } })
  const { result: [key] } = await createApiKeysWorkflow(container).run({ input: { api_keys: [{ title: "Web", type: "publishable", created_by: "check" }] } })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [channel.id] } })
  const { result: [region] } = await createRegionsWorkflow(container).run({ input: { regions: [{ name: "Canada", currency_code: "cad", countries: ["ca"], payment_providers: ["pp_jetpay_jetpay"] }] } })
  const { result: [product] } = await createProductsWorkflow(container).run({ input: { products: [{ title: "Maple syrup", status: "published", options: [{ title: "Size", values: ["1 L"] }], variants: [{ title: "1 L", options: { Size: "1 L" }, manage_inventory: false, prices: [{ amount: 25, currency_code: "cad" }] }], sales_channels: [{ id: channel.id }] }] } })
  require("fs").writeFileSync("seeded.json", JSON.stringify({ key: key.token, region: region.id, variant: product.variants[0].id }))
}
`
  )
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], store)

  step("medusa-payment-jetpay/storefront from the tarball: import, require, and their types")
  const kitCheck = (via) => `const names = Object.keys(kit).filter((n) => kit[n] !== undefined && n !== "default");
for (const name of ["startJetpayPayment", "watchJetpayOrder", "pickJetpayLanguage", "isJetpayProvider", "jetpayPaymentInfo", "JetpayPayButton", "JetpayReturn", "useJetpayCartStatus"])
  if (typeof kit[name] !== "function") throw new Error("${via}: no " + name);
console.log("${via}: " + names.length + " exports from " + where)`
  run("node", ["--input-type=module", "-e", `const kit = await import("medusa-payment-jetpay/storefront"); const where = import.meta.resolve("medusa-payment-jetpay/storefront"); if (!where.endsWith("/.medusa/storefront/esm/index.js")) throw new Error("import resolved to " + where);\n${kitCheck("import")}`], store)
  run("node", ["-e", `const kit = require("medusa-payment-jetpay/storefront"); const where = require.resolve("medusa-payment-jetpay/storefront"); if (!where.endsWith("/.medusa/storefront/cjs/index.js")) throw new Error("require resolved to " + where);\n${kitCheck("require")}`], store)
  // A storefront's uses: a js-sdk client as the store, the Store API's cart as the button's cart, the
  // starter's placeOrder server action as onOrder, the payment method entry in its paymentInfoMap.
  // (js-sdk's own types load only under bundler resolution, Next.js's, so the sdk is tried there.)
  const typesUse = (sdk) => `${sdk ? 'import Medusa from "@medusajs/js-sdk"\n' : ""}import type React from "react"
import type { HttpTypes } from "@medusajs/types"
import { jetpayPaymentInfo, JetpayPayButton, pickJetpayLanguage, startJetpayPayment, type JetpayCheckout, type JetpayLanguage, type JetpayPayButtonProps } from "medusa-payment-jetpay/storefront"
declare const cart: HttpTypes.StoreCart
declare function placeOrder(cartId?: string): Promise<HttpTypes.StoreCart>
export const started: Promise<JetpayCheckout> = startJetpayPayment(${sdk ? '{ sdk: new Medusa({ baseUrl: "https://api.example.com", publishableKey: "pk" }) }' : '{ baseUrl: "https://api.example.com", publishableKey: "pk" }'}, cart)
export const language: JetpayLanguage = pickJetpayLanguage({ acceptLanguage: "fr-CA" })
export const props: JetpayPayButtonProps = { store: { baseUrl: "https://api.example.com", publishableKey: "pk" }, cart, onOrder: placeOrder.bind(null, cart.id) }
export const button = JetpayPayButton
export const paymentInfoMap: Record<string, { title: string; icon: React.JSX.Element }> = { ...jetpayPaymentInfo() }
`
  writeFileSync(path.join(store, "kit-esm.mts"), typesUse(false))
  writeFileSync(path.join(store, "kit-cjs.cts"), typesUse(false))
  writeFileSync(path.join(store, "kit-bundler.ts"), typesUse(true))
  const tsc = ["tsc", "--noEmit", "--strict", "--skipLibCheck", "--target", "es2022", "--lib", "es2022,dom", "--jsx", "react-jsx", "--types", "react"]
  run("npx", [...tsc, "--module", "node16", "--moduleResolution", "node16", "kit-esm.mts", "kit-cjs.cts"], store)
  run("npx", [...tsc, "--module", "esnext", "--moduleResolution", "bundler", "kit-bundler.ts"], store)
  console.log("types: node16 (ESM and CommonJS) and bundler resolution compile")

  const env = {
    DATABASE_URL: databaseUrl,
    JETPAY_API_KEY: "check-token",
    JETPAY_BANK_ACCOUNT_ID: "6d9f2c1e-0000-4000-8000-000000000099",
    JETPAY_BASE_URL: sandboxUrl,
    MEDUSA_DISABLE_TELEMETRY: "true",
    PORT: String(storePort),
    NODE_ENV: "development",
  }

  step("npx medusa-payment-jetpay-sandbox, from the installed sandbox package")
  children.push(
    await startAndWait("npx", ["medusa-payment-jetpay-sandbox", "--port", String(sandboxPort)], store, env, /listening on/)
  )

  step("database, migrations, seed")
  const admin = new pg.Client({ ...db, database: "postgres" })
  await admin.connect()
  await admin.query(`create database "${dbName}"`)
  await admin.end()
  run("npx", ["medusa", "db:migrate"], store, env)
  run("npx", ["medusa", "exec", "./seed.js"], store, env)
  const seeded = JSON.parse(execFileSync("cat", ["seeded.json"], { cwd: store, encoding: "utf8" }))

  step("medusa start")
  children.push(await startAndWait("npx", ["medusa", "start"], store, env, /Server is ready|ready on port/i, 180_000))
  const base = `http://localhost:${storePort}`
  const headers = { "content-type": "application/json", "x-publishable-api-key": seeded.key }
  const call = async (method, url, body) => {
    const response = await fetch(`${base}${url}`, { method, headers, body: body && JSON.stringify(body) })
    const json = await response.json()
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`)
    return json
  }

  step("a guest checks out with Jetpay, through the storefront kit")
  const kit = createRequire(path.join(store, "package.json"))("medusa-payment-jetpay/storefront")
  const kitStore = { baseUrl: base, publishableKey: seeded.key }
  const { cart } = await call("POST", "/store/carts", {
    region_id: seeded.region,
    email: "guest@example.com",
    shipping_address: { first_name: "Jo", last_name: "Guest", address_1: "1 Main St", city: "Toronto", province: "ON", postal_code: "M5V 1A1", country_code: "ca" },
    items: [{ variant_id: seeded.variant, quantity: 2 }],
  })
  const checkout = await kit.startJetpayPayment(kitStore, cart.id)
  console.log(`payment link: ${checkout.link} (amount ${checkout.amountCents} cents, surcharge ${checkout.surchargeCents})`)
  if (!checkout.link.startsWith(sandboxUrl)) throw new Error("the session's link is not the sandbox's")
  if (checkout.amountCents !== 5000) throw new Error(`expected 5000 cents, got ${checkout.amountCents}`)
  const again = await kit.startJetpayPayment(kitStore, cart.id)
  if (again.sessionId !== checkout.sessionId) throw new Error("a second start did not pick up the payable session")
  const before = await kit.getJetpayPaymentStatus(kitStore, cart.id)
  if (before.state !== "requested" || before.link !== checkout.link || before.order_id) throw new Error(`status before paying: ${JSON.stringify(before)}`)
  const paid = await fetch(`${sandboxUrl}/_sandbox/transactions/${checkout.transactionId}/pay`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    // By card: authorized at once (an EFT's payment awaits Jetpay's settlement, see eftAuthorizedOn).
    body: JSON.stringify({ method: "card" }),
  })
  if (!paid.ok) throw new Error(`sandbox pay: ${paid.status}`)
  const completed = await call("POST", `/store/carts/${cart.id}/complete`, {})
  if (completed.type !== "order") throw new Error(`cart not completed: ${JSON.stringify(completed)}`)
  const status = completed.order.payment_collections?.[0]?.status ?? completed.order.payment_status
  console.log(`order ${completed.order.id}: payment ${status}`)
  if (!/authorized/.test(String(status))) throw new Error(`expected an authorized payment, got ${status}`)
  const watched = await kit.watchJetpayOrder(kitStore, cart.id, { intervalMs: 500, timeoutMs: 30_000 })
  if (watched.outcome !== "order" || watched.orderId !== completed.order.id) throw new Error(`the kit's watch ended with ${JSON.stringify(watched)}`)
  console.log(`the kit watched the status route to order ${watched.orderId} (Jetpay state ${watched.status.state})`)
  console.log("\nPACKAGE CHECK PASSED: a fresh store installed the tarball and took an authorized Jetpay order, through the storefront kit.")
} catch (error) {
  console.error(`\nPACKAGE CHECK FAILED: ${error.message}`)
  process.exitCode = 1
} finally {
  // Each child leads a process group of its own: npx's shell and the node it started go too.
  for (const child of children) stopGroup(child, "SIGTERM")
  await Promise.all(children.map((child) => Promise.race([child.ended, new Promise((resolve) => setTimeout(resolve, 10_000))])))
  for (const child of children) stopGroup(child, "SIGKILL")
  const admin = new pg.Client({ ...db, database: "postgres" })
  await admin.connect().then(() => admin.query(`drop database if exists "${dbName}" with (force)`)).catch(() => {})
  await admin.end().catch(() => {})
  if (!process.env.KEEP_STORE) rmSync(work, { recursive: true, force: true })
  else console.log(`store kept in ${store}`)
}

function stopGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    // Already gone.
  }
}

function startAndWait(cmd, args, cwd, env, ready, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    // detached: a process group of its own, so that stopGroup ends npx and what it spawned.
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true })
    child.ended = new Promise((resolve) => child.once("close", resolve))
    let output = ""
    const timer = setTimeout(() => {
      stopGroup(child, "SIGKILL")
      reject(new Error(`${cmd} ${args.join(" ")} did not start:\n${output.slice(-3000)}`))
    }, timeoutMs)
    const onData = (chunk) => {
      output += chunk
      if (ready.test(output)) {
        clearTimeout(timer)
        resolve(child)
      }
    }
    child.stdout.on("data", onData)
    child.stderr.on("data", onData)
    child.on("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`${cmd} ${args.join(" ")} exited with ${code}:\n${output.slice(-3000)}`))
    })
  })
}
