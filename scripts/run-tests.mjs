#!/usr/bin/env node
// `npm test`: every suite, on whatever PostgreSQL this machine has.
//
// Integration suites need PostgreSQL. When the one named by DB_HOST/DB_PORT/
// DB_USERNAME/DB_PASSWORD (default: localhost:5432, user postgres) answers, it is
// used; otherwise an embedded PostgreSQL is started in .data/test-postgres for
// this run, so the suite passes on a fresh machine that has nothing but Node.
// Ends with one line `N passed, N failed[, N skipped]` that CI reads.
import { spawn } from "node:child_process"
import { mkdirSync, readFileSync, rmSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { connectsTo, startEmbeddedPostgres } from "./postgres.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const outputDir = path.join(root, "test-output")
const resultsFile = path.join(outputDir, "jest-results.json")

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
rmSync(resultsFile, { force: true })

const jestArgs = [
  path.join(root, "node_modules", "jest", "bin", "jest.js"),
  // Medusa apps share ports and databases: one suite file at a time.
  "--runInBand",
  "--json",
  `--outputFile=${resultsFile}`,
  ...process.argv.slice(2),
]
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

const code = await new Promise((resolve) => {
  const child = spawn(process.execPath, jestArgs, { cwd: root, env, stdio: "inherit" })
  const forward = (signal) => child.kill(signal)
  process.on("SIGINT", forward)
  process.on("SIGTERM", forward)
  child.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)))
})

if (embedded) await embedded.stop()

let passed = 0
let failed = 1
let skipped = 0
try {
  const results = JSON.parse(readFileSync(resultsFile, "utf8"))
  passed = results.numPassedTests
  // A suite that crashed before its tests ran counts as a failure too.
  failed = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0)
  skipped = results.numPendingTests + results.numTodoTests
} catch {
  console.error("Jest wrote no results: it did not run.")
}
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""))
process.exit(failed > 0 || passed === 0 ? code || 1 : code)
