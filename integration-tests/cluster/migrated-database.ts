// `medusa db:migrate` is the slowest part of a cluster's start (20 to 40 s on two cores).
// The first cluster migrates a database and keeps it as a PostgreSQL template; later ones
// copy it in a second. The template is named by a fingerprint of everything that decides
// the schema (Medusa's version, the cluster's config, the plugin's built modules and
// links), so a new migration in the plugin makes a new template.
import { createHash } from "node:crypto"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import { copyDatabase, databaseExists, databaseUrl, dropDatabase, publishTemplate, recreateDatabase } from "./database"
import { ROOT } from "./repo-scripts"

const TEMPLATE_PREFIX = "jetpay_cltpl_"

/** Creates `name` with every migration run; `migrate(url)` runs `medusa db:migrate` against a database. */
export async function createMigratedDatabase(
  name: string,
  { pluginRoot, migrate }: { pluginRoot: string; migrate: (databaseUrl: string) => Promise<void> }
): Promise<void> {
  const template = `${TEMPLATE_PREFIX}${schemaFingerprint(pluginRoot)}`
  if (!(await databaseExists(template))) {
    // Migrated under another name, then renamed: a half-migrated database is never a template.
    const building = `jetpay_clbuild_${template.slice(TEMPLATE_PREFIX.length)}_${process.pid}`
    await recreateDatabase(building)
    try {
      await migrate(databaseUrl(building))
    } catch (error) {
      await dropDatabase(building).catch(() => undefined)
      throw error
    }
    await publishTemplate(building, template, TEMPLATE_PREFIX)
  }
  await copyDatabase(template, name)
}

function schemaFingerprint(pluginRoot: string): string {
  const hash = createHash("sha256")
  const medusa = JSON.parse(readFileSync(path.join(ROOT, "node_modules/@medusajs/medusa/package.json"), "utf8"))
  hash.update(`medusa ${medusa.version}\n`)
  hash.update(readFileSync(path.join(__dirname, "app", "medusa-config.ts")))
  const built = path.join(pluginRoot, ".medusa", "server", "src")
  for (const dir of ["modules", "links"].map((name) => path.join(built, name))) {
    for (const file of filesBelow(dir)) {
      hash.update(`${path.relative(built, file)}\n`)
      hash.update(readFileSync(file))
    }
  }
  return hash.digest("hex").slice(0, 16)
}

function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .sort()
}
