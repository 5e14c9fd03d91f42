// What `npm test` makes once before the suites that need it (scripts/run-tests.mjs):
// - the plugin's build (.medusa/server) and the sandbox package's (sandbox/dist), which the
//   cluster, the chaos run and the demo load, copied from the build cache when their sources
//   were built before;
// - a template database with the schema of the root medusa-config.ts (Medusa's modules
//   and the plugin's), migrated once per fingerprint of what decides it: the http suites
//   copy it (integration-tests/helpers/test-app.ts) instead of migrating from nothing.
import { readFileSync } from "node:fs"
import path from "node:path"
import pg from "pg"
import { filesBelow, fingerprintFiles, PLUGIN_BUILD_OUTPUTS, pluginBuildFingerprint, restoreBuild, saveBuild } from "./build-cache.mjs"
import { pluginBuildState, sandboxBuildState } from "./demo-build.mjs"
import { runToLog as run } from "./run-logged.mjs"

export const TEMPLATE_PREFIX = "jetpay_tpl_"
/** Templates of other schemas kept on the server (the newest), for other checkouts running beside this one. */
const KEPT_OTHER_TEMPLATES = 3

export async function ensureBuilds({ root, log }) {
  const plugin = pluginBuildState(root)
  const sandbox = sandboxBuildState(root)
  if (plugin === "fresh" && sandbox === "fresh") return
  const npm = process.platform === "win32" ? "npm.cmd" : "npm"
  const buildSandbox = async () => {
    const logFile = path.join(root, "test-output", "sandbox-build.log")
    const code = await run(npm, ["run", "build:sandbox"], { cwd: root, env: process.env, logFile })
    if (code !== 0) throw new Error(`npm run build:sandbox failed (exit ${code}); see ${logFile}`)
  }
  if (plugin === "fresh") {
    log(`Building the sandbox package (npm run build:sandbox; its build is ${sandbox})...`)
    return buildSandbox()
  }
  const fingerprint = pluginBuildFingerprint(root)
  if (restoreBuild(root, "plugin", fingerprint, PLUGIN_BUILD_OUTPUTS)) {
    log(`The plugin and sandbox builds came from the build cache (${fingerprint}).`)
    return
  }
  log("Building the plugin and the sandbox (npm run build:plugin, npm run build:sandbox)...")
  const logFile = path.join(root, "test-output", "plugin-build.log")
  const code = await run(npm, ["run", "build:plugin"], { cwd: root, env: process.env, logFile })
  // tsc wrote every file and only the type check failed: the suites run the JavaScript
  // anyway, as the http suites run src/ through swc without a type check. Said loudly.
  const typeErrorsOnly = code !== 0 && /Plugin build completed with errors/.test(readFileSync(logFile, "utf8"))
  if (code !== 0 && !typeErrorsOnly) throw new Error(`npm run build:plugin failed (exit ${code}); see ${logFile}`)
  await buildSandbox()
  if (typeErrorsOnly) {
    log(`WARNING: the plugin has type errors (see ${logFile}); the suites run what tsc emitted`)
    return
  }
  saveBuild(root, "plugin", fingerprint, PLUGIN_BUILD_OUTPUTS)
}

/**
 * Sets env.JETPAY_TEST_TEMPLATE_DB to a migrated template database, made when missing.
 * `medusaDir`: another Medusa install (npm run test:medusa-oldest) whose CLI migrates it; its
 * version is part of the name, so each Medusa version has its own template.
 */
export async function ensureTemplateDatabase({ root, medusaDir = root, env, log }) {
  const medusa = JSON.parse(readFileSync(path.join(medusaDir, "node_modules/@medusajs/medusa/package.json"), "utf8"))
  const fingerprint = fingerprintFiles(
    root,
    [
      path.join(root, "medusa-config.ts"),
      ...filesBelow(path.join(root, "src", "modules"), (file) => file.includes(`${path.sep}migrations${path.sep}`)),
      ...filesBelow(path.join(root, "src", "links")),
    ],
    `medusa ${medusa.version}\n`
  ).slice(0, 16)
  const template = `${TEMPLATE_PREFIX}${fingerprint}`
  const server = { host: env.DB_HOST, port: Number(env.DB_PORT), user: env.DB_USERNAME, password: env.DB_PASSWORD }
  if (!(await hasDatabase(server, template))) {
    log(`Migrating a template database for the integration suites (${template}; once per schema)...`)
    // Migrated under another name, then renamed: a half-migrated database is never a template.
    const building = `jetpay_tplbuild_${fingerprint}_${process.pid}`
    await sql(server, `drop database if exists ${building} with (force)`)
    await sql(server, `create database ${building}`)
    const logFile = path.join("test-output", medusaDir === root ? "template-migrate.log" : `template-migrate-medusa-${medusa.version}.log`)
    const auth = server.password ? `${encodeURIComponent(server.user)}:${encodeURIComponent(server.password)}` : encodeURIComponent(server.user)
    const code = await run(
      process.execPath,
      [path.join(medusaDir, "node_modules/@medusajs/cli/cli.js"), "db:migrate", "--skip-scripts", "--execute-all-links"],
      {
        cwd: root,
        // Another install's CLI loads the config and the plugin's migrations with `@medusajs/*` from that install.
        env: {
          ...env,
          NODE_OPTIONS: medusaDir === root ? "" : `--require ${path.join(root, "compat", "medusa-resolve-hook.cjs")}`,
          JETPAY_MEDUSA_DIR: medusaDir === root ? "" : medusaDir,
          DATABASE_URL: `postgres://${auth}@${server.host}:${server.port}/${building}`,
        },
        logFile: path.join(root, logFile),
      }
    )
    if (code !== 0) {
      await sql(server, `drop database if exists ${building} with (force)`).catch(() => undefined)
      throw new Error(`medusa db:migrate failed (exit ${code}); see ${logFile}`)
    }
    try {
      await sql(server, `alter database ${building} rename to ${template}`)
    } catch (error) {
      if (error?.code !== "42P04") throw error // another run published it first
      await sql(server, `drop database if exists ${building} with (force)`)
    }
    // Templates of earlier schemas go, but the newest few stay: other checkouts of the repository
    // (another branch, another schema) may be running their suites from theirs on this server.
    // One in use stays too. In LIKE, `_` is a wildcard: the prefix's are escaped.
    const client = new pg.Client({ ...server, database: "postgres" })
    await client.connect()
    try {
      const { rows } = await client.query(
        "select datname from pg_database where datname like $1 and datname <> $2 order by oid desc offset $3",
        [`${TEMPLATE_PREFIX.replace(/_/g, "\\_")}%`, template, KEPT_OTHER_TEMPLATES]
      )
      for (const { datname } of rows) await client.query(`drop database if exists "${datname}"`).catch(() => undefined)
    } finally {
      await client.end()
    }
  }
  env.JETPAY_TEST_TEMPLATE_DB = template
}

async function hasDatabase(server, name) {
  const client = new pg.Client({ ...server, database: "postgres" })
  await client.connect()
  try {
    return (await client.query("select 1 from pg_database where datname = $1", [name])).rowCount === 1
  } finally {
    await client.end()
  }
}

async function sql(server, statement) {
  const client = new pg.Client({ ...server, database: "postgres" })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

