#!/usr/bin/env node
// `npm test`: every suite, on whatever PostgreSQL this machine has.
//
// Integration suites need PostgreSQL. When the one named by DB_HOST/DB_PORT/
// DB_USERNAME/DB_PASSWORD (default: localhost:5432, user postgres) answers, it is
// used; otherwise an embedded PostgreSQL is started in .data/test-postgres for
// this run, so the suite passes on a fresh machine that has nothing but Node.
// Ends with one line `N passed, N failed[, N skipped]` that CI reads.
import { spawn } from "node:child_process"
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { connectsTo, startEmbeddedPostgres } from "./postgres.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const outputDir = path.join(root, "test-output")

const db = {
  host: process.env.DB_HOST || "localhost",
  port: Number(process.env.DB_PORT || 5432),
  user: process.env.DB_USERNAME || "postgres",
  password: process.env.DB_PASSWORD || "",
}

let embedded
if (!(await connectsTo(db))) {
  console.log(`PostgreSQL does not answer at ${db.host}:${db.port}; starting an embedded one.`)
  embedded = await startEmbeddedPostgres(path.join(root, ".data", "test-postgres"), {
    persistent: false,
  })
  Object.assign(db, embedded.connection)
}
console.log(`Tests use PostgreSQL at ${db.host}:${db.port} (user ${db.user}).`)

mkdirSync(outputDir, { recursive: true })

const env = {
  ...process.env,
  NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" "),
  MEDUSA_DISABLE_TELEMETRY: "true",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "error",
  DB_HOST: db.host,
  DB_PORT: String(db.port),
  DB_USERNAME: db.user,
  DB_PASSWORD: db.password,
}

// Medusa keeps process-wide state that a second app in the same Jest process trips
// over, so each integration file runs in a Jest process of its own; everything
// else runs together. Arguments (a path, -t ...) run one Jest with them instead.
const runs = process.argv.length > 2
  ? [{ name: "selected", args: process.argv.slice(2) }]
  : [
      { name: "unit", args: ["--testPathIgnorePatterns", "/integration-tests/"] },
      ...specFiles(path.join(root, "integration-tests")).map((file) => ({
        name: path.relative(root, file),
        args: [file],
      })),
    ]

let stopping = false
const totals = { passed: 0, failed: 0, skipped: 0 }
let exitCode = 0
for (const [index, run] of runs.entries()) {
  if (stopping) break
  const resultsFile = path.join(outputDir, `jest-results-${index}.json`)
  rmSync(resultsFile, { force: true })
  const code = await jest([...run.args, "--runInBand", "--json", `--outputFile=${resultsFile}`])
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

if (embedded) await embedded.stop()

console.log(`${totals.passed} passed, ${totals.failed} failed` + (totals.skipped ? `, ${totals.skipped} skipped` : ""))
process.exit(totals.failed > 0 || totals.passed === 0 ? exitCode || 1 : 0)

function jest(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules", "jest", "bin", "jest.js"), ...args], {
      cwd: root,
      env,
      stdio: "inherit",
    })
    const forward = (signal) => {
      stopping = true
      child.kill(signal)
    }
    process.once("SIGINT", forward)
    process.once("SIGTERM", forward)
    child.on("exit", (childCode, signal) => {
      process.off("SIGINT", forward)
      process.off("SIGTERM", forward)
      resolve(childCode ?? (signal ? 1 : 0))
    })
  })
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
