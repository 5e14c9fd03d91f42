// Jest's resolver when JETPAY_MEDUSA_DIR names another Medusa install (npm run
// test:medusa-oldest): `@medusajs/*` comes from that install, wherever it is required
// (the plugin's src/, the tests, Medusa's own packages); everything else as usual.
const path = require("node:path")

const medusaDir = process.env.JETPAY_MEDUSA_DIR ? path.resolve(process.env.JETPAY_MEDUSA_DIR) : undefined

module.exports = (request, options) => {
  if (medusaDir && request.startsWith("@medusajs/")) {
    return options.defaultResolver(request, { ...options, basedir: medusaDir, paths: undefined })
  }
  return options.defaultResolver(request, options)
}
