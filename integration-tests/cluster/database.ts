import pg from "pg"

/**
 * The PostgreSQL that `npm test` chose (scripts/run-tests.mjs sets DB_HOST, DB_PORT,
 * DB_USERNAME, DB_PASSWORD, also for an embedded one), with localhost's defaults.
 */
export function postgresServer() {
  return {
    host: process.env.DB_HOST || "localhost",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || "",
  }
}

export function databaseUrl(name: string): string {
  const { host, port, user, password } = postgresServer()
  const auth = password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}` : encodeURIComponent(user)
  // Medusa turns SSL on for any host but localhost unless told otherwise.
  const ssl = /^(localhost|127\.0\.0\.1)$/.test(host) ? "" : "?ssl_mode=disable"
  return `postgres://${auth}@${host}:${port}/${name}${ssl}`
}

/** A new, empty database (an earlier cluster's of the same name is dropped). */
export async function recreateDatabase(name: string): Promise<void> {
  const client = new pg.Client({ ...postgresServer(), database: "postgres" })
  await client.connect()
  try {
    const quoted = `"${name.replace(/"/g, '""')}"`
    await client.query(`drop database if exists ${quoted} with (force)`)
    await client.query(`create database ${quoted}`)
  } finally {
    await client.end()
  }
}

/** Lower-case letters, digits and underscores, as PostgreSQL wants unquoted names. */
export function databaseName(clusterName: string): string {
  return `jetpay_cluster_${clusterName.toLowerCase().replace(/[^a-z0-9_]+/g, "_")}`.slice(0, 63)
}
