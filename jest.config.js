// One Jest config for every suite: pure tables, client and sandbox over real HTTP,
// the provider inside Medusa's Payment module, and whole-app HTTP tests.
// `npm test` (scripts/run-tests.mjs) picks the database and prints the summary line.
const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

module.exports = {
  transform: {
    // The storefront kit's React components (src/storefront) are TSX, on React's automatic runtime.
    "^.+\\.tsx$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", tsx: true },
          transform: { react: { runtime: "automatic" } },
          target: "es2022",
        },
      },
    ],
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
  // The storefront kit imports its own files as "./x.js": the resolver finds ./x.ts.
  resolver: require("node:path").join(__dirname, "scripts/jest-resolver.cjs"),
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/.medusa/"],
  testMatch: [
    "<rootDir>/src/**/__tests__/**/*.spec.{ts,tsx}",
    "<rootDir>/sandbox/**/__tests__/**/*.spec.ts",
    "<rootDir>/integration-tests/**/*.spec.ts",
  ],
  testTimeout: 60_000,
}
