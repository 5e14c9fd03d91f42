import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { copyDatabase } from "../cluster/database"

type RunnerOptions = Parameters<typeof medusaIntegrationTestRunner>[0]

// Medusa's runner copies the database to a template before the first test and restores it
// before every other one: a drop and a copy of the whole schema (over a second each) under a
// running app. The plugin's tests do not need it: each makes its own carts and orders and
// asserts on those, as a store's database is not wiped between orders. So the app keeps one
// database for the whole file.
jest.mock("@medusajs/test-utils/dist/medusa-test-runner-utils/postgres-template", () => ({
  ...jest.requireActual("@medusajs/test-utils/dist/medusa-test-runner-utils/postgres-template"),
  createPostgresDatabaseTemplate: async () => undefined,
  restorePostgresDatabaseFromTemplate: async () => undefined,
  dropPostgresDatabaseTemplate: async () => undefined,
}))

// On a database copied from the template (below), every migration and link `medusa db:migrate`
// makes is there already: the runner's own pass over them (about 5 s a boot) is skipped.
jest.mock("@medusajs/test-utils/dist/medusa-test-runner-utils/use-db", () => {
  const actual = jest.requireActual("@medusajs/test-utils/dist/medusa-test-runner-utils/use-db")
  if (!process.env.JETPAY_TEST_TEMPLATE_DB) return actual
  return { ...actual, migrateDatabase: async () => undefined, syncLinks: async () => undefined }
})

/**
 * Medusa's integration test runner on a database copied from the template that `npm test`
 * migrated once (scripts/test-prepare.mjs, JETPAY_TEST_TEMPLATE_DB). Without a template (a
 * bare `jest` run), the runner migrates its database from nothing, as Medusa's own does.
 */
export function jetpayTestApp(options: RunnerOptions) {
  const template = process.env.JETPAY_TEST_TEMPLATE_DB
  const dbName = `jetpay_test_${process.pid}`
  if (template) beforeAll(() => copyDatabase(template, dbName), 60_000)
  return medusaIntegrationTestRunner({ ...options, dbName })
}
