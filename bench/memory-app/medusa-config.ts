// The store bench/memory.bench.ts starts with `medusa start`, once with the plugin
// (BENCH_WITH_PLUGIN=on: the plugin from this repository's build, the Jetpay provider) and
// once without it (Medusa's own pp_system_default only). Nothing else differs: one process
// (workerMode shared), Medusa's default in-memory event bus, workflow engine and locking.
import path from "node:path"
import { defineConfig } from "@medusajs/framework/utils"

const root = process.env.JETPAY_CLUSTER_PLUGIN_ROOT || path.resolve(__dirname, "../..")
const withPlugin = process.env.BENCH_WITH_PLUGIN === "on"

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: "*",
      adminCors: "*",
      authCors: "*",
      jwtSecret: "jetpay-memory-bench-not-secret",
      cookieSecret: "jetpay-memory-bench-not-secret",
    },
  },
  admin: { disable: true },
  plugins: withPlugin ? [{ resolve: root, options: {} }] : [],
  modules: withPlugin
    ? [
        {
          resolve: "@medusajs/medusa/payment",
          dependencies: ["jetpay"],
          options: {
            providers: [
              {
                resolve: path.join(root, ".medusa/server/src/providers/jetpay"),
                id: "jetpay",
                options: {
                  apiKey: "memory-bench-token",
                  bankAccountId: "6d9f2c1e-0000-4000-8000-000000000001",
                  baseUrl: process.env.JETPAY_BASE_URL,
                  statement: "Jetpay memory bench",
                  // One `medusa start` process in production mode on Medusa's in-memory locks.
                  singleProcess: true,
                },
              },
            ],
          },
        },
      ]
    : [],
})
