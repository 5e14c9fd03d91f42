// `npm run bench:drain` (first part): a Jetpay outage's backlog replayed to one store, as one
// `medusa start` process runs it (bench/memory-app: workerMode shared, Medusa's in-memory event
// bus, workflow engine and locking, the plugin's build), with the sandbox and the timing relay
// in this process. BENCHMARKS.md explains the figures. The test asserts only that every
// payment ended right (one order, one payment, captured once): speed is printed, never asserted.
import { mkdirSync } from "node:fs"
import path from "node:path"
import pg from "pg"
import { startSandbox, type Sandbox } from "../sandbox"
import { ensurePluginBuild } from "../integration-tests/cluster/plugin-build"
import { demoProcesses } from "../integration-tests/cluster/repo-scripts"
import { buildBacklog, drain, drainReport, wrongPayments, type Sql } from "./drain-backlog"
import { machineLine } from "./machine"
import { startSingleStore, type SingleStore } from "./memory-app/single-store"
import { startWebhookRelay, type WebhookRelay } from "./webhook-relay"

const PAYMENTS = positiveInteger("BENCH_DRAIN_PAYMENTS", 2000)
const CONCURRENCY = positiveInteger("BENCH_DRAIN_CONCURRENCY", 8)
const ROOT = path.resolve(__dirname, "..")
const LOG_DIR = path.join(ROOT, "test-output", "bench-drain-single")
const KiB = 1024

jest.setTimeout(90 * 60_000)

describe("drain on one store process", () => {
  let sandbox: Sandbox
  let store: SingleStore
  let relay: WebhookRelay
  let pool: pg.Pool
  const say = (line: string) => process.stdout.write(`[bench] ${line}\n`)

  beforeAll(async () => {
    mkdirSync(LOG_DIR, { recursive: true })
    sandbox = await startSandbox({ port: 0, minWaitSeconds: 0, webhookRetryBaseMs: 50 })
    const { ChildProcesses } = await demoProcesses()
    await ensurePluginBuild(ROOT, { children: new ChildProcesses({ logDir: LOG_DIR, say: () => {} }), logDir: LOG_DIR, say })
    say("migrating, seeding and starting the store (medusa start, one process)")
    store = await startSingleStore({
      tag: `drain_single_${process.pid}`,
      withPlugin: true,
      sandboxUrl: sandbox.url,
      logDir: LOG_DIR,
      // The seed registers the relay, which times each answer, as the store's webhook.
      webhookUrl: async (storeUrl) => (relay = await startWebhookRelay(storeUrl)).url,
    })
    pool = new pg.Pool({ connectionString: store.databaseUrl, max: 2 })
  }, 15 * 60_000)

  afterAll(async () => {
    await relay?.close()
    await pool?.end()
    await store?.stop()
    await sandbox?.close()
  })

  it(`drains ${PAYMENTS} payments' events in batches of 100 and ends every payment right`, async () => {
    const sql: Sql = async (text, params) => (await pool.query(text, params)).rows

    say(`building the backlog: ${PAYMENTS} payments, deliveries held`)
    const backlog = await buildBacklog({
      sandboxUrl: sandbox.url,
      store: { baseUrl: store.url, ...store.seeded, providerId: "pp_jetpay_jetpay" },
      payments: PAYMENTS,
      concurrency: CONCURRENCY,
      say,
    })
    say(`releasing ${backlog.events} events`)
    const rss: number[] = []
    const heapAtRelease = await store.liveHeapBytes()
    const result = await drain({ sandboxUrl: sandbox.url, relay, sql, backlog, sample: () => rss.push(store.residentKiB()), say })
    const heapAtEnd = await store.liveHeapBytes()
    const wrong = await wrongPayments(sql, backlog.cartIds)

    const mib = (kib: number) => (kib / KiB).toFixed(0)
    const lines = drainReport(`Drain benchmark, one store process (machine: ${machineLine()})`, backlog, result, [
      `store RSS (VmRSS of the medusa start process, every second): at the release ${mib(rss[0])} MiB, ` +
        `peak ${mib(Math.max(...rss))} MiB, at the end ${mib(rss.at(-1)!)} MiB; ` +
        `V8 heap in use after a full collection: ${mib(heapAtRelease / KiB)} MiB at the release, ${mib(heapAtEnd / KiB)} MiB at the end`,
      `payments not ending with one order, one payment, one capture: ${wrong.length}`,
    ])
    process.stdout.write(lines.join("\n") + "\n\n")
    expect(wrong).toEqual([])
  })
})

function positiveInteger(name: string, fallback: number): number {
  const value = process.env[name]
  if (value === undefined || value === "") return fallback
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1) throw new Error(`${name} must be a whole number above 0, got ${value}`)
  return number
}
