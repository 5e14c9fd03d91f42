import fs from "node:fs"
import { builtinModules } from "node:module"
import path from "node:path"

/**
 * The dependency direction of src/ (docs/architecture.md draws it). Each folder may import
 * only the folders listed for it, and the packages its rule allows; a test file may import
 * anything. An import against the direction fails this test with the file and the import.
 */
const SRC = path.resolve(__dirname, "..")

/** `typesToo`: a type-only import must follow the package rule as well (its types ship to storefronts). */
type Layer = { imports: string[]; packages: (specifier: string) => boolean; typesToo?: boolean }

const medusaPure = (s: string) => s === "@medusajs/framework/utils" || s === "@medusajs/framework/types"
const anyPackage = () => true
const nodeBuiltin = (s: string) => s.startsWith("node:") || builtinModules.includes(s.split("/")[0])

const LAYERS: Record<string, Layer> = {
  // Jetpay's API, framework-free: usable by any Node program.
  "jetpay-api": { imports: [], packages: (s) => !s.startsWith("@medusajs/") },
  // Pure rules: no I/O, no container, no workflows or database.
  domain: { imports: ["jetpay-api"], packages: (s) => !s.startsWith("@medusajs/") || medusaPure(s) },
  // The data module: models, service, migrations, its startup check.
  modules: { imports: ["jetpay-api", "domain"], packages: (s) => !/^@medusajs\/(core-flows|medusa)/.test(s) },
  // Medusa's payment provider and the Jetpay operations it shares with the workflows.
  providers: { imports: ["jetpay-api", "domain", "modules"], packages: (s) => !/^@medusajs\/(core-flows|medusa)/.test(s) },
  // Orchestration: workflows, their steps and hooks, and the runs that drive them.
  workflows: { imports: ["jetpay-api", "domain", "modules", "providers"], packages: anyPackage },
  // Medusa's entry points.
  links: { imports: ["modules"], packages: anyPackage },
  api: { imports: ["jetpay-api", "domain", "modules", "providers", "workflows"], packages: anyPackage },
  jobs: { imports: ["jetpay-api", "domain", "modules", "providers", "workflows"], packages: anyPackage },
  subscribers: { imports: ["jetpay-api", "domain", "modules", "providers", "workflows"], packages: anyPackage },
  scripts: { imports: ["jetpay-api", "domain", "modules", "providers", "workflows"], packages: anyPackage },
  // The admin extension runs in the browser: the server's shapes come from the domain, as types.
  admin: { imports: ["domain"], packages: (s) => !/^@medusajs\/(framework|core-flows|medusa)/.test(s) },
  // medusa-payment-jetpay/storefront, run in shoppers' browsers and storefront servers: React and
  // @medusajs/js-sdk (optional peers) only; nothing of the plugin's server, no Node built-in.
  storefront: {
    imports: [],
    packages: (s) => !nodeBuiltin(s) && (s === "react" || s.startsWith("react/") || s === "@medusajs/js-sdk"),
    typesToo: true,
  },
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === "__tests__" ? [] : sourceFiles(full)
    return /\.tsx?$/.test(entry.name) ? [full] : []
  })
}

function importsOf(text: string): { specifier: string; typeOnly: boolean }[] {
  const found: { specifier: string; typeOnly: boolean }[] = []
  const pattern = /^\s*(import|export)(\s+type)?[^"';]*?from\s+["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)|\brequire\(\s*["']([^"']+)["']\s*\)/gm
  for (const match of text.matchAll(pattern)) {
    const specifier = match[3] ?? match[4] ?? match[5]
    found.push({ specifier, typeOnly: Boolean(match[2]) })
  }
  return found
}

/** The layer of a file under src/: its first folder. */
const layerOf = (file: string) => path.relative(SRC, file).split(path.sep)[0]

/** Every import that runs against the direction, as `file: import (why)`. */
function violations(files: string[], read = (file: string) => fs.readFileSync(file, "utf8")): string[] {
  const found: string[] = []
  for (const file of files) {
    const from = layerOf(file)
    const rule = LAYERS[from]
    const where = path.relative(SRC, file)
    if (!rule) {
      found.push(`${where}: in no layer (add its folder to the table and to docs/architecture.md)`)
      continue
    }
    for (const { specifier, typeOnly } of importsOf(read(file))) {
      if (!specifier.startsWith(".")) {
        if (!rule.packages(specifier) && (!typeOnly || rule.typesToo)) found.push(`${where}: ${specifier} (a package ${from}/ does not use)`)
        continue
      }
      const target = path.resolve(path.dirname(file), specifier)
      const to = layerOf(target)
      if (to === from) {
        // Inside api/, a route reads its validators and nothing of another route or middleware.
        if (from === "api" && /(^|\/)route$/.test(path.relative(SRC, file).replace(/\.tsx?$/, "")) && !/validators$/.test(target)) {
          found.push(`${where}: ${specifier} (a route imports only its validators from api/)`)
        }
        continue
      }
      if (!rule.imports.includes(to)) found.push(`${where}: ${specifier} (${from}/ does not import ${to}/)`)
    }
  }
  return found
}

describe("src/ layout", () => {
  const files = sourceFiles(SRC)

  it("every import runs in the direction docs/architecture.md draws", () => {
    expect(violations(files)).toEqual([])
  })

  it("every folder of src/ is a layer of the table", () => {
    // A folder with no source in it (medusa plugin:db:generate leaves an empty src/migrations) is no layer.
    const folders = fs
      .readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== "__tests__" && sourceFiles(path.join(SRC, e.name)).length > 0)
    expect(folders.map((e) => e.name).filter((name) => !LAYERS[name])).toEqual([])
  })

  it("finds an import against the direction, and a route importing a middleware", () => {
    const fixtures: Record<string, string> = {
      "domain/x.ts": 'import { y } from "../workflows/y"\n',
      "jetpay-api/x.ts": 'import { MathBN } from "@medusajs/framework/utils"\n',
      "api/store/x/route.ts": 'import { z } from "../../middleware/z"\nimport { body } from "./validators"\n',
      "workflows/x.ts": 'import type { A } from "../domain/a"\nimport { b } from "../providers/jetpay/b"\n',
      "admin/x.tsx": 'import type { C } from "../domain/c"\nimport { d } from "../workflows/d"\n',
      "storefront/x.ts":
        'import type { E } from "../domain/e"\nimport type { F } from "@medusajs/framework/types"\nimport { g } from "node:crypto"\nimport { useState } from "react"\n',
    }
    const found = violations(
      Object.keys(fixtures).map((rel) => path.join(SRC, rel)),
      (file) => fixtures[path.relative(SRC, file)]
    )
    expect(found).toEqual([
      "domain/x.ts: ../workflows/y (domain/ does not import workflows/)",
      "jetpay-api/x.ts: @medusajs/framework/utils (a package jetpay-api/ does not use)",
      "api/store/x/route.ts: ../../middleware/z (a route imports only its validators from api/)",
      "admin/x.tsx: ../workflows/d (admin/ does not import workflows/)",
      "storefront/x.ts: ../domain/e (storefront/ does not import domain/)",
      "storefront/x.ts: @medusajs/framework/types (a package storefront/ does not use)",
      "storefront/x.ts: node:crypto (a package storefront/ does not use)",
    ])
  })
})
