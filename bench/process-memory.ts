// The memory of the store processes a bench started: their resident memory, and the V8 heap in
// use after a full garbage collection for processes started with bench/memory-app/heap-report.cjs
// preloaded (what a process keeps alive, apart from the free heap V8 holds on to, which RSS counts).
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs"
import path from "node:path"
import { setTimeout as sleep } from "node:timers/promises"

/** VmRSS (kB) summed over `pids`; a process gone meanwhile counts 0. */
export function residentKiB(pids: string[]): number {
  let total = 0
  for (const pid of pids) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))
      if (match) total += Number(match[1])
    } catch {
      // Gone meanwhile.
    }
  }
  return total
}

/** Processes this bench started (JETPAY_CLUSTER_PARENT_PID is this process) whose environment holds `entry`, children included. */
export function benchPids(entry: string): string[] {
  return readdirSync("/proc").filter((pid) => {
    if (!/^\d+$/.test(pid)) return false
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0")
      return environ.includes(`JETPAY_CLUSTER_PARENT_PID=${process.pid}`) && environ.includes(entry)
    } catch {
      return false // gone meanwhile, or not ours to read
    }
  })
}

/** `--require` this (in NODE_OPTIONS, with BENCH_HEAP_REPORT_DIR set) to make a process report its heap. */
export const HEAP_REPORT_PRELOAD = path.join(__dirname, "memory-app", "heap-report.cjs")

/** Signals each Node process of `pids` and sums the heaps they report into `dir`. */
export async function liveHeapBytes(pids: string[], dir: string): Promise<number> {
  const nodePids = pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("node")
    } catch {
      return false // gone meanwhile
    }
  })
  for (const pid of nodePids) rmSync(path.join(dir, `${pid}.json`), { force: true })
  for (const pid of nodePids) process.kill(Number(pid), "SIGUSR2")
  let total = 0
  for (const pid of nodePids) {
    const file = path.join(dir, `${pid}.json`)
    const deadline = Date.now() + 30_000
    while (!existsSync(file)) {
      if (Date.now() > deadline) throw new Error(`process ${pid} wrote no heap report into ${dir}`)
      await sleep(200)
    }
    total += (JSON.parse(readFileSync(file, "utf8")) as { usedHeapBytes: number }).usedHeapBytes
  }
  return total
}
