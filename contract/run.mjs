#!/usr/bin/env node
// `npm run test:contract`: the plugin's Jetpay client against Jetpay's demo API, to confirm the
// points of the Jetpay contract the plugin infers rather than reads in Jetpay's documentation.
// It needs a demo account; without JETPAY_DEMO_API_KEY it says what to set and runs nothing.
import { spawn } from "node:child_process"
import path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const needs = {
  JETPAY_DEMO_API_KEY: "an API token of a Jetpay demo account (Jetpay dashboard, shown once)",
  JETPAY_DEMO_BANK_ACCOUNT_ID: "that account's bank account id (debits are paid to it, credits leave from it)",
}
const missing = Object.keys(needs).filter((name) => !process.env[name])
if (missing.length) {
  console.log("The Jetpay contract test calls Jetpay's demo API and needs:")
  for (const [name, what] of Object.entries(needs)) console.log(`  ${name}${missing.includes(name) ? " (not set)" : ""}: ${what}`)
  console.log("Optional:")
  console.log("  JETPAY_DEMO_BASE_URL: another API host (default https://extapi.demo.jetpay.baselinepayments.com)")
  console.log("  JETPAY_DEMO_CALLBACK_URL: an https URL to register a webhook for (default: the webhook steps are skipped)")
  console.log("Nothing was run.")
  process.exit(0)
}
const child = spawn(
  process.execPath,
  [path.join(root, "node_modules/jest/bin/jest.js"), "--config", "contract/jest.config.js", "--runInBand", ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit", env: { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" ") } }
)
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
