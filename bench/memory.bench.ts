// `npm run bench:memory`: resident memory of a Medusa store (`medusa start`, bench/memory-app)
// with the plugin against the same store without it, idle and after N checkouts (Jetpay
// checkouts paid at the sandbox for the store with the plugin, pp_system_default checkouts
// for the one without). BENCHMARKS.md explains the figures. The test asserts only that every
// checkout made an order: memory is printed, never asserted.
import { mkdirSync } from "node:fs"
import path from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import pg from "pg"
import { startSandbox, type Sandbox } from "../sandbox"
import { ensurePluginBuild } from "../integration-tests/cluster/plugin-build"
import { demoProcesses } from "../integration-tests/cluster/repo-scripts"
import { machineLine } from "./machine"
import { startSingleStore, type SingleStore } from "./memory-app/single-store"
import { checkout } from "./storefront-checkout"

const CHECKOUTS = positiveInteger("BENCH_MEMORY_CHECKOUTS", 1000)
const CONCURRENCY = positiveInteger("BENCH_MEMORY_CONCURRENCY", 10)
/** Quiet time before each reading, so startup work and the last checkouts' garbage settle. */
const SETTLE_MS = positiveInteger("BENCH_MEMORY_SETTLE_MS", 30_000)
const ROOT = path.resolve(__dirname, "..")
const LOG_DIR = path.join(ROOT, "test-output", "bench-memory")
const MiB = 1024 // VmRSS is in kB

type Variant = "without" | "with"
type Reading = {
  idleKiB: number
  peakKiB: number
  afterKiB: number
  /** V8 heap in use after a full garbage collection (bytes), idle and after the checkouts. */
  idleHeap: number
  afterHeap: number
  checkouts: number
  seconds: number
}

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
    say(
      `${variant} the plugin: idle ${mib(reading.idleKiB)} MiB, peak ${mib(reading.peakKiB)}, after ${reading.checkouts} checkouts ${mib(reading.afterKiB)} MiB ` +
        `(live heap ${heapMiB(reading.idleHeap)} -> ${heapMiB(reading.afterHeap)} MiB)`
    )
  }

  const without = readings.without!
  const withPlugin = readings.with!
  const lines = [
    "",
    `Memory benchmark: RSS of \`medusa start\` (VmRSS), ${CHECKOUTS} checkouts, ${CONCURRENCY} at a time (machine: ${machineLine()})`,
    `without the plugin (pp_system_default checkouts): idle ${mib(without.idleKiB)} MiB, peak ${mib(without.peakKiB)} MiB, after ${mib(without.afterKiB)} MiB (${without.seconds.toFixed(0)} s of checkouts)`,
    `with the plugin (Jetpay checkouts, paid at the sandbox, webhooks applied): idle ${mib(withPlugin.idleKiB)} MiB, peak ${mib(withPlugin.peakKiB)} MiB, after ${mib(withPlugin.afterKiB)} MiB (${withPlugin.seconds.toFixed(0)} s of checkouts)`,
    `the plugin's cost: idle ${signed(withPlugin.idleKiB - without.idleKiB)} MiB, after the checkouts ${signed(withPlugin.afterKiB - without.afterKiB)} MiB`,
    `V8 heap in use after a full garbage collection: without ${heapMiB(without.idleHeap)} MiB idle, ${heapMiB(without.afterHeap)} MiB after; ` +
      `with ${heapMiB(withPlugin.idleHeap)} MiB idle, ${heapMiB(withPlugin.afterHeap)} MiB after; ` +
      `the plugin's cost: idle ${signedHeap(withPlugin.idleHeap - without.idleHeap)} MiB, after the checkouts ${signedHeap(withPlugin.afterHeap - without.afterHeap)} MiB`,
    "",
  ]
  process.stdout.write(lines.join("\n") + "\n")
  expect([without.checkouts, withPlugin.checkouts]).toEqual([CHECKOUTS, CHECKOUTS])
})

/** One store from an empty database: migrate, seed, start, read idle, check out, read again, stop. */
async function measure(variant: Variant, say: (line: string) => void): Promise<Reading> {
  say(`${variant} the plugin: migrating, seeding and starting the store`)
  const store = await startSingleStore({ tag: `memory_${variant}`, withPlugin: variant === "with", sandboxUrl: sandbox.url, logDir: LOG_DIR })
  try {
    await sleep(SETTLE_MS)
    const idleKiB = await steadyKiB(store)
    const idleHeap = await store.liveHeapBytes()

    let peakKiB = idleKiB
    const sampler = setInterval(() => (peakKiB = Math.max(peakKiB, store.residentKiB())), 1000)
    const started = Date.now()
    let next = 0
    let orders = 0
    const target = {
      baseUrl: store.url,
      ...store.seeded,
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
          const result = await checkout(target, { payerPays })
          if (result.orderId) orders += 1
          if (orders % 250 === 0) say(`${variant} the plugin: ${orders}/${CHECKOUTS} checkouts`)
        }
      })
    )
    const seconds = (Date.now() - started) / 1000
    if (variant === "with") await allEventsApplied(store.databaseUrl)
    clearInterval(sampler)
    await sleep(SETTLE_MS)
    const afterKiB = await steadyKiB(store)
    const afterHeap = await store.liveHeapBytes()
    return { idleKiB, peakKiB: Math.max(peakKiB, afterKiB), afterKiB, idleHeap, afterHeap, checkouts: orders, seconds }
  } finally {
    await store.stop()
  }
}

/** The median of 10 readings a second apart: one reading can fall on a garbage collection. */
async function steadyKiB(store: SingleStore): Promise<number> {
  const samples: number[] = []
  for (let i = 0; i < 10; i++) {
    samples.push(store.residentKiB())
    await sleep(1000)
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]
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

function mib(kib: number): string {
  return (kib / MiB).toFixed(0)
}

function heapMiB(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0)
}

function signedHeap(bytes: number): string {
  return `${bytes >= 0 ? "+" : ""}${heapMiB(bytes)}`
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
