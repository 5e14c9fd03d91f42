import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import path from "node:path"
import { ROOT, demoBuild, type ChildProcesses } from "./repo-scripts"

/**
 * Builds the plugin (`medusa plugin:build` into .medusa/server, what the cluster's store
 * loads) when a source is newer than the build, as `npm run demo` decides it. Two test
 * files starting clusters at once would write the same folder: a lock folder makes the
 * second wait for the first and then find the build fresh.
 */
export async function ensurePluginBuild(
  pluginRoot: string,
  { children, logDir, say }: { children: ChildProcesses; logDir: string; say: (line: string) => void }
): Promise<void> {
  const { pluginBuildState } = await demoBuild()
  if (pluginBuildState(pluginRoot) === "fresh") return
  await withLock(path.join(pluginRoot, ".medusa", "cluster-build.lock"), async () => {
    const state = pluginBuildState(pluginRoot)
    if (state === "fresh") return
    say(`Building the plugin (medusa plugin:build; the build is ${state})`)
    const logFile = path.join(logDir, "plugin-build.log")
    try {
      await children.run("plugin-build", process.execPath, [path.join(ROOT, "node_modules/@medusajs/cli/cli.js"), "plugin:build"], {
        cwd: pluginRoot,
        env: { ...process.env, NODE_OPTIONS: "", MEDUSA_DISABLE_TELEMETRY: "true" },
        what: "medusa plugin:build",
      })
    } catch (error) {
      // tsc wrote every file and only the type check failed: run it, as the other
      // integration tests run src/ through swc without a type check. Say so loudly.
      const lastBuild = readFileSync(logFile, "utf8").split("\n===== ").pop() ?? ""
      if (!/Plugin build completed with errors/.test(lastBuild)) throw error
      say(`WARNING: the plugin has type errors (see ${logFile}); the cluster runs the JavaScript tsc emitted anyway`)
    }
  })
}

async function withLock(lockDir: string, work: () => Promise<void>): Promise<void> {
  mkdirSync(path.dirname(lockDir), { recursive: true })
  const deadline = Date.now() + 10 * 60_000
  for (;;) {
    try {
      mkdirSync(lockDir)
      writeFileSync(path.join(lockDir, "pid"), String(process.pid))
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
      // A lock whose process is gone (killed mid-build) is nobody's.
      if (!holderIsAlive(lockDir)) rmSync(lockDir, { recursive: true, force: true })
      else if (Date.now() > deadline) throw new Error(`another plugin build still holds ${lockDir}`)
      else await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
  try {
    await work()
  } finally {
    rmSync(lockDir, { recursive: true, force: true })
  }
}

function holderIsAlive(lockDir: string): boolean {
  let pid: number
  try {
    pid = Number(readFileSync(path.join(lockDir, "pid"), "utf8"))
  } catch {
    // Just made, pid not written yet: give its maker a moment (a few seconds, not forever).
    try {
      return Date.now() - statSync(lockDir).mtimeMs < 10_000
    } catch {
      return false
    }
  }
  if (!pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
