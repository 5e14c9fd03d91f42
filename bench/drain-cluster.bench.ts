// `npm run bench:drain` (second part): the same backlog as bench/drain.bench.ts, replayed to a
// Medusa server + worker pair on Redis (integration-tests/cluster/cluster.ts, `medusa start` of
// the plugin's build, as README.md "Running in production" runs it). Skipped, with the reason,
// when Redis does not answer. Asserts only that every payment ended right.
import { spawn } from "node:child_process"
import { mkdirSync } from "node:fs"
import path from "node:path"
import pg from "pg"
import { startSandbox, type Sandbox } from "../sandbox"
import { startCluster, type Cluster, type Role } from "../integration-tests/cluster/cluster"
import { redisUnavailableReasonSync } from "../integration-tests/cluster/redis"
import { buildBacklog, drain, drainReport, wrongPayments, type Sql } from "./drain-backlog"
import { machineLine } from "./machine"
import { HEAP_REPORT_PRELOAD, benchPids, liveHeapBytes, residentKiB } from "./process-memory"
import { startWebhookRelay, type WebhookRelay } from "./webhook-relay"

const PAYMENTS = positiveInteger("BENCH_DRAIN_PAYMENTS", 2000)
const CONCURRENCY = positiveInteger("BENCH_DRAIN_CONCURRENCY", 8)
const REDIS_URL = redisDatabase(process.env.REDIS_URL || "redis://127.0.0.1:6379", 14)
const ROOT = path.resolve(__dirname, "..")
const LOG_DIR = path.join(ROOT, "test-output", "bench-drain-cluster")
const MEDUSA_CLI = path.join(ROOT, "node_modules", "@medusajs", "cli", "cli.js")
const KiB = 1024
const HEAP_DIR = path.join(LOG_DIR, "heap")

const redisMissing = redisUnavailableReasonSync(REDIS_URL)
if (redisMissing) console.log(`skipped: Redis does not answer at ${REDIS_URL} (${redisMissing}); the server + worker drain needs it`)
const describeWithRedis = redisMissing ? describe.skip : describe

describeWithRedis("drain on a server + worker pair", () => {
  let sandbox: Sandbox
  let cluster: Cluster
  let relay: WebhookRelay
  let pool: pg.Pool
  const say = (line: string) => process.stdout.write(`[bench] ${line}\n`)

  beforeAll(async () => {
    mkdirSync(HEAP_DIR, { recursive: true })
    sandbox = await startSandbox({ port: 0, minWaitSeconds: 0, webhookRetryBaseMs: 50 })
    cluster = await startCluster({
      name: `bench_drain_${process.pid}`,
      redisUrl: REDIS_URL,
      sandboxUrl: sandbox.url,
      logDir: LOG_DIR,
      env: {
        NODE_OPTIONS: `--require "${path.join(ROOT, "integration-tests/cluster/app/exit-with-parent.cjs")}" --require "${HEAP_REPORT_PRELOAD}"`,
        BENCH_HEAP_REPORT_DIR: HEAP_DIR,
      },
      say: (line) => say(`[cluster] ${line}`),
    })
    pool = new pg.Pool({ connectionString: cluster.databaseUrl, max: 2 })
    relay = await startWebhookRelay(cluster.serverUrl)
    await registerAtRelay(relay.url)
  }, 15 * 60_000)

  afterAll(async () => {
    await relay?.close()
    await pool?.end()
    await cluster?.stop()
    await sandbox?.close()
  })

  /**
   * The seed registered the server's own URL; the relay (which times each answer) takes its
   * place: that webhook is deleted at Jetpay, and the merchant's registration command, run
   * with the cluster's configuration, registers the relay's URL as this store's webhook.
   */
  async function registerAtRelay(relayUrl: string) {
    const webhooks = (await (await fetch(`${sandbox.url}/_sandbox/webhooks`)).json()) as Array<{ identifier: string }>
    for (const webhook of webhooks) {
      await fetch(`${sandbox.url}/webhooks/${webhook.identifier}`, { method: "DELETE", headers: { authorization: "Bearer cluster-token" } })
    }
    const pluginRoot = process.env.JETPAY_CLUSTER_PLUGIN_ROOT || ROOT
    const script = path.join(pluginRoot, ".medusa/server/src/scripts/register-jetpay-webhook.js")
    const env: NodeJS.ProcessEnv = { ...process.env }
    for (const name of ["NODE_OPTIONS", "LOG_LEVEL"]) delete env[name]
    Object.assign(env, {
      NODE_ENV: "production",
      MEDUSA_DISABLE_TELEMETRY: "true",
      DATABASE_URL: cluster.databaseUrl,
      REDIS_URL,
      JETPAY_BASE_URL: sandbox.url,
      JETPAY_CLUSTER_PLUGIN_ROOT: pluginRoot,
      // Not a worker: it must not take the event bus's jobs while it runs.
      MEDUSA_WORKER_MODE: "server",
      JETPAY_WEBHOOK_MAX_BATCH_SIZE: "100",
      JETPAY_WEBHOOK_MAX_WAIT_SECONDS: "0",
    })
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [MEDUSA_CLI, "exec", script, relayUrl], {
        cwd: path.join(ROOT, "integration-tests", "cluster", "app"),
        env,
        stdio: ["ignore", "pipe", "pipe"],
      })
      let output = ""
      child.stdout.on("data", (chunk: Buffer) => (output += chunk))
      child.stderr.on("data", (chunk: Buffer) => (output += chunk))
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`register-jetpay-webhook exited ${code}:\n${output.slice(-3000)}`))))
    })
  }

  it(`drains ${PAYMENTS} payments' events through the server to the worker and ends every payment right`, async () => {
    const sql: Sql = async (text, params) => (await pool.query(text, params)).rows

    say(`building the backlog: ${PAYMENTS} payments through the server, deliveries held`)
    const backlog = await buildBacklog({
      sandboxUrl: sandbox.url,
      store: {
        baseUrl: cluster.serverUrl,
        publishableKey: cluster.publishableKey,
        regionId: cluster.regionId,
        variantId: cluster.variantId,
        providerId: "pp_jetpay_jetpay",
      },
      payments: PAYMENTS,
      concurrency: CONCURRENCY,
      say,
    })
    say(`releasing ${backlog.events} events`)
    const rss: Record<Role, number[]> = { server: [], worker: [] }
    const heapAtRelease = await liveHeapBytes(rolePids("worker"), HEAP_DIR)
    const sample = () => {
      for (const role of ["server", "worker"] as Role[]) rss[role].push(residentKiB(rolePids(role)))
    }
    const result = await drain({ sandboxUrl: sandbox.url, relay, sql, backlog, sample, say })
    const heapAtEnd = await liveHeapBytes(rolePids("worker"), HEAP_DIR)
    const wrong = await wrongPayments(sql, backlog.cartIds)

    const mib = (kib: number) => (kib / KiB).toFixed(0)
    const memory = (["server", "worker"] as Role[]).map(
      (role) =>
        `${role} RSS (VmRSS of its processes, every second): at the release ${mib(rss[role][0])} MiB, ` +
        `peak ${mib(Math.max(...rss[role]))} MiB, at the end ${mib(rss[role].at(-1)!)} MiB`
    )
    const lines = drainReport(`Drain benchmark, a server + worker pair on Redis (machine: ${machineLine()})`, backlog, result, [
      ...memory,
      `worker V8 heap in use after a full collection: ${mib(heapAtRelease / KiB)} MiB at the release, ${mib(heapAtEnd / KiB)} MiB at the end`,
      `payments not ending with one order, one payment, one capture: ${wrong.length}`,
    ])
    process.stdout.write(lines.join("\n") + "\n\n")
    expect(wrong).toEqual([])
  }, 60 * 60_000)
})

/** The role's Medusa processes this bench started, children included. */
function rolePids(role: Role): string[] {
  return benchPids(`MEDUSA_WORKER_MODE=${role}`)
}

function redisDatabase(url: string, index: number): string {
  const parsed = new URL(url)
  parsed.pathname = `/${index}`
  return parsed.toString()
}

function positiveInteger(name: string, fallback: number): number {
  const value = process.env[name]
  if (value === undefined || value === "") return fallback
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1) throw new Error(`${name} must be a whole number above 0, got ${value}`)
  return number
}
