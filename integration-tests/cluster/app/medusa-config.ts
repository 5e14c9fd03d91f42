// The store that integration-tests/cluster/cluster.ts starts twice: once as the server
// (HTTP: Store, Admin and webhook routes) and once as the worker (subscribers, scheduled
// jobs, workflow steps), as README.md "Running in production" tells a merchant to.
// It loads the plugin as a store loads an installed one: `plugins` points at the
// repository root, whose package.json leads Medusa to the build in .medusa/server.
// Everything that differs between clusters and processes comes from the environment.
import path from "node:path"
import { defineConfig } from "@medusajs/framework/utils"

// This repository, or another checkout of it (ClusterOptions.pluginRoot).
const root = process.env.JETPAY_CLUSTER_PLUGIN_ROOT || path.resolve(__dirname, "../../..")
const redisUrl = required("REDIS_URL")

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: required("DATABASE_URL"),
    // Sessions (admin cookie logins) in Redis too, so either process could answer them.
    redisUrl,
    workerMode: workerMode(process.env.MEDUSA_WORKER_MODE),
    http: {
      storeCors: "*",
      adminCors: "*",
      authCors: "*",
      jwtSecret: "jetpay-cluster-not-secret",
      cookieSecret: "jetpay-cluster-not-secret",
    },
  },
  admin: { disable: true },
  plugins: [{ resolve: root, options: {} }],
  modules: [
    // What makes two processes one store: events published by the server reach the
    // worker's subscribers, workflows survive the process that started them, and a
    // lock taken in one process holds in the other.
    { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl, workerOptions: eventWorkerOptions() } },
    { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
    {
      resolve: "@medusajs/medusa/locking",
      options: {
        providers: [
          { resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } },
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
              apiKey: "cluster-token",
              bankAccountId: "6d9f2c1e-0000-4000-8000-000000000001",
              baseUrl: required("JETPAY_BASE_URL"),
              statement: "Jetpay cluster test",
              // A test's own timings (JSON, src/domain/timings.ts); production's defaults otherwise.
              timings: process.env.JETPAY_TIMINGS ? JSON.parse(process.env.JETPAY_TIMINGS) : undefined,
            },
          },
        ],
      },
    },
  ],
})

function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set (integration-tests/cluster/cluster.ts sets it)`)
  return value
}

/**
 * A worker killed while it handles an event holds that event's lock until the lock
 * expires; the next stall check then hands the event to a live worker. BullMQ's defaults
 * (30 s lock, checks every 30 s) unless a test asks for shorter ones.
 *
 * Events handled at once per process: Medusa's default (no `concurrency` option), as
 * docs/operations.md's production config leaves it, unless EVENT_BUS_CONCURRENCY names a number.
 */
function eventWorkerOptions() {
  const lockDuration = Number(process.env.EVENT_BUS_LOCK_DURATION_MS) || undefined
  const stalledInterval = Number(process.env.EVENT_BUS_STALLED_INTERVAL_MS) || undefined
  const concurrency = Number(process.env.EVENT_BUS_CONCURRENCY) || undefined
  return { ...(concurrency && { concurrency }), ...(lockDuration && { lockDuration }), ...(stalledInterval && { stalledInterval }) }
}

function workerMode(value: string | undefined): "server" | "worker" | "shared" {
  if (value === "server" || value === "worker") return value
  // Migrations and the seed run as one short-lived process of both kinds.
  return "shared"
}
