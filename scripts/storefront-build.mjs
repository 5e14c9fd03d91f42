// The demo storefront's production build (demo/storefront/.next, what `next start` serves), made
// once per fingerprint of what it is made from: the app's sources, the kit's (src/storefront, which
// the app compiles from source) and the lockfile. A build of the same fingerprint is kept in the
// build cache (scripts/build-cache.mjs), so a second clone, or `npm test` after the demo, copies it
// (3 MB, a second) instead of running `next build` (a minute or two on 2 cores).
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import path from "node:path"
import { filesBelow, fingerprintFiles, restoreBuild, saveBuild } from "./build-cache.mjs"

const APP = path.join("demo", "storefront")
const OUTPUT = path.join(APP, ".next")

export function storefrontDir(root) {
  return path.join(root, APP)
}

/** The `next` command line of the root's node_modules (the app is a workspace: its packages are hoisted there). */
export function nextBin(root) {
  return path.join(root, "node_modules", "next", "dist", "bin", "next")
}

/**
 * Next.js as the demo runs it: a production build that fetches nothing. Telemetry off; no
 * "patching" of the lockfile from the registry (the root lockfile lists Next's SWC binaries, which
 * npm installs); no WebAssembly compiler downloaded when the native one fails to load (the build
 * fails and says so instead).
 */
export function nextEnv(env = process.env) {
  return { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_IGNORE_INCORRECT_LOCKFILE: "1", NEXT_DISABLE_SWC_WASM: "1" }
}

export function storefrontBuildFingerprint(root) {
  const app = storefrontDir(root)
  const appSource = (file) =>
    ![".next", "node_modules"].some((dir) => file.startsWith(path.join(app, dir) + path.sep)) &&
    !/(^|[\\/])(next-env\.d\.ts|[^\\/]*\.tsbuildinfo)$/.test(file)
  const kitSource = (file) => !file.includes(`${path.sep}__tests__${path.sep}`)
  const next = JSON.parse(readFileSync(path.join(root, "node_modules", "next", "package.json"), "utf8"))
  return fingerprintFiles(
    root,
    [...filesBelow(app, appSource), ...filesBelow(path.join(root, "src", "storefront"), kitSource), path.join(root, "package-lock.json")],
    `next ${next.version}\n`
  )
}

function stampFile(root) {
  return path.join(root, OUTPUT, ".demo-fingerprint")
}

/** True when demo/storefront/.next is the build of these sources. */
export function storefrontBuildIsCurrent(root, fingerprint = storefrontBuildFingerprint(root)) {
  const stamp = stampFile(root)
  return existsSync(path.join(root, OUTPUT, "BUILD_ID")) && existsSync(stamp) && readFileSync(stamp, "utf8") === fingerprint
}

/**
 * Makes demo/storefront/.next current: "current" when it was, "cache" when it came from the build
 * cache, "built" after `next build`. `runBuild(command, args, { cwd, env })` runs it and rejects when
 * it fails (the demo runs it as one of its children; `npm test` with `runLogged` of run-logged.mjs).
 */
export async function ensureStorefrontBuild({ root, runBuild }) {
  const fingerprint = storefrontBuildFingerprint(root)
  if (storefrontBuildIsCurrent(root, fingerprint)) return "current"
  if (restoreBuild(root, "storefront", fingerprint, [OUTPUT]) && storefrontBuildIsCurrent(root, fingerprint)) return "cache"
  await runBuild(process.execPath, [nextBin(root), "build"], { cwd: storefrontDir(root), env: nextEnv() })
  writeFileSync(stampFile(root), fingerprint)
  // Next's compiler cache (.next/cache, ~90 MB) stays in the work tree for the next build, not in the build cache.
  const compilerCache = path.join(root, OUTPUT, "cache")
  saveBuild(root, "storefront", fingerprint, [OUTPUT], (file) => file !== compilerCache && !file.startsWith(compilerCache + path.sep))
  return "built"
}

