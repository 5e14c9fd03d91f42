// The repository's Jest config, with `@medusajs/*` resolved from the Medusa install that
// JETPAY_MEDUSA_DIR names (npm run test:medusa-oldest, scripts/test-medusa-oldest.mjs).
const path = require("node:path")
const base = require("../jest.config.js")

module.exports = {
  ...base,
  rootDir: path.join(__dirname, ".."),
  resolver: path.join(__dirname, "medusa-jest-resolver.cjs"),
}
