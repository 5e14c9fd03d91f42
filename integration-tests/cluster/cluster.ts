// A store with the plugin as production runs it (README.md, "Running in production"):
// Medusa processes as servers (Store, Admin and webhook routes) and as workers
// (subscribers, scheduled jobs, workflow steps), sharing PostgreSQL and Redis (event bus,
// workflow engine, locking). One of each by default; with several servers, a round-robin
// proxy (round-robin-proxy.ts) stands in front of them as a host's load balancer would,
// and the webhook registered at Jetpay points at it. Tests kill and restart any process
// to see what a crash does to a payment.
//
// Each cluster has its own database and its own Redis database index, so clusters of
// different test files never see each other's events, jobs or locks.
import { readFileSync, mkdirSync } from "node:fs"
import path from "node:path"
import { databaseName, databaseUrl as databaseUrlOf } from "./database"
import { createMigratedDatabase } from "./migrated-database"
import { ensurePluginBuild } from "./plugin-build"
import { flushRedis } from "./redis"
import { startRoundRobinProxy, type RoundRobinProxy } from "./round-robin-proxy"
import { ROOT, demoProcesses, postgresScripts, type Child, type ChildProcesses } from "./repo-scripts"

export { redisUnavailableReason } from "./redis"

export type ClusterOptions = {
  /** Used for the database name and log file names. */
  name: string
  /** Includes the database index, e.g. redis://127.0.0.1:6379/11. It is flushed at start. */
  redisUrl: string
  /** A running Jetpay sandbox (startSandbox from "../../sandbox"). */
  sandboxUrl: string
  /** Each process logs to <logDir>/<name>-<replica>-<n>.log (say chaos-server-2-1.log; n counts its starts); migrations and the seed too. */
  logDir: string
  /** Extra environment for every process (e.g. JETPAY_WEBHOOK_MAX_WAIT_SECONDS=0), and for the seed. */
  env?: Record<string, string>
  /** Progress lines (build, migrate, seed, starts); default: none. */
  say?: (line: string) => void
  /**
   * The plugin's repository (default: JETPAY_CLUSTER_PLUGIN_ROOT, else this one). Another
   * checkout (say `git archive HEAD`, with node_modules linked to this one's) tests a
   * committed plugin while this working tree is mid-edit.
   */
  pluginRoot?: string
  /** Medusa servers (default 1); with more than one, a round-robin proxy in front of them. */
  servers?: number
  /** Medusa workers (default 1). */
  workers?: number
}

/** The kind of a Medusa process (its MEDUSA_WORKER_MODE). */
export type Role = "server" | "worker"
/** One process of the cluster: server-1, server-2, worker-1... */
export type Replica = `${Role}-${number}`
/** A replica, or a role: a role names its first replica (`server` is `server-1`). */
export type ProcessName = Role | Replica

export type Cluster = {
  /**
   * Where clients go, e.g. http://localhost:PORT: the server itself, or the proxy in front of
   * several. The webhook registered at the sandbox is `${serverUrl}/hooks/jetpay`.
   */
  serverUrl: string
  /** Each server, straight. */
  serverUrls: string[]
  /** The first worker; it answers only /health (Medusa's worker mode serves no routes). */
  workerUrl: string
  /** Every process: server-1..server-N, then worker-1..worker-M. */
  replicas: Replica[]
  /** The proxy's count of requests per server (none with one server). */
  proxyStats(): { backend: string; requests: number; refused: number }[]
  databaseUrl: string
  publishableKey: string
  regionId: string
  variantId: string
  /** The variant's price in dollars. */
  unitPrice: number
  admin: { email: string; password: string }
  /** The log file of the process's current (or last) start. */
  logFile(name: ProcessName): string
  /** A JWT for /admin routes. */
  adminToken(): Promise<string>
  /** Default SIGKILL; resolves when the process (and anything it spawned) is dead. */
  kill(name: ProcessName, signal?: NodeJS.Signals): Promise<void>
  /** (Re)starts a process; resolves once it answers /health. One that runs is left alone. */
  start(name: ProcessName): Promise<void>
  /** Stops every process (and the proxy); the database stays for inspection. */
  stop(): Promise<void>
}

// Four Medusa processes booting on a shared 2-core machine take their time.
const BOOT_TIMEOUT_MS = 300_000
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
  const servers = options.servers ?? 1
  const workers = options.workers ?? 1
  if (!Number.isInteger(servers) || servers < 1 || !Number.isInteger(workers) || workers < 1) {
    throw new Error(`a cluster needs at least one server and one worker, not ${servers} and ${workers}`)
  }
  const replicas: Replica[] = [
    ...Array.from({ length: servers }, (_, i): Replica => `server-${i + 1}`),
    ...Array.from({ length: workers }, (_, i): Replica => `worker-${i + 1}`),
  ]
  const replicaOf = (name: ProcessName): Replica => {
    const replica: Replica = name === "server" || name === "worker" ? `${name}-1` : name
    if (!replicas.includes(replica)) throw new Error(`this cluster has no ${replica} (${replicas.join(", ")})`)
    return replica
  }
  const roleOf = (replica: Replica): Role => (replica.startsWith("server-") ? "server" : "worker")
  const running: Partial<Record<Replica, Child>> = {}
  const starts: Partial<Record<Replica, number>> = {}
  const logFiles: Partial<Record<Replica, string>> = {}
  let proxy: RoundRobinProxy | undefined
  // A test runner that exits without its afterAll still takes the cluster with it.
  const killOnExit = () => children.killAll()
  process.once("exit", killOnExit)

  try {
    await ensurePluginBuild(pluginRoot, { children, logDir: options.logDir, say })

    const { freePort } = await postgresScripts()
    const ports: Partial<Record<Replica, number>> = {}
    for (const replica of replicas) ports[replica] = await freePort()
    const urlOf = (replica: Replica) => `http://localhost:${ports[replica]}`
    const serverUrls = replicas.filter((replica) => roleOf(replica) === "server").map(urlOf)
    // Up before the seed, which registers the webhook at its address.
    if (servers > 1) proxy = await startRoundRobinProxy({ backends: serverUrls })
    const serverUrl = proxy?.url ?? serverUrls[0]
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

    const start = async (name: ProcessName) => {
      const replica = replicaOf(name)
      if (running[replica]) return
      const role = roleOf(replica)
      starts[replica] = (starts[replica] ?? 0) + 1
      say(`Starting ${replica} (medusa start, workerMode ${role}, port ${ports[replica]})`)
      const child = children.start(
        `${options.name}-${replica}-${starts[replica]}`,
        process.execPath,
        // No --host: on every interface, so localhost answers whether it resolves to ::1 or 127.0.0.1.
        [MEDUSA_CLI, "start", "--port", String(ports[replica])],
        { cwd: APP_DIR, env: env({ MEDUSA_WORKER_MODE: role, PORT: String(ports[replica]) }) }
      )
      running[replica] = child
      logFiles[replica] = child.logFile
      child.exited.then(() => {
        if (running[replica] === child) delete running[replica]
      })
      // Both modes answer /health once every loader ran (the worker's subscribers and jobs too).
      await waitUntil(child, () => isOk(`${urlOf(replica)}/health`), {
        timeoutMs: BOOT_TIMEOUT_MS,
        what: `Medusa ${replica}`,
      })
    }

    const kill = async (name: ProcessName, signal: NodeJS.Signals = "SIGKILL") => {
      const child = running[replicaOf(name)]
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

    // The first server and worker together, as one of each always booted; any others one at
    // a time, so a 2-core machine boots no more than two Medusa processes at once.
    await Promise.all([start("server-1"), start("worker-1")])
    for (const replica of replicas.slice(1)) if (replica !== "worker-1") await start(replica)
    const variant = await findVariant(serverUrl, seeded.publishableKey, seeded.regionId)

    return {
      serverUrl,
      serverUrls,
      workerUrl: urlOf("worker-1"),
      replicas,
      proxyStats: () => proxy?.stats() ?? [],
      databaseUrl,
      publishableKey: seeded.publishableKey,
      regionId: seeded.regionId,
      variantId: variant.id,
      unitPrice: variant.price,
      admin: { email: seeded.admin.email, password: seeded.admin.password },
      logFile: (name) => {
        const file = logFiles[replicaOf(name)]
        if (!file) throw new Error(`${replicaOf(name)} never started`)
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
        await Promise.all(replicas.map((replica) => kill(replica, "SIGTERM")))
        await children.stopAll()
        await proxy?.close()
        process.off("exit", killOnExit)
      },
    }
  } catch (error) {
    await children.stopAll({ timeoutMs: 5_000 })
    await proxy?.close()
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
