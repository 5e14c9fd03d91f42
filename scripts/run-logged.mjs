// Runs a command with its output written to a log file instead of the terminal.
import { spawn } from "node:child_process"
import { createWriteStream, mkdirSync } from "node:fs"
import path from "node:path"

/** Resolves with the command's exit code (1 when it could not start); its stdout and stderr go to `logFile`. */
export function runToLog(command, args, { cwd, env, logFile }) {
  mkdirSync(path.dirname(logFile), { recursive: true })
  const log = createWriteStream(logFile)
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] })
    child.stdout.pipe(log, { end: false })
    child.stderr.pipe(log, { end: false })
    child.on("error", (error) => {
      log.end(String(error))
      resolve(1)
    })
    child.on("close", (code) => log.end(() => resolve(code ?? 1)))
  })
}

/** The same, failing with the command and its log file's path unless it exits 0. */
export async function runLogged(command, args, options) {
  const code = await runToLog(command, args, options)
  if (code !== 0) throw new Error(`${path.basename(args[0] ?? command)} ${args.slice(1).join(" ")} failed (exit ${code}); see ${options.logFile}`)
}
