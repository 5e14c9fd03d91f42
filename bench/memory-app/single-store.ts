// One Medusa store as `medusa start` runs it (bench/memory-app: one process, workerMode shared,
// Medusa's in-memory event bus, workflow engine and locking), from an empty database: the
// memory bench starts it with and without the plugin, the drain bench with it.
import { spawn, type ChildProcess } from "node:child_process"
import { createWriteStream, mkdirSync, readFileSync, rmSync } from "node:fs"
import path from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import { databaseUrl, recreateDatabase } from "../../integration-tests/cluster/database"
import { postgresScripts } from "../../integration-tests/cluster/repo-scripts"
import { HEAP_REPORT_PRELOAD, benchPids, liveHeapBytes, residentKiB } from "../process-memory"

const ROOT = path.resolve(__dirname, "../..")
const APP_DIR = __dirname
const MEDUSA_CLI = path.join(ROOT, "node_modules", "@medusajs", "cli", "cli.js")

export type SingleStore = {
  url: string
  databaseUrl: string
  seeded: { publishableKey: string; regionId: string; variantId: string }
  /** VmRSS (kB) of the store's processes, children included. */
  residentKiB(): number
  /** Bytes of V8 heap in use after a full garbage collection, summed over the store's processes. */
  liveHeapBytes(): Promise<number>
  stop(): Promise<void>
}

/**
 * Migrates and seeds a fresh database, then starts the store and waits for /health. `tag`
 * names the database, the logs and the processes (to read their memory); with the plugin, the
 * seed registers `webhookUrl(storeUrl)` as the store's Jetpay webhook.
 */
export async function startSingleStore(options: {
  tag: string
  withPlugin: boolean
  sandboxUrl: string
  logDir: string
  webhookUrl?: (storeUrl: string) => Promise<string>
}): Promise<SingleStore> {
  const { freePort } = await postgresScripts()
  const port = await freePort()
  const url = `http://localhost:${port}`
  const database = `jetpay_bench_${options.tag}`
  const heapDir = path.join(options.logDir, `${options.tag}-heap`)
  rmSync(heapDir, { recursive: true, force: true })
  mkdirSync(heapDir, { recursive: true })
  await recreateDatabase(database)
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of ["NODE_OPTIONS", "NODE_ENV", "LOG_LEVEL", "DATABASE_URL", "REDIS_URL", "MEDUSA_WORKER_MODE"]) delete env[name]
  Object.assign(env, {
    NODE_OPTIONS: [
      `--require "${path.join(ROOT, "integration-tests/cluster/app/exit-with-parent.cjs")}"`,
      `--require "${HEAP_REPORT_PRELOAD}"`,
    ].join(" "),
    BENCH_HEAP_REPORT_DIR: heapDir,
    JETPAY_CLUSTER_PARENT_PID: String(process.pid),
    BENCH_STORE_TAG: options.tag,
    BENCH_WITH_PLUGIN: options.withPlugin ? "on" : "off",
    NODE_ENV: "production",
    MEDUSA_DISABLE_TELEMETRY: "true",
    LOG_LEVEL: "warn",
    DATABASE_URL: databaseUrl(database),
    JETPAY_BASE_URL: options.sandboxUrl,
    JETPAY_WEBHOOK_MAX_BATCH_SIZE: "100",
    JETPAY_WEBHOOK_MAX_WAIT_SECONDS: "0",
  })
  const launch = (name: string, args: string[]) => {
    const log = createWriteStream(path.join(options.logDir, `${options.tag}-${name}.log`))
    const child = spawn(process.execPath, [MEDUSA_CLI, ...args], { cwd: APP_DIR, env, stdio: ["ignore", "pipe", "pipe"] })
    child.stdout!.pipe(log)
    child.stderr!.pipe(log)
    return child
  }
  const run = (name: string, args: string[]) =>
    new Promise<void>((resolve, reject) =>
      launch(name, args).on("exit", (code) =>
        code === 0 ? resolve() : reject(new Error(`medusa ${args.join(" ")} exited ${code}; see ${options.logDir}/${options.tag}-${name}.log`))
      )
    )

  await run("migrate", ["db:migrate"])
  const seedFile = path.join(options.logDir, `${options.tag}-seeded.json`)
  const webhookUrl = options.webhookUrl ? await options.webhookUrl(url) : url
  await run("seed", ["exec", "./seed-store.ts", seedFile, webhookUrl])
  const seeded = JSON.parse(readFileSync(seedFile, "utf8")) as SingleStore["seeded"]

  const child = launch("start", ["start", "--port", String(port)])
  await waitForHealth(url, child, options.logDir)
  return {
    url,
    databaseUrl: databaseUrl(database),
    seeded,
    residentKiB: () => residentKiB(benchPids(`BENCH_STORE_TAG=${options.tag}`)),
    liveHeapBytes: () => liveHeapBytes(benchPids(`BENCH_STORE_TAG=${options.tag}`), heapDir),
    stop: async () => {
      child.kill("SIGTERM")
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)))
    },
  }
}

async function waitForHealth(url: string, child: ChildProcess, logDir: string) {
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`medusa start exited ${child.exitCode}; see ${logDir}`)
    try {
      if ((await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).ok) return
    } catch {
      // Not up yet.
    }
    await sleep(500)
  }
  throw new Error(`medusa start did not answer ${url}/health within 180 s`)
}
