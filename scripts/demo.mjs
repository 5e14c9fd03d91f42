#!/usr/bin/env node
// `npm run demo`: a Medusa store with this plugin, the Jetpay sandbox and a Next.js
// storefront built with the plugin's storefront kit, on this machine, with nothing but
// Node installed. Ctrl-C stops it all; running it again carries on with the same data.
//
// Environment (all optional):
//   DATABASE_URL           a PostgreSQL to use; default: an embedded one, data in .demo-data/postgres
//   DEMO_DATA_DIR          where the embedded database, the logs and the seed output live (.demo-data)
//   DEMO_MEDUSA_PORT       Medusa and its admin (default 9000)     } 0: any free port. A default port
//   DEMO_STOREFRONT_PORT   the storefront (default 8000)           } that is taken is replaced by a
//   DEMO_SANDBOX_PORT      the Jetpay sandbox (default 4010)       } free one; a port you set is not.
//   DEMO_ADMIN=off         skip the admin (and its first-time build)
//   DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD   the admin login made on first start
import { execFileSync } from "node:child_process"
import { existsSync, rmSync, writeFileSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const started = Date.now()
const say = (line) => console.log(line)

say("Jetpay demo: starting a Medusa store with the Jetpay plugin, the Jetpay sandbox and a storefront")

// A fresh clone: the packages come first (everything below imports them).
if (!existsSync(path.join(root, "node_modules", "@medusajs", "medusa"))) {
  say("  → Installing packages (npm ci; a few minutes, once)")
  execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" })
}
const { DemoStack, shortPath } = await import("./demo-stack.mjs")

const port = (name, fallback) => {
  const value = process.env[name]
  if (value === undefined || value === "") return { port: fallback, strict: false }
  const number = Number(value)
  if (!Number.isInteger(number) || number < 0 || number > 65535) {
    console.error(`${name} must be a port number (0 for any free port), got "${value}"`)
    process.exit(2)
  }
  return { port: number, strict: number !== 0 }
}

const dataDir = path.resolve(root, process.env.DEMO_DATA_DIR || ".demo-data")
const readyFile = path.join(dataDir, "ready.json")
const demo = new DemoStack({
  root,
  dataDir,
  databaseUrl: process.env.DATABASE_URL || undefined,
  ports: {
    medusa: port("DEMO_MEDUSA_PORT", 9000),
    storefront: port("DEMO_STOREFRONT_PORT", 8000),
    sandbox: port("DEMO_SANDBOX_PORT", 4010),
  },
  admin: process.env.DEMO_ADMIN !== "off",
  say,
})

let stopping = false
/** Stops everything started so far; a signal is Ctrl-C (exit 0), none is a failed start (exit 1). */
async function shutdown(signal) {
  if (stopping) {
    say("Stopping now (second signal): killing what is left.")
    demo.kill()
    process.exit(130)
  }
  stopping = true
  rmSync(readyFile, { force: true })
  if (signal) say(`\n${signal}: stopping the demo (Medusa, the sandbox, the storefront${process.env.DATABASE_URL ? "" : ", PostgreSQL"})...`)
  await demo.stop()
  say(signal ? "Demo stopped. `npm run demo` starts it again with the same data." : "Stopped what had started.")
  process.exit(signal ? 0 : 1)
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => shutdown(signal))

let info
try {
  info = await demo.start()
} catch (error) {
  if (!stopping) {
    say(`\nThe demo could not start: ${error.message}`)
    await shutdown()
  }
  // A signal is already stopping everything.
  await new Promise(() => {})
}

say(`
Jetpay demo is ready (started in ${Math.round((Date.now() - started) / 1000)} s):
  Storefront      ${info.storefrontUrl}
  Medusa admin    ${info.adminUrl ?? "off (DEMO_ADMIN=off)"}   login: ${info.admin.email} / ${info.admin.password}
  Medusa API      ${info.medusaUrl}   publishable key: ${info.publishableKey}
  Jetpay sandbox  ${info.sandboxUrl}   (payment pages; control API under /_sandbox/)
  Data            ${info.embeddedDatabase ? `${shortPath(path.join(info.dataDir, "postgres"))} (embedded PostgreSQL)` : "DATABASE_URL"}; logs in ${shortPath(info.logDir)}/

Try it: add a product to the cart, check out, and click "Pay by bank or card (Jetpay)": the sandbox's
page opens in a new tab. Pay there by bank or by card; the shop's tab then shows the order (also in
the admin under Orders). The shop speaks English and French: EN | FR at the top.
Ctrl-C stops everything; \`npm run demo\` again keeps the orders.`)

// For scripts and tests that start the demo: everything above, as JSON.
writeFileSync(readyFile, JSON.stringify({ ...info, pid: process.pid }, null, 2))
