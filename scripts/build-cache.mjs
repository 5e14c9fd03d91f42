// A cache of build outputs outside the work tree, keyed by a fingerprint of what the
// build is made from: a second clone, or a second `npm test` after a clean, copies the
// output in a second instead of building it again. The cache lives in
// $JETPAY_BUILD_CACHE, else $XDG_CACHE_HOME/medusa-payment-jetpay, else
// ~/.cache/medusa-payment-jetpay; each kind keeps its newest few entries.
import { createHash } from "node:crypto"
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs"
import os from "node:os"
import path from "node:path"

const KEEP = 3

export function cacheRoot() {
  if (process.env.JETPAY_BUILD_CACHE) return path.resolve(process.env.JETPAY_BUILD_CACHE)
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache")
  return path.join(base, "medusa-payment-jetpay")
}

/** sha256 over the listed files' paths (relative to root) and contents. */
export function fingerprintFiles(root, files, extra = "") {
  const hash = createHash("sha256")
  hash.update(extra)
  for (const file of [...files].sort()) {
    hash.update(`${path.relative(root, file)}\n`)
    hash.update(readFileSync(file))
  }
  return hash.digest("hex").slice(0, 20)
}

/** Every file below dir (none when it is missing), filtered by `keep`. */
export function filesBelow(dir, keep = () => true) {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .filter(keep)
}

/**
 * Copies a cached build of `kind` with this fingerprint into the work tree
 * (`outputs`: folders relative to root). True when there was one.
 */
export function restoreBuild(root, kind, fingerprint, outputs) {
  const entry = path.join(cacheRoot(), kind, fingerprint)
  if (!existsSync(path.join(entry, ".complete"))) return false
  // An entry without one of the outputs (stored by a layout with other outputs) is no build of this one.
  if (!outputs.every((output) => existsSync(path.join(entry, output)))) return false
  for (const output of outputs) {
    const target = path.join(root, output)
    rmSync(target, { recursive: true, force: true })
    if (existsSync(path.join(entry, output))) cpSync(path.join(entry, output), target, { recursive: true })
  }
  return true
}

/**
 * Stores the work tree's `outputs` as the build of `kind` with this fingerprint; `keep(file)`
 * leaves files out (a build's own compiler cache, say).
 */
export function saveBuild(root, kind, fingerprint, outputs, keep = () => true) {
  const dir = path.join(cacheRoot(), kind)
  const entry = path.join(dir, fingerprint)
  if (existsSync(path.join(entry, ".complete"))) return
  const building = `${entry}.${process.pid}.tmp`
  try {
    rmSync(building, { recursive: true, force: true })
    for (const output of outputs) {
      if (existsSync(path.join(root, output))) {
        cpSync(path.join(root, output), path.join(building, output), { recursive: true, filter: keep })
      }
    }
    mkdirSync(building, { recursive: true })
    cpSync(path.join(root, "package.json"), path.join(building, ".complete"))
    rmSync(entry, { recursive: true, force: true })
    renameSync(building, entry)
    // The newest KEEP entries stay.
    const entries = readdirSync(dir)
      .filter((name) => !name.endsWith(".tmp"))
      .map((name) => ({ name, at: statSync(path.join(dir, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at)
    for (const old of entries.slice(KEEP)) rmSync(path.join(dir, old.name), { recursive: true, force: true })
  } catch {
    // A cache that cannot be written (read-only home, full disk) only costs the next build.
    rmSync(building, { recursive: true, force: true })
  }
}

/**
 * The outputs of `npm run build`: the plugin (.medusa/server, what stores load) and the
 * sandbox workspace package (sandbox/dist, medusa-payment-jetpay-sandbox).
 */
export const PLUGIN_BUILD_OUTPUTS = [".medusa/server", "sandbox/dist"]

/**
 * What `npm run build` is made from: the plugin's sources and the sandbox's (their tests, the
 * sandbox's own output and its docs apart), the TypeScript setups, the package manifests, the lockfile.
 */
export function pluginBuildFingerprint(root) {
  const notATest = (file) => !file.includes(`${path.sep}__tests__${path.sep}`)
  const sandbox = path.join(root, "sandbox")
  const sandboxSource = (file) =>
    notATest(file) &&
    !file.startsWith(path.join(sandbox, "dist") + path.sep) &&
    !file.startsWith(path.join(sandbox, "node_modules") + path.sep) &&
    !/\.md$|(^|[\\/])LICENSE$/.test(file)
  return fingerprintFiles(
    root,
    [
      ...filesBelow(path.join(root, "src"), notATest),
      ...filesBelow(sandbox, sandboxSource),
      ...["tsconfig.json", "package.json", "package-lock.json"].map((file) => path.join(root, file)),
    ],
    "plugin+sandbox workspace\n"
  )
}
