#!/usr/bin/env node
// Where a CPU profile's time went, by package and by the plugin's own files:
//   NODE_OPTIONS=--experimental-vm-modules BENCH_ONLY=jetpay BENCH_OUTCOMES=off \
//     node --cpu-prof --cpu-prof-dir=test-output/cpu node_modules/jest/bin/jest.js \
//     --config bench/jest.config.js bench/checkout.bench.ts --runInBand
//   node bench/cpu-profile-summary.mjs test-output/cpu/*.cpuprofile
// (Node refuses --cpu-prof in NODE_OPTIONS, so Jest is started directly, not through npm.)
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
  const parentOf = new Map()
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id)
  const selfUs = new Map()
  const underPluginUs = new Map()
  let totalUs = 0
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0
    const group = groupOf(byId.get(id)?.callFrame)
    selfUs.set(group, (selfUs.get(group) ?? 0) + delta)
    totalUs += delta
    // The outermost frame of the plugin's own code on this (synchronous) stack, if any: what the
    // plugin set going. Work resumed after an await inside a library has no plugin frame left, so
    // this is a lower bound of what the plugin causes.
    let outermost
    for (let node = id; node !== undefined; node = parentOf.get(node)) {
      const url = byId.get(node)?.callFrame?.url ?? ""
      if (/\/src\//.test(url) && !url.includes("/node_modules/")) outermost = byId.get(node).callFrame
    }
    if (outermost) {
      const key = `${/\/(src\/.+)$/.exec(outermost.url)[1]} (${outermost.functionName || "anonymous"})`
      underPluginUs.set(key, (underPluginUs.get(key) ?? 0) + delta)
    }
  })
  const busyUs = totalUs - (selfUs.get("(idle)") ?? 0)
  console.log(`\n${file}: ${(totalUs / 1e6).toFixed(1)} s profiled, ${(busyUs / 1e6).toFixed(1)} s on the CPU`)
  const rows = [...selfUs].filter(([group]) => group !== "(idle)").sort((a, b) => b[1] - a[1]).slice(0, 30)
  for (const [group, us] of rows) {
    console.log(`${(us / 1e6).toFixed(2).padStart(8)} s ${((100 * us) / busyUs).toFixed(1).padStart(5)} %  ${group}`)
  }
  const plugin = [...underPluginUs].sort((a, b) => b[1] - a[1])
  const pluginUs = plugin.reduce((sum, [, us]) => sum + us, 0)
  console.log(`\nwith a frame of src/ on the stack (outermost one): ${(pluginUs / 1e6).toFixed(2)} s, ${((100 * pluginUs) / busyUs).toFixed(1)} % of the CPU time`)
  for (const [key, us] of plugin.slice(0, 15)) {
    console.log(`${(us / 1e6).toFixed(2).padStart(8)} s ${((100 * us) / busyUs).toFixed(1).padStart(5)} %  ${key}`)
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
