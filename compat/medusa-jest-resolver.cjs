// Jest's resolver when JETPAY_MEDUSA_DIR names another Medusa install (npm run
// test:medusa-oldest): `@medusajs/*` comes from that install, wherever it is required
// (the plugin's src/, the tests, Medusa's own packages). What that install's packages ask for
// and do not hold themselves comes from the repository's node_modules, as in a store whose own
// package.json adds it. Everything else goes to the repository's own resolver (`base`, from
// jest.config.js), which ends in Jest's default one.
const path = require("node:path")

const medusaDir = process.env.JETPAY_MEDUSA_DIR ? path.resolve(process.env.JETPAY_MEDUSA_DIR) : undefined
const repository = path.resolve(__dirname, "..")
const baseConfig = require("../jest.config.js")
const base = baseConfig.resolver ? require(baseConfig.resolver) : (request, options) => options.defaultResolver(request, options)

module.exports = (request, options) => {
  if (!medusaDir) return base(request, options)
  if (request.startsWith("@medusajs/")) {
    return options.defaultResolver(request, { ...options, basedir: medusaDir, paths: undefined })
  }
  try {
    return base(request, options)
  } catch (error) {
    if (!options.basedir?.startsWith(medusaDir + path.sep)) throw error
    return base(request, { ...options, basedir: repository, paths: undefined })
  }
}
