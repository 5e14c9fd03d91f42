#!/usr/bin/env node
// `npm run build:storefront`: medusa-payment-jetpay/storefront (src/storefront) as ES modules and
// as CommonJS, each with its .d.ts, into .medusa/storefront/{esm,cjs}. Each folder gets a
// package.json saying its module type and that nothing in it has side effects (bundlers drop
// what a storefront does not import). `medusa plugin:build` compiles src/storefront into the
// server's output too, where nothing loads it: that copy is removed.
import { execFileSync } from "node:child_process"
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const out = path.join(root, ".medusa/storefront")
const tsc = path.join(root, "node_modules/typescript/bin/tsc")

rmSync(out, { recursive: true, force: true })
for (const [config, folder, type] of [
  ["tsconfig.storefront.json", "esm", "module"],
  ["tsconfig.storefront.cjs.json", "cjs", "commonjs"],
]) {
  execFileSync(process.execPath, [tsc, "-p", path.join(root, config)], { cwd: root, stdio: "inherit" })
  mkdirSync(path.join(out, folder), { recursive: true })
  writeFileSync(path.join(out, folder, "package.json"), `${JSON.stringify({ type, sideEffects: false }, null, 2)}\n`)
}
rmSync(path.join(root, ".medusa/server/src/storefront"), { recursive: true, force: true })
console.log("medusa-payment-jetpay/storefront built into .medusa/storefront (esm, cjs)")
