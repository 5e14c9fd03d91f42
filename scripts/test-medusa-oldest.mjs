#!/usr/bin/env node
// `npm run test:medusa-oldest`: the http and module integration suites on the oldest Medusa the
// plugin supports. compat/medusa-2.18 holds that Medusa's package.json and lockfile; they are
// installed with `npm ci` apart from the repository, in the build cache folder
// (scripts/build-cache.mjs), once per lockfile, so neither Jest nor tsc ever crawls them.
// The plugin's source and the tests are the repository's; `@medusajs/*` comes from that install
// (compat/jest.config.js, compat/medusa-resolve-hook.cjs). The rest is `npm test`'s runner
// (scripts/run-tests.mjs): the same PostgreSQL choice (embedded when none answers), a template
// database migrated by that Medusa under a name of its own, and the closing lines
// `... took N min N s of wall time` and `N passed, N failed`. Arguments are passed on to it.
import { spawn, spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { cacheRoot } from "./build-cache.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const manifestDir = path.join(root, "compat", "medusa-2.18")
const version = JSON.parse(readFileSync(path.join(manifestDir, "package.json"), "utf8")).dependencies["@medusajs/medusa"]

const lockHash = createHash("sha256")
  .update(readFileSync(path.join(manifestDir, "package.json")))
  .update(readFileSync(path.join(manifestDir, "package-lock.json")))
  .digest("hex")
  .slice(0, 16)
const installs = path.join(cacheRoot(), `medusa-${version}`)
const medusaDir = path.join(installs, lockHash)

if (!existsSync(path.join(medusaDir, ".complete"))) {
  console.log(`Installing Medusa ${version} apart (npm ci of compat/medusa-2.18 in ${medusaDir})...`)
  // Installed under another name, then renamed: a half-made install is never used.
  const building = `${medusaDir}.${process.pid}.tmp`
  rmSync(building, { recursive: true, force: true })
  mkdirSync(building, { recursive: true })
  for (const file of ["package.json", "package-lock.json"]) copyFileSync(path.join(manifestDir, file), path.join(building, file))
  const npm = process.platform === "win32" ? "npm.cmd" : "npm"
  // No install scripts: the tests run the repository's swc, and no admin is built.
  const install = spawnSync(npm, ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: building, stdio: "inherit" })
  if (install.status !== 0) {
    rmSync(building, { recursive: true, force: true })
    console.log(`0 passed, 1 failed (npm ci of compat/medusa-2.18 failed, exit ${install.status})`)
    process.exit(install.status || 1)
  }
  writeFileSync(path.join(building, ".complete"), `${lockHash}\n`)
  if (existsSync(path.join(medusaDir, ".complete"))) rmSync(building, { recursive: true, force: true }) // another run made it first
  else {
    rmSync(medusaDir, { recursive: true, force: true })
    renameSync(building, medusaDir)
  }
  // Installs of earlier lockfiles go.
  for (const name of readdirSync(installs)) {
    if (name !== lockHash && !name.endsWith(".tmp")) rmSync(path.join(installs, name), { recursive: true, force: true })
  }
}
const installed = JSON.parse(readFileSync(path.join(medusaDir, "node_modules/@medusajs/medusa/package.json"), "utf8")).version
console.log(`The suites run on Medusa ${installed} (compat/medusa-2.18, installed in ${medusaDir}).`)

const child = spawn(process.execPath, [path.join(root, "scripts", "run-tests.mjs"), ...process.argv.slice(2)], {
  cwd: root,
  env: { ...process.env, JETPAY_MEDUSA_DIR: medusaDir },
  stdio: "inherit",
})
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal))
child.on("close", (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
