// One Jest config for every suite: pure tables, client and sandbox over real HTTP,
// the provider inside Medusa's Payment module, and whole-app HTTP tests.
// `npm test` (scripts/run-tests.mjs) picks the database and prints the summary line.
const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

module.exports = {
  transform: {
    "^.+\\.[jt]sx?$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", decorators: true },
          target: "es2022",
        },
      },
    ],
  },
  // jose ships ESM only: let swc turn it into CommonJS for Jest's module system.
  transformIgnorePatterns: ["/node_modules/(?!jose/)"],
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/.medusa/"],
  testMatch: [
    "<rootDir>/src/**/__tests__/**/*.spec.ts",
    "<rootDir>/sandbox/**/__tests__/**/*.spec.ts",
    "<rootDir>/integration-tests/**/*.spec.ts",
  ],
  testTimeout: 60_000,
}
