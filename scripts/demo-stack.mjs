// Everything `npm run demo` starts, in order, and stops again:
//   builds (plugin, sandbox, admin; each only when stale) -> PostgreSQL -> Jetpay sandbox
//   -> migrations -> seed + webhook registration -> Medusa -> storefront (`next start`).
// The storefront's build (`next build`, only when stale) runs alongside all of that.
// scripts/demo.mjs is the command around it (ports from the environment, Ctrl-C).
import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync, readFileSync, lstatSync } from "node:fs"
import net from "node:net"
import path from "node:path"
import pg from "pg"
import { cacheRoot, filesBelow, fingerprintFiles, PLUGIN_BUILD_OUTPUTS, pluginBuildFingerprint, restoreBuild, saveBuild } from "./build-cache.mjs"
import { adminBuildFingerprint, adminBuildIsCurrent, adminBuildStampFile, pluginBuildState, sandboxBuildDir, sandboxBuildState } from "./demo-build.mjs"
import { ChildProcesses, waitUntil } from "./demo-processes.mjs"
import { ensureStorefrontBuild, nextBin, nextEnv, storefrontDir } from "./storefront-build.mjs"
import { freePort } from "./postgres.mjs"

const EMBEDDED_DATABASE = "jetpay_demo"

export class DemoStack {
  #children
  #stopping = false

  /**
   * @param {object} options
   * @param {string} options.root         the repository root
   * @param {string} options.dataDir      PostgreSQL data (when embedded), logs, seed output
   * @param {string} [options.databaseUrl] a PostgreSQL to use instead of the embedded one
   * @param {{medusa: Port, storefront: Port, sandbox: Port}} options.ports
   *        Port: `{ port: number, strict: boolean }`; port 0 is any free port, and a port that
   *        is taken is replaced by a free one unless `strict`
   * @param {boolean} [options.admin]     build and serve the admin at /app (default true)
   * @param {(line: string) => void} [options.say]
   */
  constructor({ root, dataDir, databaseUrl, ports, admin = true, say = console.log }) {
    Object.assign(this, { root, dataDir, databaseUrl, ports, admin, say })
    this.demoDir = path.join(root, "demo")
    this.logDir = path.join(dataDir, "logs")
    this.#children = new ChildProcesses({ logDir: this.logDir, say })
  }

  async start() {
    mkdirSync(this.dataDir, { recursive: true })
    this.say(`Logs of every step: ${shortPath(this.logDir)}/`)

    // Needs nothing else (it compiles the kit from its sources): it runs while the rest starts.
    const storefrontBuild = this.#buildStorefront()
    storefrontBuild.catch(() => {}) // awaited before the storefront starts
    await this.#buildPlugin()
    if (this.admin) await this.#buildAdmin()

    const ports = await this.#choosePorts()
    const medusaUrl = `http://localhost:${ports.medusa}`
    const storefrontOrigins = [`http://localhost:${ports.storefront}`, `http://127.0.0.1:${ports.storefront}`]

    const databaseUrl = await this.#startDatabase()
    const sandboxUrl = await this.#startSandbox(ports.sandbox)

    const env = {
      ...process.env,
      // `medusa start` is a production server: the admin is the prebuilt one, and
      // the demo config keeps its cookie usable over http.
      NODE_ENV: "production",
      MEDUSA_DISABLE_TELEMETRY: "true",
      DATABASE_URL: databaseUrl,
      JETPAY_BASE_URL: sandboxUrl,
      DEMO_MEDUSA_URL: medusaUrl,
      DEMO_STOREFRONT_ORIGINS: storefrontOrigins.join(","),
      DEMO_ADMIN: this.admin ? "on" : "off",
      // Webhook batches go out at once (the sandbox allows 0 s), so orders appear in seconds.
      JETPAY_WEBHOOK_MAX_WAIT_SECONDS: "0",
    }
    await this.#step("Migrating the database (medusa db:migrate)", () =>
      this.#children.run("migrate", process.execPath, [this.#medusaCli(), "db:migrate"], { cwd: this.demoDir, env })
    )
    const seedFile = path.join(this.dataDir, "seeded.json")
    rmSync(seedFile, { force: true })
    await this.#step("Seeding the store and registering its Jetpay webhook (medusa exec demo/seed-demo.ts)", () =>
      this.#children.run(
        "seed",
        process.execPath,
        // Jetpay calls Medusa server to server: the address Medusa listens on.
        [this.#medusaCli(), "exec", "./seed-demo.ts", seedFile, `http://127.0.0.1:${ports.medusa}`],
        { cwd: this.demoDir, env }
      )
    )
    const seeded = JSON.parse(readFileSync(seedFile, "utf8"))

    await this.#step(`Starting Medusa on ${medusaUrl} (medusa start)`, async () => {
      const medusa = this.#children.start(
        "medusa",
        process.execPath,
        [this.#medusaCli(), "start", "--host", "127.0.0.1", "--port", String(ports.medusa)],
        { cwd: this.demoDir, env }
      )
      await waitUntil(medusa, () => isOk(`http://127.0.0.1:${ports.medusa}/health`), {
        timeoutMs: 180_000,
        what: "Medusa",
      })
    })

    const storefrontUrl = `http://localhost:${ports.storefront}`
    await storefrontBuild
    await this.#step(`Starting the storefront on ${storefrontUrl} (next start in demo/storefront)`, async () => {
      const storefront = this.#children.start(
        "storefront",
        process.execPath,
        [nextBin(this.root), "start", "--port", String(ports.storefront), "--hostname", "127.0.0.1"],
        {
          cwd: storefrontDir(this.root),
          env: {
            ...nextEnv(process.env),
            // Read by the app on each request: one build serves any ports.
            MEDUSA_BACKEND_URL: medusaUrl,
            MEDUSA_SERVER_URL: `http://127.0.0.1:${ports.medusa}`,
            MEDUSA_PUBLISHABLE_KEY: seeded.publishableKey,
            DEMO_REGION_ID: seeded.regionId,
          },
        }
      )
      // The shop's page reads the products from Medusa on the server: it answers once both are up.
      await waitUntil(storefront, () => isOk(`http://127.0.0.1:${ports.storefront}/en`), { timeoutMs: 60_000, what: "the storefront" })
    })

    return {
      storefrontUrl,
      medusaUrl,
      adminUrl: this.admin ? `${medusaUrl}/app` : null,
      sandboxUrl,
      admin: { email: seeded.admin.email, password: seeded.admin.password },
      publishableKey: seeded.publishableKey,
      regionId: seeded.regionId,
      databaseUrl,
      embeddedDatabase: !this.databaseUrl,
      dataDir: this.dataDir,
      logDir: this.logDir,
    }
  }

  /** Stops everything this demo started, Medusa first and its database last. Safe to call twice. */
  async stop() {
    if (this.#stopping) return
    this.#stopping = true
    await this.#children.stopAll()
  }

  /** A second Ctrl-C: no more waiting. */
  kill() {
    this.#children.killAll()
  }

  async #buildPlugin() {
    const plugin = pluginBuildState(this.root)
    const sandbox = sandboxBuildState(this.root)
    const fingerprint = plugin !== "fresh" ? pluginBuildFingerprint(this.root) : null
    if (fingerprint && restoreBuild(this.root, "plugin", fingerprint, PLUGIN_BUILD_OUTPUTS)) {
      this.say(`  ✓ The plugin and sandbox builds came from the build cache (${shortPath(cacheRoot())})`)
    } else if (plugin !== "fresh") {
      await this.#step(
        `Building the plugin and the sandbox (npm run build; the plugin build is ${plugin})`,
        async () => {
          await this.#children.run("build", ...npm("run", "build"), { cwd: this.root, env: process.env, what: "npm run build" })
          saveBuild(this.root, "plugin", fingerprint, PLUGIN_BUILD_OUTPUTS)
        }
      )
    } else if (sandbox !== "fresh") {
      await this.#step(`Building the sandbox (npm run build:sandbox; its build is ${sandbox})`, () =>
        this.#children.run("build", ...npm("run", "build:sandbox"), { cwd: this.root, env: process.env })
      )
    } else {
      this.say("  ✓ The plugin and sandbox builds are up to date")
    }
  }

  /** The storefront's `next build`, when its sources or the kit's changed; resolves when it is ready. */
  async #buildStorefront() {
    const started = Date.now()
    let announced = false
    const how = await ensureStorefrontBuild({
      root: this.root,
      runBuild: (command, args, options) => {
        announced = true
        this.say("  → Building the storefront (next build in demo/storefront, alongside the steps below; once per change to it or the kit)")
        return this.#children.run("storefront-build", command, args, { ...options, what: "next build" })
      },
    })
    if (how === "current") this.say("  ✓ The storefront build (demo/storefront/.next) is up to date")
    else if (how === "cache") this.say(`  ✓ The storefront build (demo/storefront/.next) came from the build cache (${shortPath(cacheRoot())})`)
    else if (announced) this.say(`  ✓ The storefront is built (next build, ${((Date.now() - started) / 1000).toFixed(1)} s)`)
  }

  async #buildAdmin() {
    this.#linkPluginPackage()
    if (adminBuildIsCurrent(this.root)) {
      this.say("  ✓ The admin build (demo/public/admin) is up to date")
      return
    }
    const fingerprint = adminBuildFingerprint(this.root)
    if (restoreBuild(this.root, "admin", fingerprint.slice(0, 20), ["demo/public/admin"]) && adminBuildIsCurrent(this.root)) {
      this.say(`  ✓ The admin build (demo/public/admin) came from the build cache (${shortPath(cacheRoot())})`)
      return
    }
    await this.#step("Building the admin with the plugin's extensions (vite; a minute or two, once)", async () => {
      const output = path.join(this.demoDir, ".medusa", "admin")
      rmSync(output, { recursive: true, force: true })
      await this.#children.run("admin-build", process.execPath, [this.#medusaCli(), "build", "--admin-only"], {
        cwd: this.demoDir,
        env: {
          ...process.env,
          NODE_ENV: "production",
          MEDUSA_DISABLE_TELEMETRY: "true",
          // Lets the build's Tailwind find the plugin's widgets by package name too.
          NODE_PATH: path.join(this.demoDir, "node_modules"),
        },
        what: "admin build",
      })
      // `--admin-only` writes .medusa/admin; `medusa start` serves <app>/public/admin.
      const served = path.join(this.demoDir, "public", "admin")
      rmSync(served, { recursive: true, force: true })
      mkdirSync(path.dirname(served), { recursive: true })
      renameSync(output, served)
      writeFileSync(adminBuildStampFile(this.root), fingerprint)
      saveBuild(this.root, "admin", fingerprint.slice(0, 20), ["demo/public/admin"])
    })
  }

  /**
   * The admin's entry imports each plugin's extensions by package name
   * (`medusa-payment-jetpay/admin`), as from a store's node_modules: give the demo one.
   */
  #linkPluginPackage() {
    const link = path.join(this.demoDir, "node_modules", "medusa-payment-jetpay")
    mkdirSync(path.dirname(link), { recursive: true })
    try {
      if (lstatSync(link).isSymbolicLink()) return
      rmSync(link, { recursive: true, force: true })
    } catch {
      // No link yet.
    }
    symlinkSync(path.relative(path.dirname(link), this.root), link, "dir")
  }

  async #choosePorts() {
    const chosen = {}
    for (const [name, { port, strict }] of Object.entries(this.ports)) {
      if (port !== 0 && (await isPortFree(port))) chosen[name] = port
      else if (strict) throw new Error(`Port ${port} (${name}) is in use. Pick another one, or 0 for any free port.`)
      else {
        chosen[name] = await freePort()
        if (port !== 0) this.say(`  • Port ${port} is in use: the ${name} gets ${chosen[name]} instead`)
      }
    }
    return chosen
  }

  async #startDatabase() {
    if (this.databaseUrl) {
      return this.#step("PostgreSQL from DATABASE_URL", async () => {
        await ensureDatabase(this.databaseUrl)
        return this.databaseUrl
      })
    }
    const pgData = path.join(this.dataDir, "postgres")
    const first = !existsSync(path.join(pgData, "PG_VERSION"))
    return this.#step(
      `Starting PostgreSQL (embedded; data in ${shortPath(pgData)}${first ? ", created now" : ""})`,
      async () => {
        const server = this.#children.start("postgres", process.execPath, [path.join(this.root, "scripts/demo-postgres.mjs"), pgData], {
          cwd: this.root,
          env: process.env,
          stdin: "pipe",
        })
        await waitUntil(server, async () => /^ready /m.test(server.output), { timeoutMs: 120_000, what: "PostgreSQL" })
        const connection = JSON.parse(server.output.match(/^ready (.*)$/m)[1])
        const url = `postgres://${connection.user}:${connection.password}@${connection.host}:${connection.port}/${EMBEDDED_DATABASE}`
        await this.#freshIfSchemaChanged(url)
        await ensureDatabase(url)
        return url
      }
    )
  }

  /**
   * Until 0.1.0 is released its one migration is edited in place, and Medusa never runs a migration
   * twice: a demo database made with an earlier edit would lack its columns. The embedded database
   * keeps the fingerprint of the migrations it was made with, and starts empty when they changed
   * (it holds demo orders only).
   */
  async #freshIfSchemaChanged(url) {
    const stampFile = path.join(this.dataDir, "schema-fingerprint")
    const migrations = filesBelow(path.join(this.root, "src", "modules", "jetpay", "migrations"))
    const fingerprint = fingerprintFiles(this.root, migrations)
    const made = existsSync(stampFile) ? readFileSync(stampFile, "utf8").trim() : null
    if (made !== null && made !== fingerprint) {
      this.say("  The plugin's migration changed since this demo's database was made: starting from an empty database")
      await dropDatabase(url)
    }
    writeFileSync(stampFile, `${fingerprint}\n`)
  }

  async #startSandbox(port) {
    return this.#step(`Starting the Jetpay sandbox (node sandbox/dist/cli.js --port ${port})`, async () => {
      const sandbox = this.#children.start(
        "sandbox",
        process.execPath,
        [
          path.join(sandboxBuildDir(this.root), "cli.js"),
          "--port",
          String(port),
          // Jetpay's minimum batch wait is 60 s; the demo wants its orders now. (Event ids start at
          // the current time in ms, so a restarted sandbox never reuses one the store recorded.)
          "--min-wait-seconds",
          "0",
          "--webhook-retry-base-ms",
          "500",
        ],
        // Any token is accepted unless JETPAY_SANDBOX_TOKEN names one; the demo store sends its own.
        { cwd: this.root, env: { ...process.env, JETPAY_SANDBOX_TOKEN: "" } }
      )
      await waitUntil(sandbox, async () => /listening on http/.test(sandbox.output), { timeoutMs: 30_000, what: "Jetpay sandbox" })
      return sandbox.output.match(/listening on (http\S+)/)[1]
    })
  }

  #medusaCli() {
    return path.join(this.root, "node_modules/@medusajs/cli/cli.js")
  }

  /**
   * Runs one step between a "→ title" line and a "✓ done in N s" line (with
   * `describe(result)` after it, when given); returns the step's result.
   */
  async #step(title, work, describe) {
    if (this.#stopping) throw new Error("stopped")
    const started = Date.now()
    this.say(`  → ${title}`)
    const result = await work()
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    this.say(`  ✓ done in ${seconds} s${describe ? `: ${describe(result)}` : ""}`)
    return result
  }
}

/** npm as the running npm (npm run demo), else from PATH. */
function npm(...args) {
  return process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)
    ? [process.execPath, [process.env.npm_execpath, ...args]]
    : ["npm", args]
}

function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once("error", () => resolve(false))
    // No host: the port must be free on every interface, not just one of them.
    server.listen(port, () => server.close(() => resolve(true)))
  })
}

async function isOk(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) })
  return response.ok
}

/** Creates the database named in `url` when the server does not have it yet. */
/** Runs `sql` on the server's `postgres` database, with `{name}` the url's database, quoted. */
async function onServer(url, sql) {
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.slice(1))
  target.pathname = "/postgres"
  const admin = new pg.Client({ connectionString: target.toString() })
  await admin.connect()
  try {
    await admin.query(sql.replace("{name}", `"${name.replace(/"/g, '""')}"`))
  } finally {
    await admin.end()
  }
}

async function dropDatabase(url) {
  await onServer(url, "drop database if exists {name} with (force)")
}

async function ensureDatabase(url) {
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
    return
  } catch (error) {
    if (error.code !== "3D000") throw new Error(`Cannot connect to PostgreSQL at ${redact(url)}: ${error.message}`)
  } finally {
    await client.end().catch(() => {})
  }
  await onServer(url, "create database {name}")
}

/** A path relative to the current folder when it is inside it, else absolute. */
export function shortPath(file) {
  const short = path.relative(process.cwd(), file)
  return short && !short.startsWith("..") ? short : file
}

function redact(url) {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@")
}
