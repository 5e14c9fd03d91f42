// Loaded with `node --require` when JETPAY_MEDUSA_DIR names another Medusa install
// (npm run test:medusa-oldest): every `require("@medusajs/...")` that plain Node resolves
// (Medusa's CLI, the Jest process itself) is resolved from that install instead of the
// repository's node_modules. What that install's packages ask for and do not hold themselves
// (`ts-node`, which a store has among its own dev dependencies) comes from the repository's.
// Everything else resolves as usual. Jest's own module loader does the same through
// compat/medusa-jest-resolver.cjs.
const Module = require("node:module")
const path = require("node:path")

const medusaDir = process.env.JETPAY_MEDUSA_DIR
if (medusaDir) {
  const install = path.resolve(medusaDir)
  const parentIn = (dir) => {
    const from = path.join(dir, "package.json")
    return { id: from, filename: from, paths: Module._nodeModulePaths(dir) }
  }
  const medusaParent = parentIn(install)
  const repositoryParent = parentIn(path.resolve(__dirname, ".."))
  const resolve = Module._resolveFilename
  Module._resolveFilename = function (request, requester, isMain, options) {
    if (typeof request === "string" && request.startsWith("@medusajs/")) {
      return resolve.call(this, request, medusaParent, isMain)
    }
    try {
      return resolve.call(this, request, requester, isMain, options)
    } catch (error) {
      const fromInstall = requester?.filename?.startsWith(install + path.sep)
      if (error?.code !== "MODULE_NOT_FOUND" || !fromInstall) throw error
      return resolve.call(this, request, repositoryParent, isMain)
    }
  }
}
