// Whether Redis answers, decided synchronously: Jest picks `describe` or `describe.skip`
// while it collects tests, before any hook could await. Same check as the cluster harness's
// async redisUnavailableReason, in a child process.
import { spawnSync } from "node:child_process"

export function redisUnavailableReasonSync(url: string): string | null {
  const script = `
    const Redis = require("ioredis")
    const client = new Redis(process.argv[1], { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null })
    client.on("error", () => {})
    client.connect().then(() => client.ping()).then(
      (answer) => { process.stdout.write(answer === "PONG" ? "" : "PING answered " + answer); client.disconnect() },
      (error) => { process.stdout.write(error.message || String(error)); client.disconnect() }
    )`
  const result = spawnSync(process.execPath, ["-e", script, url], { cwd: __dirname, encoding: "utf8", timeout: 10_000 })
  if (result.error) return result.error.message
  if (result.status !== 0) return result.stderr.trim().split("\n").pop() || `exit code ${result.status}`
  return result.stdout.trim() || null
}
