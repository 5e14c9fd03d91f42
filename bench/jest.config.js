// The benchmarks: the root Jest config (swc, env) with a test match of their own.
// The root config's testMatch leaves bench/ out, so `npm test` never runs them.
const path = require("node:path")
const root = require("../jest.config.js")

module.exports = {
  ...root,
  rootDir: path.resolve(__dirname, ".."),
  testMatch: ["<rootDir>/bench/**/*.bench.ts", "<rootDir>/bench/**/__tests__/**/*.spec.ts"],
  // A benchmark run is minutes long; no single step of it should be.
  testTimeout: 10 * 60_000,
}
