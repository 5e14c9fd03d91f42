// BENCH_CPU_PROFILE=<file>: a V8 CPU profile of this process over the measured part of a bench,
// written as a .cpuprofile (Chrome DevTools, speedscope). `node --cpu-prof` is not allowed in
// NODE_OPTIONS, and the bench's app runs inside the Jest worker, so the profiler is started here.
import { Session } from "node:inspector/promises"
import { writeFile } from "node:fs/promises"

/** Starts the profiler when BENCH_CPU_PROFILE names a file; the returned function writes it. */
export async function startCpuProfile(): Promise<() => Promise<string | null>> {
  const file = process.env.BENCH_CPU_PROFILE
  if (!file) return async () => null
  const session = new Session()
  session.connect()
  await session.post("Profiler.enable")
  await session.post("Profiler.setSamplingInterval", { interval: 500 })
  await session.post("Profiler.start")
  return async () => {
    const { profile } = await session.post("Profiler.stop")
    await writeFile(file, JSON.stringify(profile))
    session.disconnect()
    return file
  }
}
