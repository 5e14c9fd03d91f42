// The plugin a chaos run builds and runs: a private copy of this checkout's plugin files.
// The cluster loads the build in <plugin root>/.medusa/server, and a process restarted by the
// storm loads it again. In a checkout where others build (npm run build, another cluster test),
// that folder is rewritten mid-run, and a restarted worker would run another plugin than the
// one the run started with, or none at all. A copy keeps one plugin for the whole run.
import { execFileSync } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import path from "node:path"

/** What `medusa plugin:build` and the cluster's seed read. */
const PLUGIN_PATHS = ["src", "demo", "package.json", "tsconfig.json"]

/** The plugin's files as committed at `ref` (a commit, a branch), extracted into `target`. */
export function snapshotPluginAt(root: string, ref: string, target: string): string {
  rmSync(target, { recursive: true, force: true })
  mkdirSync(target, { recursive: true })
  const archive = execFileSync("git", ["archive", "--format=tar", ref, "--", ...PLUGIN_PATHS], { cwd: root, maxBuffer: 256 * 1024 * 1024 })
  execFileSync("tar", ["-x", "-C", target], { input: archive })
  writeFileSync(path.join(target, ".from-ref"), `${ref}\n`)
  return target
}

/**
 * Brings `target` to the plugin's files as they are now in `root` (committed or not; git's
 * ignore rules apply). Unchanged files keep their time, so an unchanged plugin is not built
 * again. Returns `target`. node_modules resolve from `root` when `target` lies inside it.
 */
export function snapshotPlugin(root: string, target: string): string {
  // A copy made from a commit (snapshotPluginAt) has no marker of what it holds: start over.
  if (existsSync(path.join(target, ".from-ref"))) rmSync(target, { recursive: true, force: true })
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ...PLUGIN_PATHS], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  })
  // Listed but deleted in the working tree: the build will not see it either.
  const files = new Set(listed.split("\0").filter((file) => file && isFile(path.join(root, file))))
  if (files.size === 0) throw new Error(`no plugin files found under ${root}`)
  for (const file of files) {
    const from = path.join(root, file)
    const to = path.join(target, file)
    if (isFile(to) && readFileSync(to).equals(readFileSync(from))) continue
    mkdirSync(path.dirname(to), { recursive: true })
    copyFileSync(from, to)
  }
  // Files gone from the checkout go from the copy too (a deleted source must not be built).
  for (const top of PLUGIN_PATHS) {
    for (const file of filesUnder(target, top)) if (!files.has(file)) rmSync(path.join(target, file))
  }
  return target
}

function isFile(file: string): boolean {
  return existsSync(file) && statSync(file).isFile()
}

/** Files below `target/relative`, as paths relative to `target`. */
function filesUnder(target: string, relative: string): string[] {
  const full = path.join(target, relative)
  if (!existsSync(full)) return []
  if (statSync(full).isFile()) return [relative]
  return readdirSync(full).flatMap((entry) => filesUnder(target, path.join(relative, entry)))
}
