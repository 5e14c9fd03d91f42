import { spawn, type ChildProcess } from "node:child_process"
import { readFileSync } from "node:fs"
import path from "node:path"
import type { Sandbox } from "../sandbox"

/**
 * The Jetpay sandbox in a process of its own (its built CLI, `sandbox/dist/cli.js`), as Jetpay is
 * another company's server: its work (debits, payment pages, signing webhook batches) is then not
 * counted as the store's. Started before the Medusa app boots so the app's provider options
 * (JETPAY_BASE_URL) point at it; stopped after the file.
 */
export function useSandboxProcess(): { current: () => Sandbox; cpuMs: () => number | null } {
  let child: ChildProcess | undefined
  let sandbox: Sandbox | undefined
  beforeAll(async () => {
    const cli = path.resolve(__dirname, "..", "sandbox", "dist", "cli.js")
    child = spawn(
      process.execPath,
      [cli, "--port", "0", "--min-wait-seconds", "0", "--webhook-retry-base-ms", "50", "--quiet"],
      { env: { ...process.env, JETPAY_SANDBOX_TOKEN: "" }, stdio: ["ignore", "pipe", "pipe"] }
    )
    const url = await listeningUrl(child)
    const port = Number(new URL(url).port)
    const running = child
    sandbox = {
      url,
      port,
      close: () =>
        new Promise<void>((resolve) => {
          if (running.exitCode !== null || running.signalCode !== null) return resolve()
          running.once("exit", () => resolve())
          running.kill("SIGTERM")
        }),
    }
    process.env.JETPAY_BASE_URL = url
  })
  afterAll(async () => {
    await sandbox?.close()
  })
  return {
    current: () => {
      if (!sandbox) throw new Error("the Jetpay sandbox process has not started yet")
      return sandbox
    },
    cpuMs: () => (child?.pid ? processCpuMs(child.pid) : null),
  }
}

/**
 * The CPU time (user and system) a process has used so far, from Linux's /proc (in clock ticks,
 * 100 a second); null where there is no /proc.
 */
function processCpuMs(pid: number): number | null {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return null
  }
}

/** The URL the sandbox prints once it listens; fails with its output if it exits or takes over 30 s. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = ""
    const timer = setTimeout(() => fail(new Error(`the sandbox process did not listen within 30 s:\n${output}`)), 30_000)
    const fail = (error: Error) => {
      clearTimeout(timer)
      reject(error)
    }
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const match = output.match(/listening on (http\S+)/)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout?.on("data", read)
    child.stderr?.on("data", read)
    child.once("exit", (code) => fail(new Error(`the sandbox process exited (${code}) before it listened:\n${output}`)))
  })
}
