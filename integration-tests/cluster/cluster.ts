// A store with the plugin as production runs it (README.md, "Running in production"):
// one Medusa process as the server (Store, Admin and webhook routes) and one as the
// worker (subscribers, scheduled jobs, workflow steps), sharing PostgreSQL and Redis
// (event bus, workflow engine, locking). Tests kill and restart either process to see
// what a crash does to a payment.
//
// Each cluster has its own database and its own Redis database index, so clusters of
// different test files never see each other's events, jobs or locks.
import { readFileSync, mkdirSync } from "node:fs"
import path from "node:path"
import { databaseName, databaseUrl as databaseUrlOf } from "./database"
import { createMigratedDatabase } from "./migrated-database"
import { ensurePluginBuild } from "./plugin-build"
import { flushRedis } from "./redis"
import { ROOT, demoProcesses, postgresScripts, type Child, type ChildProcesses } from "./repo-scripts"

export { redisUnavailableReason } from "./redis"

export type ClusterOptions = {
  /** Used for the database name and log file names. */
  name: string
  /** Includes the database index, e.g. redis://127.0.0.1:6379/11. It is flushed at start. */
  redisUrl: string
  /** A running Jetpay sandbox (startSandbox from "../../sandbox"). */
  sandboxUrl: string
  /** Each process logs to <logDir>/<name>-<role>-<n>.log (n counts its starts); migrations and the seed too. */
  logDir: string
  /** Extra environment for both processes (e.g. JETPAY_WEBHOOK_MAX_WAIT_SECONDS=0), and for the seed. */
  env?: Record<string, string>
  /** Progress lines (build, migrate, seed, starts); default: none. */
  say?: (line: string) => void
  /**
   * The plugin's repository (default: JETPAY_CLUSTER_PLUGIN_ROOT, else this one). Another
   * checkout (say `git archive HEAD`, with node_modules linked to this one's) tests a
   * committed plugin while this working tree is mid-edit.
   */
  pluginRoot?: string
}

export type Role = "server" | "worker"

export type Cluster = {
  /** e.g. http://localhost:PORT; the webhook registered at the sandbox is `${serverUrl}/hooks/jetpay`. */
  serverUrl: string
  /** The worker answers only /health here (Medusa's worker mode serves no routes). */
  workerUrl: string
  databaseUrl: string
  publishableKey: string
  regionId: string
  variantId: string
  /** The variant's price in dollars. */
  unitPrice: number
  admin: { email: string; password: string }
  /** The log file of the role's current (or last) process. */
  logFile(role: Role): string
  /** A JWT for /admin routes. */
  adminToken(): Promise<string>
  /** Default SIGKILL; resolves when the process (and anything it spawned) is dead. */
  kill(role: Role, signal?: NodeJS.Signals): Promise<void>
  /** (Re)starts a role; resolves once it answers /health. A role that runs is left alone. */
  start(role: Role): Promise<void>
  /** Stops both; the database stays for inspection. */
  stop(): Promise<void>
}

const BOOT_TIMEOUT_MS = 180_000
const APP_DIR = path.join(__dirname, "app")
const MEDUSA_CLI = path.join(ROOT, "node_modules", "@medusajs", "cli", "cli.js")

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const say = options.say ?? (() => {})
  const pluginRoot = path.resolve(options.pluginRoot ?? (process.env.JETPAY_CLUSTER_PLUGIN_ROOT || ROOT))
  // The demo's seed, from the plugin's checkout: it registers the webhook with that build's script.
  const seedScript = path.join(pluginRoot, "demo", "seed-demo.ts")
  mkdirSync(options.logDir, { recursive: true })
  const { ChildProcesses, waitUntil } = await demoProcesses()
  const children: ChildProcesses = new ChildProcesses({ logDir: options.logDir, say: () => {} })
  const running: Partial<Record<Role, Child>> = {}
  const starts: Record<Role, number> = { server: 0, worker: 0 }
  const logFiles: Partial<Record<Role, string>> = {}
  // A test runner that exits without its afterAll still takes the cluster with it.
  const killOnExit = () => children.killAll()
  process.once("exit", killOnExit)

  try {
    await ensurePluginBuild(pluginRoot, { children, logDir: options.logDir, say })

    const { freePort } = await postgresScripts()
    const ports: Record<Role, number> = { server: await freePort(), worker: await freePort() }
    const serverUrl = `http://localhost:${ports.server}`
    const database = databaseName(options.name)
    const databaseUrl = databaseUrlOf(database)
    await flushRedis(options.redisUrl)

    const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
      const base: NodeJS.ProcessEnv = { ...process.env }
      // Jest's own settings, not a store's.
      for (const name of ["NODE_OPTIONS", "NODE_ENV", "LOG_LEVEL", "DATABASE_URL", "REDIS_URL", "MEDUSA_WORKER_MODE"]) {
        delete base[name]
      }
      return {
        ...base,
        NODE_OPTIONS: `--require "${path.join(APP_DIR, "exit-with-parent.cjs")}"`,
        JETPAY_CLUSTER_PARENT_PID: String(process.pid),
        // `medusa start` as in production, like the demo.
        NODE_ENV: "production",
        MEDUSA_DISABLE_TELEMETRY: "true",
        // Info lines are what a merchant reads at startup (the plugin's warnings among them).
        LOG_LEVEL: "info",
        DATABASE_URL: databaseUrl,
        REDIS_URL: options.redisUrl,
        JETPAY_BASE_URL: options.sandboxUrl,
        JETPAY_CLUSTER_PLUGIN_ROOT: pluginRoot,
        // Batches go out at once (the sandbox allows 0 s), so payments converge in seconds.
        JETPAY_WEBHOOK_MAX_WAIT_SECONDS: "0",
        ...options.env,
        ...extra,
      }
    }

    say(`Creating ${database} (medusa db:migrate, or a copy of an earlier cluster's migrated database)`)
    await createMigratedDatabase(database, {
      pluginRoot,
      migrate: (url) =>
        children.run(`${options.name}-migrate`, process.execPath, [MEDUSA_CLI, "db:migrate"], {
          cwd: APP_DIR,
          env: { ...env(), DATABASE_URL: url },
        }),
    })

    say("Seeding the store and registering its webhook (medusa exec demo/seed-demo.ts)")
    const seedFile = path.join(options.logDir, `${options.name}-seeded.json`)
    await children.run(`${options.name}-seed`, process.execPath, [MEDUSA_CLI, "exec", seedScript, seedFile, serverUrl], {
      cwd: APP_DIR,
      env: env(),
    })
    const seeded = JSON.parse(readFileSync(seedFile, "utf8")) as {
      publishableKey: string
      regionId: string
      admin: { email: string; password: string }
    }

    const start = async (role: Role) => {
      if (running[role]) return
      starts[role] += 1
      say(`Starting the ${role} (medusa start, workerMode ${role}, port ${ports[role]})`)
      const child = children.start(
        `${options.name}-${role}-${starts[role]}`,
        process.execPath,
        // No --host: on every interface, so localhost answers whether it resolves to ::1 or 127.0.0.1.
        [MEDUSA_CLI, "start", "--port", String(ports[role])],
        { cwd: APP_DIR, env: env({ MEDUSA_WORKER_MODE: role, PORT: String(ports[role]) }) }
      )
      running[role] = child
      logFiles[role] = child.logFile
      child.exited.then(() => {
        if (running[role] === child) delete running[role]
      })
      // Both modes answer /health once every loader ran (the worker's subscribers and jobs too).
      await waitUntil(child, () => isOk(`http://localhost:${ports[role]}/health`), {
        timeoutMs: BOOT_TIMEOUT_MS,
        what: `Medusa ${role}`,
      })
    }

    const kill = async (role: Role, signal: NodeJS.Signals = "SIGKILL") => {
      const child = running[role]
      if (!child) return
      signalGroup(child, signal)
      if (signal !== "SIGKILL") {
        // Medusa shuts down gracefully on SIGTERM; one that hangs gets SIGKILL after 15 s.
        const timer = setTimeout(() => signalGroup(child, "SIGKILL"), 15_000)
        await child.exited
        clearTimeout(timer)
      }
      await child.exited
      // Whatever it spawned and left behind.
      signalGroup(child, "SIGKILL")
    }

    await Promise.all([start("server"), start("worker")])
    const variant = await findVariant(serverUrl, seeded.publishableKey, seeded.regionId)

    return {
      serverUrl,
      workerUrl: `http://localhost:${ports.worker}`,
      databaseUrl,
      publishableKey: seeded.publishableKey,
      regionId: seeded.regionId,
      variantId: variant.id,
      unitPrice: variant.price,
      admin: { email: seeded.admin.email, password: seeded.admin.password },
      logFile: (role) => {
        const file = logFiles[role]
        if (!file) throw new Error(`the ${role} never started`)
        return file
      },
      adminToken: async () => {
        const response = await fetch(`${serverUrl}/auth/user/emailpass`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: seeded.admin.email, password: seeded.admin.password }),
        })
        if (!response.ok) throw new Error(`admin login answered ${response.status}: ${await response.text()}`)
        return ((await response.json()) as { token: string }).token
      },
      kill,
      start,
      stop: async () => {
        await Promise.all([kill("server", "SIGTERM"), kill("worker", "SIGTERM")])
        await children.stopAll()
        process.off("exit", killOnExit)
      },
    }
  } catch (error) {
    await children.stopAll({ timeoutMs: 5_000 })
    process.off("exit", killOnExit)
    throw error
  }
}

/** The seed's first product (maple syrup), as a storefront lists it: its variant and price in the region. */
async function findVariant(serverUrl: string, publishableKey: string, regionId: string) {
  const url = `${serverUrl}/store/products?handle=maple-syrup&region_id=${regionId}&fields=*variants.calculated_price`
  const response = await fetch(url, { headers: { "x-publishable-api-key": publishableKey } })
  if (!response.ok) throw new Error(`GET /store/products answered ${response.status}: ${await response.text()}`)
  const { products } = (await response.json()) as {
    products: Array<{ variants: Array<{ id: string; calculated_price?: { calculated_amount: number } }> }>
  }
  const variant = products[0]?.variants[0]
  if (!variant?.calculated_price) throw new Error("the seeded product has no variant with a price in the region")
  return { id: variant.id, price: Number(variant.calculated_price.calculated_amount) }
}

function signalGroup(child: Child, signal: NodeJS.Signals) {
  try {
    // The child leads its own process group (demo-processes spawns detached).
    process.kill(-child.pid!, signal)
  } catch {
    // Already gone.
  }
}

async function isOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) })
  return response.ok
}
