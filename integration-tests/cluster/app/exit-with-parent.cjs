// Preloaded (`node --require`) into every process a cluster starts. The processes run in
// their own process groups so that a kill reaches all of a process and nothing else; the
// price is that they outlive a test runner that dies without its afterAll (SIGKILL, a
// crash). This ends them within a second of that.
const parent = Number(process.env.JETPAY_CLUSTER_PARENT_PID)
if (parent > 0) {
  setInterval(() => {
    try {
      process.kill(parent, 0)
    } catch {
      process.exit(1)
    }
  }, 1000).unref()
}
