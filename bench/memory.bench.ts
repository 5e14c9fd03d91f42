// `npm run bench:memory`: resident memory of a Medusa store (`medusa start`, bench/memory-app)
// with the plugin against the same store without it, idle and after N checkouts (Jetpay
// checkouts paid at the sandbox for the store with the plugin, pp_system_default checkouts
// for the one without). BENCHMARKS.md explains the figures. The test asserts only that every
// checkout made an order: memory is printed, never asserted.
import { spawn, type ChildProcess } from "node:child_process"
import { mkdirSync, readFileSync, readdirSync, createWriteStream } from "node:fs"
import path from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import pg from "pg"
import { startSandbox, type Sandbox } from "../sandbox"
import { databaseUrl, recreateDatabase } from "../integration-tests/cluster/database"
import { ensurePluginBuild } from "../integration-tests/cluster/plugin-build"
import { demoProcesses, postgresScripts } from "../integration-tests/cluster/repo-scripts"
import { machineLine } from "./machine"
import { checkout } from "./storefront-checkout"

const CHECKOUTS = positiveInteger("BENCH_MEMORY_CHECKOUTS", 1000)
const CONCURRENCY = positiveInteger("BENCH_MEMORY_CONCURRENCY", 10)
/** Quiet time before each reading, so startup work and the last checkouts' garbage settle. */
const SETTLE_MS = positiveInteger("BENCH_MEMORY_SETTLE_MS", 30_000)
const ROOT = path.resolve(__dirname, "..")
const APP_DIR = path.join(__dirname, "memory-app")
const LOG_DIR = path.join(ROOT, "test-output", "bench-memory")
const MEDUSA_CLI = path.join(ROOT, "node_modules", "@medusajs", "cli", "cli.js")
const MiB = 1024 // VmRSS is in kB

type Variant = "without" | "with"
type Reading = { idleKiB: number; peakKiB: number; afterKiB: number; checkouts: number; seconds: number }

jest.setTimeout(90 * 60_000)

let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, minWaitSeconds: 0, webhookRetryBaseMs: 50 })
  mkdirSync(LOG_DIR, { recursive: true })
})

afterAll(async () => {
  await sandbox?.close()
})

it(`compares the resident memory of a store with and without the plugin, idle and after ${CHECKOUTS} checkouts`, async () => {
  const say = (line: string) => process.stdout.write(`[bench] ${line}\n`)
  const { ChildProcesses } = await demoProcesses()
  const children = new ChildProcesses({ logDir: LOG_DIR, say: () => {} })
  await ensurePluginBuild(ROOT, { children, logDir: LOG_DIR, say })

  const readings: Partial<Record<Variant, Reading>> = {}
  for (const variant of ["without", "with"] as Variant[]) {
    readings[variant] = await measure(variant, say)
    const reading = readings[variant]!
    say(`${variant} the plugin: idle ${mib(reading.idleKiB)} MiB, peak ${mib(reading.peakKiB)}, after ${reading.checkouts} checkouts ${mib(reading.afterKiB)} MiB`)
  }

  const without = readings.without!
  const withPlugin = readings.with!
  const lines = [
    "",
    `Memory benchmark: RSS of \`medusa start\` (VmRSS), ${CHECKOUTS} checkouts, ${CONCURRENCY} at a time (machine: ${machineLine()})`,
    `without the plugin (pp_system_default checkouts): idle ${mib(without.idleKiB)} MiB, peak ${mib(without.peakKiB)} MiB, after ${mib(without.afterKiB)} MiB (${without.seconds.toFixed(0)} s of checkouts)`,
    `with the plugin (Jetpay checkouts, paid at the sandbox, webhooks applied): idle ${mib(withPlugin.idleKiB)} MiB, peak ${mib(withPlugin.peakKiB)} MiB, after ${mib(withPlugin.afterKiB)} MiB (${withPlugin.seconds.toFixed(0)} s of checkouts)`,
    `the plugin's cost: idle ${signed(withPlugin.idleKiB - without.idleKiB)} MiB, after the checkouts ${signed(withPlugin.afterKiB - without.afterKiB)} MiB`,
    "",
  ]
  process.stdout.write(lines.join("\n") + "\n")
  expect([without.checkouts, withPlugin.checkouts]).toEqual([CHECKOUTS, CHECKOUTS])
})

/** One store from an empty database: migrate, seed, start, read idle, check out, read again, stop. */
async function measure(variant: Variant, say: (line: string) => void): Promise<Reading> {
  const { freePort } = await postgresScripts()
  const port = await freePort()
  const storeUrl = `http://localhost:${port}`
  const database = `jetpay_bench_memory_${variant}`
  await recreateDatabase(database)
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of ["NODE_OPTIONS", "NODE_ENV", "LOG_LEVEL", "DATABASE_URL", "REDIS_URL", "MEDUSA_WORKER_MODE"]) delete env[name]
  Object.assign(env, {
    NODE_OPTIONS: `--require "${path.join(ROOT, "integration-tests/cluster/app/exit-with-parent.cjs")}"`,
    JETPAY_CLUSTER_PARENT_PID: String(process.pid),
    BENCH_MEMORY_VARIANT: variant,
    BENCH_WITH_PLUGIN: variant === "with" ? "on" : "off",
    NODE_ENV: "production",
    MEDUSA_DISABLE_TELEMETRY: "true",
    LOG_LEVEL: "warn",
    DATABASE_URL: databaseUrl(database),
    JETPAY_BASE_URL: sandbox.url,
    JETPAY_WEBHOOK_MAX_BATCH_SIZE: "100",
    JETPAY_WEBHOOK_MAX_WAIT_SECONDS: "0",
  })
  say(`${variant} the plugin: migrating ${database}`)
  await run(`${variant}-migrate`, ["db:migrate"], env)
  const seedFile = path.join(LOG_DIR, `${variant}-seeded.json`)
  await run(`${variant}-seed`, ["exec", "./seed-store.ts", seedFile, storeUrl], env)
  const seeded = JSON.parse(readFileSync(seedFile, "utf8")) as { publishableKey: string; regionId: string; variantId: string }

  say(`${variant} the plugin: medusa start on port ${port}`)
  const child = start(`${variant}-start`, ["start", "--port", String(port)], env)
  try {
    await waitForHealth(storeUrl, child)
    await sleep(SETTLE_MS)
    const idleKiB = await steadyKiB(variant)

    let peakKiB = idleKiB
    const sampler = setInterval(() => (peakKiB = Math.max(peakKiB, residentKiB(variant))), 1000)
    const started = Date.now()
    let next = 0
    let orders = 0
    const store = {
      baseUrl: storeUrl,
      ...seeded,
      providerId: variant === "with" ? "pp_jetpay_jetpay" : "pp_system_default",
    }
    const payerPays =
      variant === "with"
        ? async (session: { data: Record<string, unknown> }) => {
            const response = await fetch(`${sandbox.url}/_sandbox/transactions/${session.data.jetpay_transaction_id}/pay`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ method: "eft" }),
            })
            if (!response.ok) throw new Error(`pay answered ${response.status}`)
          }
        : undefined
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CHECKOUTS) {
          next += 1
          const result = await checkout(store, { payerPays })
          if (result.orderId) orders += 1
          if (orders % 250 === 0) say(`${variant} the plugin: ${orders}/${CHECKOUTS} checkouts`)
        }
      })
    )
    const seconds = (Date.now() - started) / 1000
    if (variant === "with") await allEventsApplied(databaseUrl(database))
    clearInterval(sampler)
    await sleep(SETTLE_MS)
    const afterKiB = await steadyKiB(variant)
    return { idleKiB, peakKiB: Math.max(peakKiB, afterKiB), afterKiB, checkouts: orders, seconds }
  } finally {
    child.kill("SIGTERM")
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)))
  }
}

/** The median of 10 readings a second apart: one reading can fall on a garbage collection. */
async function steadyKiB(variant: Variant): Promise<number> {
  const samples: number[] = []
  for (let i = 0; i < 10; i++) {
    samples.push(residentKiB(variant))
    await sleep(1000)
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]
}

/** VmRSS (kB) of the variant's processes this bench started, children included. */
function residentKiB(variant: Variant): number {
  let total = 0
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0")
      if (!environ.includes(`JETPAY_CLUSTER_PARENT_PID=${process.pid}`) || !environ.includes(`BENCH_MEMORY_VARIANT=${variant}`)) continue
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))
      if (match) total += Number(match[1])
    } catch {
      // Gone meanwhile.
    }
  }
  return total
}

async function allEventsApplied(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const deadline = Date.now() + 10 * 60_000
    for (;;) {
      const { rows } = await client.query("select count(*)::int as open from jetpay_webhook_event where processed_at is null")
      const webhooks = (await (await fetch(`${sandbox.url}/_sandbox/webhooks`)).json()) as Array<{ last_sent_event_id: number }>
      const events = (await (await fetch(`${sandbox.url}/_sandbox/events`)).json()) as Array<{ id: number }>
      const newest = Math.max(0, ...events.map((event) => event.id))
      if (rows[0].open === 0 && webhooks.every((webhook) => webhook.last_sent_event_id >= newest)) return
      if (Date.now() > deadline) throw new Error(`webhook events still unapplied: ${rows[0].open}`)
      await sleep(1000)
    }
  } finally {
    await client.end()
  }
}

function run(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = start(name, args, env)
  return new Promise((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`medusa ${args.join(" ")} exited ${code}; see ${LOG_DIR}/${name}.log`))))
  )
}

function start(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const log = createWriteStream(path.join(LOG_DIR, `${name}.log`))
  const child = spawn(process.execPath, [MEDUSA_CLI, ...args], { cwd: APP_DIR, env, stdio: ["ignore", "pipe", "pipe"] })
  child.stdout!.pipe(log)
  child.stderr!.pipe(log)
  return child
}

async function waitForHealth(url: string, child: ChildProcess) {
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`medusa start exited ${child.exitCode}; see ${LOG_DIR}`)
    try {
      if ((await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).ok) return
    } catch {
      // Not up yet.
    }
    await sleep(500)
  }
  throw new Error(`medusa start did not answer ${url}/health within 180 s`)
}

function mib(kib: number): string {
  return (kib / MiB).toFixed(0)
}

function signed(kib: number): string {
  return `${kib >= 0 ? "+" : ""}${(kib / MiB).toFixed(0)}`
}

function positiveInteger(name: string, fallback: number): number {
  const value = process.env[name]
  if (value === undefined || value === "") return fallback
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1) throw new Error(`${name} must be a whole number above 0, got ${value}`)
  return number
}
