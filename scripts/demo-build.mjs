// What the demo has to build before it starts, so that a second start skips it:
// the plugin (.medusa/server, what the demo store loads), the sandbox package (sandbox/dist),
// and the admin's production build (minutes of vite, only when its inputs changed).
import { createHash } from "node:crypto"
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import path from "node:path"

/** "missing", "stale" (a source is newer than the build) or "fresh". */
export function pluginBuildState(root) {
  return buildState({
    sources: [path.join(root, "src")],
    output: path.join(root, ".medusa", "server", "src"),
  })
}

/** The sandbox workspace package: its sources in sandbox/, its build in sandbox/dist. */
export function sandboxBuildState(root) {
  const sandbox = path.join(root, "sandbox")
  return buildState({
    sources: [sandbox],
    output: sandboxBuildDir(root),
    ignore: [sandboxBuildDir(root), path.join(sandbox, "node_modules")],
  })
}

export function sandboxBuildDir(root) {
  return path.join(root, "sandbox", "dist")
}

function buildState({ sources, output, ignore = [] }) {
  const built = files(output)
  if (!built.length) return "missing"
  // A build rewrites all of its output: its oldest file is when it ran.
  const builtAt = Math.min(...built.map(mtime))
  const outside = (file) => !ignore.some((dir) => file.startsWith(dir + path.sep))
  const newest = Math.max(...sources.flatMap((dir) => files(dir, (file) => isSource(file) && outside(file))).map(mtime))
  return newest > builtAt ? "stale" : "fresh"
}

/**
 * A fingerprint of what the admin build is made from: the dashboard's version, the
 * plugin's built admin extensions and the demo's config (admin path, backend URL).
 * The build is redone when it differs from the one stored beside the build.
 */
export function adminBuildFingerprint(root) {
  const hash = createHash("sha256")
  const dashboard = JSON.parse(readFileSync(path.join(root, "node_modules/@medusajs/dashboard/package.json"), "utf8"))
  hash.update(`dashboard ${dashboard.version}\n`)
  const inputs = [...files(path.join(root, ".medusa/server/src/admin")), path.join(root, "demo/medusa-config.ts")]
  for (const file of inputs.sort()) {
    hash.update(`${path.relative(root, file)}\n`)
    hash.update(readFileSync(file))
  }
  return hash.digest("hex")
}

export function adminBuildStampFile(root) {
  return path.join(root, "demo", "public", "admin", ".demo-fingerprint")
}

export function adminBuildIsCurrent(root) {
  const stamp = adminBuildStampFile(root)
  return (
    existsSync(path.join(root, "demo", "public", "admin", "index.html")) &&
    existsSync(stamp) &&
    readFileSync(stamp, "utf8") === adminBuildFingerprint(root)
  )
}

function isSource(file) {
  return /\.(ts|tsx|js|json)$/.test(file) && !file.includes(`${path.sep}__tests__${path.sep}`)
}

function files(dir, keep = () => true) {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .filter(keep)
}

function mtime(file) {
  return statSync(file).mtimeMs
}
