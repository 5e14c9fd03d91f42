import { spawnSync } from "node:child_process"
import Redis from "ioredis"

/** Resolves to null when Redis answers at url, else the reason it does not. */
export async function redisUnavailableReason(url: string): Promise<string | null> {
  const client = connect(url)
  // ioredis rejects with "Connection is closed."; the error event has the cause (ECONNREFUSED ...).
  let cause: string | undefined
  client.on("error", (error: Error) => (cause ??= error.message))
  try {
    await client.connect()
    const answer = await client.ping()
    return answer === "PONG" ? null : `PING answered ${answer}`
  } catch (error) {
    return cause || (error as Error).message || String(error)
  } finally {
    client.disconnect()
  }
}

/** Empties the database index in `url` (redis://host:port/<index>): a cluster starts with no jobs or locks of an earlier one. */
export async function flushRedis(url: string): Promise<void> {
  const client = connect(url)
  try {
    await client.connect()
    await client.flushdb()
  } finally {
    client.disconnect()
  }
}

function connect(url: string) {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    // One try: a missing Redis is an answer, not something to wait out.
    retryStrategy: () => null,
  })
  // The failure is reported by connect(); without a listener ioredis also prints it.
  client.on("error", () => {})
  return client
}

/**
 * The same answer, synchronously (in a child process): Jest decides between `describe`
 * and `describe.skip` while it collects tests, before any hook could await.
 */
export function redisUnavailableReasonSync(url: string): string | null {
  const script = `
    const Redis = require("ioredis")
    const client = new Redis(process.argv[1], { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null })
    let cause
    client.on("error", (error) => { cause = cause || error.message })
    client.connect().then(() => client.ping()).then(
      (answer) => { process.stdout.write(answer === "PONG" ? "" : "PING answered " + answer); client.disconnect() },
      (error) => { process.stdout.write(cause || error.message || String(error)); client.disconnect() }
    )`
  const result = spawnSync(process.execPath, ["-e", script, url], { cwd: __dirname, encoding: "utf8", timeout: 10_000 })
  if (result.error) return result.error.message
  if (result.status !== 0) return result.stderr.trim().split("\n").pop() || `exit code ${result.status}`
  return result.stdout.trim() || null
}
