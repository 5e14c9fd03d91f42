// The demo's child processes: each one logs to its own file, is shown as a step while
// it runs, and can be stopped with everything it spawned.
//
// Children run in their own process group (detached), for two reasons: Ctrl-C in the
// terminal then reaches only the demo, which stops them in order (Medusa before its
// database), and killing the group also ends what a child spawned (npm -> sh -> medusa).
import { spawn } from "node:child_process"
import { createWriteStream, mkdirSync, readFileSync } from "node:fs"
import path from "node:path"

/** How often a long step says it is still working. */
const HEARTBEAT_MS = 15_000

/**
 * Tracks the children of one demo so that `stopAll` can end them, newest first,
 * also when a start is interrupted halfway.
 */
export class ChildProcesses {
  #children = []

  constructor({ logDir, say }) {
    this.logDir = logDir
    this.say = say
    mkdirSync(logDir, { recursive: true })
  }

  /**
   * Runs a command to its end (a build, a migration): resolves on exit code 0, rejects
   * with the end of its log otherwise. Says every 15 s that it is still running.
   */
  async run(name, command, args, { cwd, env, what }) {
    const child = this.#spawn(name, command, args, { cwd, env })
    const started = Date.now()
    const heartbeat = setInterval(
      () => this.say(`    ... ${what ?? name}: ${Math.round((Date.now() - started) / 1000)} s`),
      HEARTBEAT_MS
    )
    try {
      const { code, signal } = await child.exited
      if (code !== 0) {
        throw new Error(
          `${name} failed (${signal ?? `exit code ${code}`}); the end of ${child.logFile}:\n${tail(child.logFile)}`
        )
      }
    } finally {
      clearInterval(heartbeat)
    }
  }

  /**
   * Starts a long-running process (a server); see `waitUntil` for its readiness.
   * `stdin: "pipe"` gives it a pipe that closes when the demo dies, however it dies.
   */
  start(name, command, args, { cwd, env, stdin = "ignore" }) {
    return this.#spawn(name, command, args, { cwd, env, stdin })
  }

  /** Stops every child still running, newest first (Medusa before the sandbox and its database). */
  async stopAll({ timeoutMs = 15_000 } = {}) {
    for (const child of [...this.#children].reverse()) {
      await stopChild(child, timeoutMs)
    }
  }

  /** Last resort (a second Ctrl-C): SIGKILL to every group at once. */
  killAll() {
    for (const child of this.#children) signalGroup(child, "SIGKILL")
  }

  #spawn(name, command, args, { cwd, env, stdin = "ignore" }) {
    const logFile = path.join(this.logDir, `${name}.log`)
    const log = createWriteStream(logFile, { flags: "a" })
    log.write(`\n===== ${new Date().toISOString()} ${command} ${args.join(" ")}\n`)
    const child = spawn(command, args, {
      cwd,
      env,
      detached: true,
      stdio: [stdin, "pipe", "pipe"],
    })
    child.name = name
    child.logFile = logFile
    child.output = ""
    const onData = (chunk) => {
      log.write(chunk)
      // Kept short: only readiness lines are looked for in it.
      child.output = (child.output + chunk).slice(-20_000)
    }
    child.stdout.on("data", onData)
    child.stderr.on("data", onData)
    child.exited = new Promise((resolve) => {
      child.on("error", (error) => {
        log.write(`\n${error.message}\n`)
        resolve({ code: -1, signal: null })
      })
      child.on("exit", (code, signal) => {
        this.#children = this.#children.filter((other) => other !== child)
        child.stdout.destroy()
        child.stderr.destroy()
        log.end()
        resolve({ code, signal })
      })
    })
    this.#children.push(child)
    return child
  }
}

/**
 * Waits until `check` resolves truthy (polled every 250 ms), failing early when the
 * process exits and after `timeoutMs`. The error carries the end of the process's log.
 */
export async function waitUntil(child, check, { timeoutMs, what }) {
  const deadline = Date.now() + timeoutMs
  let exited
  child.exited.then((status) => (exited = status))
  for (;;) {
    if (exited) {
      throw new Error(`${what}: ${child.name} exited (${exited.signal ?? `code ${exited.code}`}); the end of ${child.logFile}:\n${tail(child.logFile)}`)
    }
    if (await check().catch(() => false)) return
    if (Date.now() > deadline) {
      throw new Error(`${what}: not ready after ${Math.round(timeoutMs / 1000)} s; the end of ${child.logFile}:\n${tail(child.logFile)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

async function stopChild(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return
  // The direct child first: Medusa and the database helper shut down cleanly on
  // SIGTERM; their own children (postgres) are theirs to stop.
  try {
    process.kill(child.pid, "SIGTERM")
  } catch {
    return
  }
  const timer = new Promise((resolve) => setTimeout(() => resolve("timeout"), timeoutMs))
  if ((await Promise.race([child.exited, timer])) === "timeout") {
    signalGroup(child, "SIGKILL")
    await child.exited
  }
  // Whatever it spawned and left behind (npm's shell and its command, say).
  signalGroup(child, "SIGKILL")
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    // The group is gone already.
  }
}

/** The last lines of a log file, for error messages. */
export function tail(file, lines = 40) {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n")
  } catch {
    return "(no log)"
  }
}
