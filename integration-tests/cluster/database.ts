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
  await withServer(async (client) => {
    await client.query(`drop database if exists ${quote(name)} with (force)`)
    await client.query(`create database ${quote(name)}`)
  })
}

/** Lower-case letters, digits and underscores, as PostgreSQL wants unquoted names. */
export function databaseName(clusterName: string): string {
  return `jetpay_cluster_${clusterName.toLowerCase().replace(/[^a-z0-9_]+/g, "_")}`.slice(0, 63)
}

export async function databaseExists(name: string): Promise<boolean> {
  return withServer(async (client) => (await client.query("select 1 from pg_database where datname = $1", [name])).rowCount === 1)
}

/** A new database `name`, a copy of `template` (an earlier cluster's of the same name is dropped). */
export async function copyDatabase(template: string, name: string): Promise<void> {
  await withServer(async (client) => {
    await client.query(`drop database if exists ${quote(name)} with (force)`)
    await client.query(`create database ${quote(name)} template ${quote(template)}`)
  })
}

/**
 * Makes `built` the template called `template`: a rename, so a half-migrated database is
 * never used as one. Another process may have published the same template first; then
 * `built` is dropped and theirs is used. Templates of earlier fingerprints go.
 */
export async function publishTemplate(built: string, template: string, prefix: string): Promise<void> {
  await withServer(async (client) => {
    try {
      await client.query(`alter database ${quote(built)} rename to ${quote(template)}`)
    } catch (error) {
      if ((error as { code?: string }).code !== "42P04") throw error // 42P04: it exists already
      await client.query(`drop database if exists ${quote(built)} with (force)`)
    }
    const { rows } = await client.query("select datname from pg_database where datname like $1 and datname <> $2", [
      `${prefix}%`,
      template,
    ])
    for (const { datname } of rows) {
      // One in use (another run copying it, or still building it) stays.
      await client.query(`drop database if exists ${quote(datname)}`).catch(() => undefined)
    }
  })
}

export async function dropDatabase(name: string): Promise<void> {
  await withServer((client) => client.query(`drop database if exists ${quote(name)} with (force)`))
}

async function withServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...postgresServer(), database: "postgres" })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}
