// Preloaded (`node --require`) into the memory bench's store. On SIGUSR2 it runs a full garbage
// collection and writes the V8 heap that is still in use to BENCH_HEAP_REPORT_DIR/<pid>.json:
// what the process keeps alive, apart from the free space V8 holds on to (which counts in its RSS).
const fs = require("node:fs")
const path = require("node:path")
const v8 = require("node:v8")
const vm = require("node:vm")

const dir = process.env.BENCH_HEAP_REPORT_DIR
if (dir) {
  v8.setFlagsFromString("--expose-gc")
  const gc = vm.runInNewContext("gc")
  process.on("SIGUSR2", () => {
    gc()
    const heap = v8.getHeapStatistics()
    const report = { usedHeapBytes: heap.used_heap_size, totalHeapBytes: heap.total_heap_size, rssBytes: process.memoryUsage().rss }
    // Written whole, then renamed: the bench reads it as soon as it exists.
    const file = path.join(dir, `${process.pid}.json`)
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(report))
    fs.renameSync(`${file}.tmp`, file)
  })
}
