import { spawn, type ChildProcess } from "node:child_process"
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs"
import path from "node:path"
import pg from "pg"

export const ROOT = path.resolve(__dirname, "../..")

/** What `npm run demo` writes to <data dir>/ready.json once everything answers. */
export type DemoInfo = {
  storefrontUrl: string
  medusaUrl: string
  adminUrl: string | null
  sandboxUrl: string
  admin: { email: string; password: string }
  publishableKey: string
  regionId: string
  databaseUrl: string
  pid: number
}

export type DemoProcess = {
  info: DemoInfo
  child: ChildProcess
  logFile: string
  /** Ctrl-C: SIGINT, then the exit code (null if it had to be killed after `timeoutMs`). */
  interrupt: (timeoutMs?: number) => Promise<number | null>
}

/**
 * Runs the demo as a person would (`node scripts/demo.mjs`), on free ports, with its
 * own embedded PostgreSQL in `dataDir`: a new one, or with `keepData` the one an earlier
 * run left there (as a second `npm run demo` finds it). Without the admin unless asked
 * (its production build costs a minute, once per fingerprint). Resolves once ready.
 */
export async function startDemo({
  dataDir,
  logFile,
  timeoutMs,
  admin = false,
  keepData = false,
}: {
  dataDir: string
  logFile: string
  timeoutMs: number
  admin?: boolean
  keepData?: boolean
}): Promise<DemoProcess> {
  if (!keepData) rmSync(dataDir, { recursive: true, force: true })
  mkdirSync(path.dirname(logFile), { recursive: true })
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DEMO_DATA_DIR: dataDir,
    DEMO_MEDUSA_PORT: "0",
    DEMO_STOREFRONT_PORT: "0",
    DEMO_SANDBOX_PORT: "0",
    DEMO_ADMIN: admin ? "on" : "off",
  }
  // What Jest and npm test set for themselves, not for a demo started from a terminal.
  for (const name of ["NODE_OPTIONS", "NODE_ENV", "LOG_LEVEL", "DATABASE_URL"]) delete env[name]

  const log = createWriteStream(logFile)
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/demo.mjs")], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  })
  let output = ""
  const onData = (chunk: Buffer) => {
    log.write(chunk)
    output += chunk.toString()
  }
  child.stdout!.on("data", onData)
  child.stderr!.on("data", onData)
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))

  const readyFile = path.join(dataDir, "ready.json")
  const deadline = Date.now() + timeoutMs
  while (!(existsSync(readyFile) && /Jetpay demo is ready/.test(output))) {
    if (child.exitCode !== null) {
      throw new Error(`npm run demo exited with ${child.exitCode} before it was ready:\n${output.slice(-4000)}`)
    }
    if (Date.now() > deadline) {
      child.kill("SIGINT")
      throw new Error(`npm run demo was not ready after ${timeoutMs / 1000} s:\n${output.slice(-4000)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  const info = JSON.parse(readFileSync(readyFile, "utf8")) as DemoInfo
  if (admin && !info.adminUrl) throw new Error("the demo started without its admin")

  return {
    info,
    child,
    logFile,
    interrupt: async (stopTimeoutMs = 30_000) => {
      if (child.exitCode === null) child.kill("SIGINT")
      const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), stopTimeoutMs).unref())
      const result = await Promise.race([exited, timer])
      if (result === "timeout") {
        child.kill("SIGKILL")
        await exited
        log.end()
        return null
      }
      log.end()
      return result
    },
  }
}

/** Polls `check` until it returns a value (not undefined), or fails naming `what` after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** Rows of one query on the demo's database (what the store recorded, read the way an operator would). */
export async function demoRows<T>(databaseUrl: string, sql: string, params: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return (await client.query(sql, params)).rows as T[]
  } finally {
    await client.end()
  }
}

/** The orders Medusa made from a cart (its order_cart links), from the demo's database. */
export async function ordersOfDemoCart(databaseUrl: string, cartId: string): Promise<string[]> {
  const rows = await demoRows<{ order_id: string }>(
    databaseUrl,
    "select order_id from order_cart where cart_id = $1 and deleted_at is null order by order_id",
    [cartId]
  )
  return rows.map((row) => row.order_id)
}
