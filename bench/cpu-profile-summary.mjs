#!/usr/bin/env node
// Where a CPU profile's time went, by package and by the plugin's own files:
//   NODE_OPTIONS="--cpu-prof --cpu-prof-dir=test-output/cpu" BENCH_ONLY=jetpay npm run bench:checkout
//   node bench/cpu-profile-summary.mjs test-output/cpu/*.cpuprofile
// Self time (the frame on top of the stack) per group, largest first. The plugin's files
// (src/, sandbox/) are listed one by one; everything else by npm package.
import { readFileSync } from "node:fs"

const files = process.argv.slice(2)
if (!files.length) {
  console.error("usage: node bench/cpu-profile-summary.mjs <file.cpuprofile> ...")
  process.exit(2)
}

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, "utf8"))
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const selfUs = new Map()
  let totalUs = 0
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0
    const group = groupOf(byId.get(id)?.callFrame)
    selfUs.set(group, (selfUs.get(group) ?? 0) + delta)
    totalUs += delta
  })
  const busyUs = totalUs - (selfUs.get("(idle)") ?? 0)
  console.log(`\n${file}: ${(totalUs / 1e6).toFixed(1)} s profiled, ${(busyUs / 1e6).toFixed(1)} s on the CPU`)
  const rows = [...selfUs].filter(([group]) => group !== "(idle)").sort((a, b) => b[1] - a[1]).slice(0, 30)
  for (const [group, us] of rows) {
    console.log(`${(us / 1e6).toFixed(2).padStart(8)} s ${((100 * us) / busyUs).toFixed(1).padStart(5)} %  ${group}`)
  }
}

function groupOf(frame) {
  if (!frame) return "(unknown)"
  const url = frame.url || ""
  if (!url) return frame.functionName?.startsWith("(") ? frame.functionName : "(native)"
  if (url.startsWith("node:")) return "node internals"
  const modules = url.lastIndexOf("/node_modules/")
  if (modules >= 0) {
    const rest = url.slice(modules + "/node_modules/".length).split("/")
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]
  }
  const own = /\/((?:src|sandbox|bench|integration-tests)\/.+)$/.exec(url)
  return own ? `${own[1]} (${frame.functionName || "anonymous"})` : url
}
