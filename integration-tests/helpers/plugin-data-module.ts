import path from "node:path"
import { initModules, TestDatabaseUtils } from "@medusajs/test-utils"
import { toMikroOrmEntities } from "@medusajs/framework/utils"
import { JetpayTransaction } from "../../src/modules/jetpay/models/jetpay-transaction"
import { JetpayWebhookEvent } from "../../src/modules/jetpay/models/jetpay-webhook-event"
import type JetpayModuleService from "../../src/modules/jetpay/service"

/**
 * The plugin's real data module beside Medusa's Payment module in a module test,
 * in the same database. `moduleIntegrationTestRunner` builds one module and takes
 * its injected dependencies up front, so it gets a stand-in that forwards to the
 * real service, which `start` (its `beforeModuleInit` hook) creates once.
 */
export function usePluginDataModule(dbName: string) {
  let real: JetpayModuleService | undefined
  let shutdown: (() => Promise<void>) | undefined

  const service = new Proxy({} as JetpayModuleService, {
    get(_target, property) {
      if (!real) throw new Error("the plugin's data module has not started yet")
      const value = Reflect.get(real, property)
      return typeof value === "function" ? value.bind(real) : value
    },
  })

  async function start() {
    const clientUrl = TestDatabaseUtils.getDatabaseURL(dbName)
    // The payment module's runner drops the schema after each test: make the
    // module's tables again, from its models, before each.
    const database = TestDatabaseUtils.getMikroOrmWrapper({
      mikroOrmEntities: toMikroOrmEntities([JetpayTransaction, JetpayWebhookEvent]),
      clientUrl,
    })
    await database.setupDatabase()
    await database.getOrm().close(true)
    if (real) return
    const app = await initModules({
      modulesConfig: { jetpay: { resolve: path.join(__dirname, "../../src/modules/jetpay"), options: {} } },
      databaseConfig: { clientUrl },
    })
    real = app.medusaApp.modules.jetpay as JetpayModuleService
    shutdown = app.shutdown
  }

  afterAll(async () => {
    await shutdown?.()
  })

  return { service, start }
}
