// Loaded with `node --require` when JETPAY_MEDUSA_DIR names another Medusa install
// (npm run test:medusa-oldest): every `require("@medusajs/...")` that plain Node resolves
// (Medusa's CLI, the Jest process itself) is resolved from that install instead of the
// repository's node_modules. Everything else resolves as usual. Jest's own module loader
// does the same through compat/medusa-jest-resolver.cjs.
const Module = require("node:module")
const path = require("node:path")

const medusaDir = process.env.JETPAY_MEDUSA_DIR
if (medusaDir) {
  const from = path.join(path.resolve(medusaDir), "package.json")
  const parent = { id: from, filename: from, paths: Module._nodeModulePaths(path.dirname(from)) }
  const resolve = Module._resolveFilename
  Module._resolveFilename = function (request, requester, isMain, options) {
    if (typeof request === "string" && request.startsWith("@medusajs/")) {
      return resolve.call(this, request, parent, isMain)
    }
    return resolve.call(this, request, requester, isMain, options)
  }
}
