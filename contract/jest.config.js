// `npm run test:contract`: the root Jest config (swc) on contract/ only. Never part of `npm test`:
// it calls Jetpay's demo API (or whatever JETPAY_DEMO_BASE_URL names) over the network.
const path = require("node:path")
const root = require("../jest.config.js")

module.exports = {
  ...root,
  rootDir: path.resolve(__dirname, ".."),
  testMatch: ["<rootDir>/contract/**/*.contract.ts"],
  testTimeout: 120_000,
}
