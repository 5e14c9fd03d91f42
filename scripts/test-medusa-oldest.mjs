#!/usr/bin/env node
// `npm run test:medusa-oldest`: the http and module integration suites on the oldest Medusa
// the plugin supports (compat/medusa-2.18: its own package.json and lockfile, installed apart
// from the repository's node_modules with `npm ci`, again only when its lockfile changes).
// The plugin's source and the tests are the repository's; `@medusajs/*` comes from that
// install (compat/jest.config.js, compat/medusa-resolve-hook.cjs). The rest is `npm test`'s
// runner (scripts/run-tests.mjs): same PostgreSQL choice (embedded when none answers), a
// template database migrated by that Medusa under its own name, and the closing lines
// `... took N min N s of wall time` and `N passed, N failed`. Arguments are passed on to it.
import { spawn, spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const medusaDir = path.join(root, "compat", "medusa-2.18")
const stamp = path.join(medusaDir, "node_modules", ".jetpay-lockfile-sha256")
const lockHash = createHash("sha256").update(readFileSync(path.join(medusaDir, "package-lock.json"))).digest("hex")

if (!existsSync(stamp) || readFileSync(stamp, "utf8").trim() !== lockHash) {
  console.log(`Installing Medusa ${readMedusaVersion(path.join(medusaDir, "package.json"))} apart (npm ci in compat/medusa-2.18)...`)
  const npm = process.platform === "win32" ? "npm.cmd" : "npm"
  // Install scripts are not needed: the tests use the repository's swc, and the admin is not built.
  const install = spawnSync(npm, ["ci", "--prefix", medusaDir, "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: medusaDir,
    stdio: "inherit",
  })
  if (install.status !== 0) {
    console.log("0 passed, 1 failed (npm ci in compat/medusa-2.18 failed)")
    process.exit(install.status || 1)
  }
  writeFileSync(stamp, `${lockHash}\n`)
}
console.log(`Medusa ${readMedusaVersion(path.join(medusaDir, "node_modules/@medusajs/medusa/package.json"))} from compat/medusa-2.18`)

const child = spawn(process.execPath, [path.join(root, "scripts", "run-tests.mjs"), ...process.argv.slice(2)], {
  cwd: root,
  env: { ...process.env, JETPAY_MEDUSA_DIR: medusaDir },
  stdio: "inherit",
})
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal))
child.on("close", (code, signal) => process.exit(code ?? (signal ? 1 : 0)))

function readMedusaVersion(file) {
  const pkg = JSON.parse(readFileSync(file, "utf8"))
  return pkg.dependencies?.["@medusajs/medusa"] ?? pkg.version
}
