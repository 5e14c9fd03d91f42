import os from "node:os"

/** "AMD EPYC ..., 2 cores, 23.4 GiB, Node v20.20.2, load 1.20": what a printed figure ran on. */
export function machineLine(): string {
  const cpus = os.cpus()
  const load = os.loadavg()[0].toFixed(2)
  return (
    `${cpus[0]?.model.trim() ?? "unknown cpu"}, ${cpus.length} cores, ` +
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load average ${load} at the end`
  )
}
