import { spawn } from "node:child_process"
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs"
import path from "node:path"
import { ROOT, type DemoInfo } from "../browser/demo-process"

export type AdminDemo = { info: DemoInfo; stop: () => Promise<number | null> }

/**
 * `npm run demo` with its admin (at /app), on free ports and a new data folder, for the
 * admin's browser test. browser/demo-process.ts's startDemo is the same but always
 * leaves the admin out (its build costs a minute); an `admin` option there would
 * replace this file.
 */
export async function startDemoWithAdmin({ dataDir, logFile, timeoutMs }: { dataDir: string; logFile: string; timeoutMs: number }): Promise<AdminDemo> {
  rmSync(dataDir, { recursive: true, force: true })
  mkdirSync(path.dirname(logFile), { recursive: true })
  const env: NodeJS.ProcessEnv = { ...process.env, DEMO_DATA_DIR: dataDir, DEMO_MEDUSA_PORT: "0", DEMO_STOREFRONT_PORT: "0", DEMO_SANDBOX_PORT: "0" }
  // Jest's and npm test's settings, not a terminal's.
  for (const name of ["NODE_OPTIONS", "NODE_ENV", "LOG_LEVEL", "DATABASE_URL", "DEMO_ADMIN"]) delete env[name]

  const log = createWriteStream(logFile)
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/demo.mjs")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] })
  let output = ""
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on("data", (chunk: Buffer) => {
      log.write(chunk)
      output += chunk.toString()
    })
  }
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))

  const readyFile = path.join(dataDir, "ready.json")
  const deadline = Date.now() + timeoutMs
  while (!(existsSync(readyFile) && /Jetpay demo is ready/.test(output))) {
    if (child.exitCode !== null) throw new Error(`npm run demo exited with ${child.exitCode}:\n${output.slice(-4000)}`)
    if (Date.now() > deadline) {
      child.kill("SIGINT")
      throw new Error(`npm run demo was not ready after ${timeoutMs / 1000} s:\n${output.slice(-4000)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  const info = JSON.parse(readFileSync(readyFile, "utf8")) as DemoInfo
  if (!info.adminUrl) throw new Error("the demo started without its admin")

  return {
    info,
    // Ctrl-C, as a person stops it; killed if it has not stopped within 30 s.
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGINT")
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000)
      const code = await exited
      clearTimeout(timer)
      log.end()
      return code
    },
  }
}
