// The chaos run: the root Jest config (swc, env) with a test match of its own, so
// `npm test` runs only its small sibling (integration-tests/chaos/chaos-small.spec.ts)
// and `npm run chaos` runs the table tests of chaos/ and the big run.
const path = require("node:path")
const root = require("../jest.config.js")

module.exports = {
  ...root,
  rootDir: path.resolve(__dirname, ".."),
  testMatch: ["<rootDir>/chaos/**/__tests__/**/*.spec.ts", "<rootDir>/chaos/**/*.run.ts"],
  // A run is many minutes; each step of it has its own deadline.
  testTimeout: 60 * 60_000,
}
