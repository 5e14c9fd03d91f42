// Reads the V8 heap in use after a full garbage collection from store processes started with
// bench/memory-app/heap-report.cjs preloaded: what a process keeps alive, apart from the free
// heap V8 holds on to (which its RSS counts).
import { existsSync, readFileSync, rmSync } from "node:fs"
import path from "node:path"
import { setTimeout as sleep } from "node:timers/promises"

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
