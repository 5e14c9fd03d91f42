import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { copyDatabase } from "../cluster/database"

type RunnerOptions = Parameters<typeof medusaIntegrationTestRunner>[0]

/**
 * Medusa's integration test runner on a database copied from the template that `npm test`
 * migrated once (scripts/test-prepare.mjs, JETPAY_TEST_TEMPLATE_DB): the runner finds
 * every migration applied and boots in seconds. Without a template (a bare `jest` run),
 * the runner migrates its database from nothing, as before.
 */
export function jetpayTestApp(options: RunnerOptions) {
  const template = process.env.JETPAY_TEST_TEMPLATE_DB
  const dbName = `jetpay_test_${process.pid}`
  if (template) beforeAll(() => copyDatabase(template, dbName), 60_000)
  return medusaIntegrationTestRunner({ ...options, dbName })
}
