#!/usr/bin/env node
// `npm test`: every suite, on whatever PostgreSQL this machine has, several at once.
//
// Integration suites need PostgreSQL. When the one named by DB_HOST/DB_PORT/
// DB_USERNAME/DB_PASSWORD (default: localhost:5432, user postgres) answers, it is
// used; otherwise an embedded PostgreSQL runs from .data/test-postgres, kept between
// runs, so the suite passes on a fresh machine that has nothing but Node.
//
// Medusa keeps process-wide state that a second app in the same Jest process trips
// over, so each integration file runs in a Jest process of its own. Those processes
// run side by side (TEST_LANES at once, default: cores + 1, since most of a test's time
// is spent waiting on HTTP and timers), longest first, each after what it needs:
// the migrated template database (scripts/test-prepare.mjs) or the plugin's build.
// Each process's output is printed whole when it ends.
//
// Ends with the wall time, then one line `N passed, N failed[, N skipped]` that CI reads.
// Arguments (a path, -t ...) run one Jest with them instead, after the same preparation.
//
// With JETPAY_MEDUSA_DIR naming another Medusa install (npm run test:medusa-oldest,
// scripts/test-medusa-oldest.mjs), `@medusajs/*` is resolved from there (compat/jest.config.js,
// compat/medusa-resolve-hook.cjs), the template database is migrated by that Medusa, and only
// the http and module suites and the storefront kit's tests run.
import { spawn } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { connectsTo, startEmbeddedPostgres } from "./postgres.mjs"
import { cacheRoot } from "./build-cache.mjs"
import { ensureBuilds, ensureTemplateDatabase } from "./test-prepare.mjs"
import { ensureStorefrontBuild } from "./storefront-build.mjs"
import { runLogged } from "./run-logged.mjs"

const started = Date.now()
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const outputDir = path.join(root, "test-output")
// How long each run took last time, kept beside the build cache so a new clone on this machine
// starts its longest runs first too.
const medusaDir = process.env.JETPAY_MEDUSA_DIR ? path.resolve(process.env.JETPAY_MEDUSA_DIR) : undefined
const medusaVersion = JSON.parse(
  readFileSync(path.join(medusaDir ?? root, "node_modules/@medusajs/medusa/package.json"), "utf8")
).version
const durationsFile = path.join(cacheRoot(), medusaDir ? `test-durations-medusa-${medusaVersion}.json` : "test-durations.json")

const db = {
  host: process.env.DB_HOST || "localhost",
  port: Number(process.env.DB_PORT || 5432),
  user: process.env.DB_USERNAME || "postgres",
  password: process.env.DB_PASSWORD || "",
}

let embedded
if (!(await connectsTo(db))) {
  console.log(`PostgreSQL does not answer at ${db.host}:${db.port}; starting an embedded one (.data/test-postgres).`)
  embedded = await startEmbeddedPostgres(path.join(root, ".data", "test-postgres"), { persistent: true })
  Object.assign(db, embedded.connection)
}
console.log(`Tests use PostgreSQL at ${db.host}:${db.port} (user ${db.user}).`)

mkdirSync(outputDir, { recursive: true })

const env = {
  ...process.env,
  NODE_OPTIONS: [
    process.env.NODE_OPTIONS,
    "--experimental-vm-modules",
    medusaDir && `--require ${path.join(root, "compat", "medusa-resolve-hook.cjs")}`,
  ]
    .filter(Boolean)
    .join(" "),
  MEDUSA_DISABLE_TELEMETRY: "true",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "error",
  DB_HOST: db.host,
  DB_PORT: String(db.port),
  DB_USERNAME: db.user,
  DB_PASSWORD: db.password,
}

// What some runs need before they start, each made once.
const preparations = {
  // The root medusa-config.ts's schema, migrated once per fingerprint (the http and module suites copy it).
  template: () => ensureTemplateDatabase({ root, medusaDir, env, log: (line) => console.log(line) }),
  // The plugin's and the sandbox's builds (the cluster, the chaos run and the demo load them).
  builds: () => ensureBuilds({ root, log: (line) => console.log(line) }),
  // The demo storefront's `next build` (the browser checks drive it), once per fingerprint of its
  // and the kit's sources; it runs beside the plugin's build while the other lanes test.
  storefront: () =>
    ensureStorefrontBuild({
      root,
      runBuild: (command, args, options) => {
        console.log("Building the demo storefront (next build in demo/storefront; once per change to it or the kit)...")
        return runLogged(command, args, { ...options, logFile: path.join(outputDir, "storefront-build.log") })
      },
    }).then((how) => how === "cache" && console.log("The demo storefront's build came from the build cache.")),
}
const prepared = {}
const prepare = (name) => (prepared[name] ??= preparations[name]())

const unitWorkers = String(Math.max(2, os.availableParallelism?.() ?? os.cpus().length))
// Another Medusa runs the suites that boot Medusa apps from src/: the http and module ones.
const integrationDirs = medusaDir ? ["integration-tests/http", "integration-tests/modules"] : ["integration-tests"]
const configArgs = medusaDir ? ["--config", path.join(root, "compat", "jest.config.js")] : []
const runs =
  process.argv.length > 2
    ? [{ name: "selected", args: [...configArgs, ...process.argv.slice(2), "--runInBand"], needs: selectedNeeds(process.argv.slice(2)) }]
    : [
        ...(medusaDir
          ? [
              // The storefront kit's tests, with that Medusa's @medusajs/js-sdk.
              { name: "storefront kit", args: [...configArgs, "src/storefront", `--maxWorkers=${unitWorkers}`], needs: [] },
            ]
          : [
              {
                name: "unit and sandbox",
                args: ["--testPathIgnorePatterns", "/integration-tests/", `--maxWorkers=${unitWorkers}`],
                needs: [],
              },
            ]),
        ...integrationDirs
          .flatMap((dir) => specFiles(path.join(root, dir)))
          .map((file) => {
            const name = path.relative(root, file)
            // --forceExit: once its tests and their teardown ran, a process whose app left a timer
            // or a socket behind (a retry backoff, a keep-alive) ends instead of holding its lane.
            return { name, args: [...configArgs, file, "--runInBand", "--forceExit"], needs: needsOf(name) }
          }),
      ]

// Longest first, by the last run's durations (unknown ones count as long).
const lastDurations = readJson(durationsFile) ?? {}
runs.sort((a, b) => (lastDurations[b.name] ?? 120) - (lastDurations[a.name] ?? 120))

const lanes = Math.max(1, Number(process.env.TEST_LANES) || (os.availableParallelism?.() ?? os.cpus().length) + 1)
let stopping = false
const totals = { passed: 0, failed: 0, skipped: 0 }
const durations = {}
let exitCode = 0
const queue = runs.map((run, index) => ({ ...run, index }))

await Promise.all(Array.from({ length: Math.min(lanes, queue.length) }, () => lane()))

async function lane() {
  for (let run = queue.shift(); run && !stopping; run = queue.shift()) {
    const resultsFile = path.join(outputDir, `jest-results-${run.index}.json`)
    rmSync(resultsFile, { force: true })
    let output = ""
    let code
    const runStarted = Date.now()
    try {
      await Promise.all(run.needs.map(prepare))
      ;({ code, output } = await jest([...run.args, "--json", `--outputFile=${resultsFile}`]))
    } catch (error) {
      code = 1
      output = `Could not prepare ${run.name}: ${error?.stack ?? error}\n`
    }
    const seconds = (Date.now() - runStarted) / 1000
    durations[run.name] = Math.round(seconds)
    process.stdout.write(`\n===== ${run.name} (${seconds.toFixed(1)} s) =====\n${output}`)
    if (code !== 0) exitCode = code
    try {
      const results = JSON.parse(readFileSync(resultsFile, "utf8"))
      totals.passed += results.numPassedTests
      // A suite that crashed before its tests ran counts as a failure too.
      totals.failed += results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0)
      totals.skipped += results.numPendingTests + results.numTodoTests
    } catch {
      console.error(`Jest wrote no results for ${run.name}: it did not run.`)
      totals.failed += 1
    }
  }
}

if (embedded) await embedded.stop()
if (process.argv.length <= 2) {
  try {
    mkdirSync(path.dirname(durationsFile), { recursive: true })
    writeFileSync(durationsFile, JSON.stringify({ ...lastDurations, ...durations }, null, 2))
  } catch {
    // Only the order of the next run depends on it.
  }
}

const wall = Math.round((Date.now() - started) / 1000)
console.log(
  `\n${medusaDir ? `The suites on Medusa ${medusaVersion}` : "npm test"} took ${Math.floor(wall / 60)} min ${wall % 60} s of wall time ` +
    `(${lanes} Jest processes at once on ${os.availableParallelism?.() ?? os.cpus().length} cores)`
)
console.log(`${totals.passed} passed, ${totals.failed} failed` + (totals.skipped ? `, ${totals.skipped} skipped` : ""))
process.exit(totals.failed > 0 || totals.passed === 0 ? exitCode || 1 : 0)

function jest(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules", "jest", "bin", "jest.js"), ...args], {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    })
    const chunks = []
    child.stdout.on("data", (chunk) => chunks.push(chunk))
    child.stderr.on("data", (chunk) => chunks.push(chunk))
    const forward = (signal) => {
      stopping = true
      child.kill(signal)
    }
    process.once("SIGINT", forward)
    process.once("SIGTERM", forward)
    child.on("close", (childCode, signal) => {
      process.off("SIGINT", forward)
      process.off("SIGTERM", forward)
      resolve({ code: childCode ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString("utf8") })
    })
  })
}

/** What a test file needs made first: the builds for the demo, cluster and chaos runs (the browser's also the storefront), else the template database. */
function needsOf(file) {
  if (/integration-tests\/browser\//.test(file)) return ["builds", "storefront"]
  return /integration-tests\/(cluster|chaos)\//.test(file) ? ["builds"] : ["template"]
}

/** A run of chosen files or tests: the template and the builds, and the storefront's when a browser check is named. */
function selectedNeeds(args) {
  const browser = args.some((arg) => /(^|\/)integration-tests\/browser(\/|$)/.test(path.relative(root, path.resolve(arg))))
  return ["template", "builds", ...(browser ? ["storefront"] : [])]
}

/** Every *.spec.ts below a folder, sorted, so runs are in a stable order. */
function specFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) return specFiles(full)
      return entry.name.endsWith(".spec.ts") ? [full] : []
    })
    .sort()
}

function readJson(file) {
  try {
    return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined
  } catch {
    return undefined
  }
}
