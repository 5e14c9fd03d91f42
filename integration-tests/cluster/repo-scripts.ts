// The demo's helpers in scripts/*.mjs (builds, child processes, free ports), loaded from
// TypeScript. Jest's transform turns `import()` into `require()`, which cannot load an
// ES module; a Function body is not transformed, and Jest runs with
// --experimental-vm-modules (scripts/run-tests.mjs sets it), which lets it import them.
import path from "node:path"
import { pathToFileURL } from "node:url"

export const ROOT = path.resolve(__dirname, "../..")

const importModule = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<any>

function script<T>(name: string): Promise<T> {
  return importModule(pathToFileURL(path.join(ROOT, "scripts", name)).href)
}

export type BuildState = "missing" | "stale" | "fresh"

export type Child = import("node:child_process").ChildProcess & {
  name: string
  logFile: string
  output: string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export type ChildProcesses = {
  run(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; what?: string }): Promise<void>
  start(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Child
  stopAll(options?: { timeoutMs?: number }): Promise<void>
  killAll(): void
}

export const demoBuild = () => script<{ pluginBuildState(root: string): BuildState }>("demo-build.mjs")

export const demoProcesses = () =>
  script<{
    ChildProcesses: new (options: { logDir: string; say: (line: string) => void }) => ChildProcesses
    waitUntil(child: Child, check: () => Promise<unknown>, options: { timeoutMs: number; what: string }): Promise<void>
    tail(file: string, lines?: number): string
  }>("demo-processes.mjs")

export const postgresScripts = () => script<{ freePort(): Promise<number> }>("postgres.mjs")
