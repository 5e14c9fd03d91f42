// close() must leave nothing running (Jest exits without --forceExit), and the compiled CLI
// must start, print its URL first and stop on SIGINT.

import { spawn, spawnSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { startSandbox } from "../index"
import { client } from "./helpers/client"
import { sleep, startReceiver, waitUntil } from "./helpers/receiver"

describe("close()", () => {
  it("ends held and slow requests, stops retries, and can be called twice", async () => {
    const receiver = await startReceiver()
    receiver.respondWith(() => 500)
    const sandbox = await startSandbox({ minWaitSeconds: 0, webhookRetryBaseMs: 100 })
    try {
      const api = client(sandbox.url)
      await api.post("/webhooks/", { callback_url: receiver.url, max_wait_seconds: 0 })
      await api.debit((await api.contact()).identifier)
      await receiver.waitFor(1)
      await api.post("/_sandbox/faults", { path: "/webhooks", timeout: true })
      await api.post("/_sandbox/faults", { path: "/transaction", latency_ms: 60_000 })
      const held = api.get("/webhooks/").catch((error: unknown) => error)
      const slow = api.get("/transaction/x/status").catch((error: unknown) => error)
      await waitUntil(async () => (await api.get("/_sandbox/faults")).body.length === 0, 2000, "both faults in use")

      // close() does not wait for the held and the slow request (60 s): the clients see
      // their sockets closed instead of waiting forever.
      await sandbox.close()
      // (fetch's errors come from Node's realm, not Jest's: compare by name.)
      expect(await held).toMatchObject({ name: "TypeError", message: "fetch failed" })
      expect(await slow).toMatchObject({ name: "TypeError", message: "fetch failed" })
      await sandbox.close()

      const deliveriesAtClose = receiver.received.length
      await sleep(400) // several retry periods
      expect(receiver.received).toHaveLength(deliveriesAtClose)
      await expect(fetch(`${sandbox.url}/.well-known/jwks.json`)).rejects.toMatchObject({ name: "TypeError" })
    } finally {
      await sandbox.close()
      await receiver.close()
    }
  })
})

describe("compiled sandbox", () => {
  const repo = path.resolve(__dirname, "..", "..")
  let outDir: string

  beforeAll(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), "jetpay-sandbox-cli-"))
    // jose and zod resolve from the output's location, as they would from sandbox/dist.
    fs.symlinkSync(path.join(repo, "node_modules"), path.join(outDir, "node_modules"), "dir")
    const tsc = spawnSync(
      process.execPath,
      [require.resolve("typescript/bin/tsc"), "-p", path.join(repo, "sandbox", "tsconfig.json"), "--outDir", path.join(outDir, "sandbox")],
      { cwd: repo, encoding: "utf8" }
    )
    if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`)
  }, 60_000)

  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }))

  const cli = () => path.join(outDir, "sandbox", "cli.js")

  it("lets the process exit by itself after close(), whatever was pending", () => {
    // Outside Jest, so that nothing but the sandbox can keep the event loop alive: if close()
    // left a timer, socket or server behind, this script would not end on its own.
    const script = path.join(outDir, "close-then-exit.js")
    fs.writeFileSync(
      script,
      `
const http = require("node:http")
const { startSandbox } = require("./sandbox/index.js")
async function main() {
  const receiver = http.createServer((req, res) => { req.resume(); res.writeHead(500).end() })
  await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve))
  const hookUrl = "http://127.0.0.1:" + receiver.address().port + "/hooks"
  const sandbox = await startSandbox({ minWaitSeconds: 0, webhookRetryBaseMs: 60000 })
  const call = (method, path, body) => fetch(sandbox.url + path, {
    method, headers: { authorization: "Bearer t", "content-type": "application/json" },
    body: body && JSON.stringify(body) }).then((r) => r.json())
  await call("POST", "/webhooks/", { callback_url: hookUrl, max_wait_seconds: 0, max_batch_size: 100 })
  const contact = await call("PUT", "/contact", { email: "a@b.co", name: "A", language: "en" })
  await call("PUT", "/debit", { amount: 100, statement: "S", to_bank_account: "acct", contact_id: contact.identifier })
  while ((await call("GET", "/_sandbox/deliveries")).length === 0) await new Promise((r) => setTimeout(r, 10))
  await call("POST", "/_sandbox/faults", { path: "/webhooks", timeout: true })
  await call("POST", "/_sandbox/faults", { path: "/transaction", latency_ms: 600000 })
  const pending = [call("GET", "/webhooks/").catch(() => "closed"), call("GET", "/transaction/x/status").catch(() => "closed")]
  await new Promise((r) => setTimeout(r, 100))
  await sandbox.close()
  console.log("closed", (await Promise.all(pending)).join(","))
  await new Promise((resolve) => receiver.close(resolve))
}
main().catch((error) => { console.error(error); process.exitCode = 1 })
`
    )
    const run = spawnSync(process.execPath, [script], { encoding: "utf8", timeout: 15_000 })
    expect(run.error).toBeUndefined() // a timeout means something kept the process alive
    expect(run.stderr).toBe("")
    expect(run.stdout.trim()).toBe("closed closed,closed")
    expect(run.status).toBe(0)
  }, 20_000)

  it("starts the CLI with a shebang", () => {
    expect(fs.readFileSync(cli(), "utf8").split("\n")[0]).toBe("#!/usr/bin/env node")
  })

  it("prints its URL first, serves, and exits 0 on SIGINT", async () => {
    const child = spawn(process.execPath, [cli(), "--port", "0", "--surcharge-rate", "0.05"], {
      stdio: ["ignore", "pipe", "pipe"],
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
    try {
      await waitUntil(() => stdout.includes("\n"), 10_000, "the first line")
      const firstLine = stdout.split("\n")[0]
      const match = /^Jetpay sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(firstLine)
      expect(match).not.toBeNull()
      const url = match![1]
      expect(Number(match![2])).toBeGreaterThan(0)

      const api = client(url, "cli-secret-token")
      const debit = await api.debit((await api.contact()).identifier, { amount: 10000 })
      expect(debit.customer_surcharge_amount).toBe(500)
      await waitUntil(() => stdout.includes("PUT /debit 200"), 2000, "the request log line")
      expect(stdout).not.toContain("cli-secret-token")

      child.kill("SIGINT")
      expect(await exited).toBe(0)
      expect(stderr).toBe("")
    } finally {
      child.kill("SIGKILL")
    }
  })

  it.each([
    [["--help"], 0, /Usage: medusa-payment-jetpay-sandbox/],
    [["--port", "abc"], 2, /--port expects a number/],
    [["--nope"], 2, /Unknown option/],
    [["--port", "0", "--surcharge-rate", "2"], 1, /surchargeRate/],
  ])("CLI %p exits %i", (args, code, output) => {
    const run = spawnSync(process.execPath, [cli(), ...args], { encoding: "utf8", timeout: 10_000 })
    expect(run.status).toBe(code)
    expect(run.stdout + run.stderr).toMatch(output)
  })
})
