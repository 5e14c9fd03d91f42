// The demo store's Medusa app (`npm run demo` starts it; see scripts/demo.mjs).
// It loads this repository as a store loads an installed plugin: `plugins` points at
// the repository root, whose package.json leads Medusa to the build in .medusa/server.
// Every value that changes between runs (ports, database) comes from the environment
// that scripts/demo-stack.mjs sets; the defaults only help `npx medusa ...` by hand.
import path from "node:path"
import { defineConfig } from "@medusajs/framework/utils"

const root = path.resolve(__dirname, "..")
const medusaUrl = process.env.DEMO_MEDUSA_URL ?? "http://localhost:9000"
const storefrontOrigins = process.env.DEMO_STOREFRONT_ORIGINS ?? "http://localhost:8000"

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    // No redisUrl: Medusa falls back to its in-memory event bus, cache, locking and
    // workflow engine, which is all one demo process needs.
    http: {
      // The storefront is a page on another port that calls the Store API directly.
      storeCors: storefrontOrigins,
      adminCors: medusaUrl,
      authCors: `${medusaUrl},${storefrontOrigins}`,
      jwtSecret: "jetpay-demo-not-secret",
      cookieSecret: "jetpay-demo-not-secret",
    },
    // `medusa start` runs in production mode, where the admin's session cookie is
    // Secure and so never set over the demo's plain http://localhost.
    cookieOptions: { secure: false, sameSite: "lax" },
  },
  admin: {
    // The storefront test skips the admin: its production build takes minutes.
    disable: process.env.DEMO_ADMIN === "off",
    path: "/app",
    // Baked into the admin build: "/" (same origin) keeps one build right on any port.
    backendUrl: "/",
  },
  plugins: [{ resolve: root, options: {} }],
  modules: [
    {
      // Payment requests from the admin are emailed through Medusa's Notification Module. The
      // local provider prints each email (to, template, link, amount, language) in the demo's log
      // (.demo-data/logs/medusa.log) instead of sending it.
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          { resolve: "@medusajs/medusa/notification-local", id: "local", options: { name: "Demo email log", channels: ["email"] } },
        ],
      },
    },
    {
      resolve: "@medusajs/medusa/payment",
      // The Jetpay provider records each debit in the plugin's data module.
      dependencies: ["jetpay"],
      options: {
        providers: [
          {
            resolve: path.join(root, ".medusa/server/src/providers/jetpay"),
            id: "jetpay",
            options: {
              apiKey: "demo-token",
              bankAccountId: "6d9f2c1e-0000-4000-8000-000000000001",
              baseUrl: process.env.JETPAY_BASE_URL ?? "http://127.0.0.1:4010",
              statement: "Jetpay demo store",
              // One `medusa start` process in production mode on Medusa's in-memory locks: without
              // this, the provider refuses to start (docs/options.md).
              singleProcess: true,
            },
          },
        ],
      },
    },
  ],
})
