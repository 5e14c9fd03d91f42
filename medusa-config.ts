// The Medusa app that integration tests boot (`medusaIntegrationTestRunner` reads
// this file from the repository root and loads src/ as the app's own code).
// Stores do not use it: they install the package and follow the README.
import path from "node:path"
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "test", process.cwd())

/**
 * The plugin's timings for tests (src/domain/timings.ts): short, so a test waits seconds for what a
 * store waits minutes for. A spec that needs others sets JETPAY_TIMINGS (JSON, merged over these)
 * before its app boots.
 * The unpaid-order delay stays well above a cart completion on a loaded two-core machine.
 */
const TEST_TIMINGS = {
  reconcileIntervalMs: 1_000,
  unpaidOrderAfterMs: 10_000,
  neverTriedGraceMs: 3_000,
  completionRetryMs: 2_000,
  webhookCheckIntervalMs: 2_000,
  gapGraceMs: 2_000,
  replayCooldownMs: 5_000,
  eventRetryBaseMs: 500,
  eventRetryCapMs: 5_000,
  paidWithoutOrderGraceMs: 5_000,
  refundIntentStaleMs: 3_000,
  unrecordedRefundGraceMs: 3_000,
}

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: "*",
      adminCors: "*",
      authCors: "*",
      jwtSecret: "integration-tests",
      cookieSecret: "integration-tests",
    },
  },
  admin: { disable: true },
  modules: [
    // Payment requests are emailed through Medusa's Notification Module: the local provider
    // takes the email channel here (it logs instead of sending), and tests read the notifications.
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          // A spec that reads what was sent, and makes sends fail, sets JETPAY_TEST_EMAIL_OUTBOX (integration-tests/helpers/email-outbox).
          process.env.JETPAY_TEST_EMAIL_OUTBOX
            ? { resolve: path.join(__dirname, "integration-tests/helpers/email-outbox"), id: "outbox", options: { channels: ["email"] } }
            : { resolve: "@medusajs/medusa/notification-local", id: "local", options: { name: "Local email", channels: ["email"] } },
        ],
      },
    },
    // In a store the plugin registers its module itself; here src/ is the app's own code.
    { resolve: path.join(__dirname, "src/modules/jetpay") },
    {
      resolve: "@medusajs/medusa/payment",
      // The provider records each debit in the plugin's data module.
      dependencies: ["jetpay"],
      options: {
        providers: [
          {
            resolve: path.join(__dirname, "src/providers/jetpay"),
            // A test may register the provider under another id, as a merchant may (JETPAY_TEST_PROVIDER_ID).
            id: process.env.JETPAY_TEST_PROVIDER_ID || "jetpay",
            options: {
              apiKey: process.env.JETPAY_API_KEY ?? "sandbox-token",
              bankAccountId: process.env.JETPAY_BANK_ACCOUNT_ID ?? "6d9f2c1e-0000-4000-8000-000000000001",
              baseUrl: process.env.JETPAY_BASE_URL,
              statement: "Jetpay plugin tests",
              // A spec may set it before its app boots (admin-api.spec); unset, the default ("never").
              refundSurcharge: process.env.JETPAY_REFUND_SURCHARGE || undefined,
              webhookJwksUrl: process.env.JETPAY_WEBHOOK_JWKS_URL,
              webhookApiKey: process.env.JETPAY_WEBHOOK_API_KEY,
              // Staff emailed about each new Needs attention item: a spec lists them in
              // JETPAY_ATTENTION_EMAILS (comma-separated) before its app boots; none by default.
              attentionEmails: (process.env.JETPAY_ATTENTION_EMAILS ?? "").split(",").filter(Boolean),
              // Orders before payment: a spec sets JETPAY_ORDER_BEFORE_PAYMENT (the option as JSON) before its app boots; off by default.
              orderBeforePayment: process.env.JETPAY_ORDER_BEFORE_PAYMENT ? JSON.parse(process.env.JETPAY_ORDER_BEFORE_PAYMENT) : undefined,
              timings: { ...TEST_TIMINGS, ...(process.env.JETPAY_TIMINGS ? JSON.parse(process.env.JETPAY_TIMINGS) : {}) },
            },
          },
        ],
      },
    },
  ],
})
