import path from "node:path"
import { initModules, moduleIntegrationTestRunner, TestDatabaseUtils } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, createPgConnection, Modules } from "@medusajs/framework/utils"
import { MedusaModule } from "@medusajs/framework/modules-sdk"
import type { IPaymentModuleService } from "@medusajs/framework/types"
import { sandboxControl, useJetpaySandbox } from "../helpers/sandbox-fixture"
import { usePluginDataModule } from "../helpers/plugin-data-module"

jest.setTimeout(60_000)

const sandbox = useJetpaySandbox()
const PROVIDER_ID = "pp_jetpay_jetpay"
const BANK_ACCOUNT = "6d9f2c1e-0000-4000-8000-000000000042"

// The module is created before each test from these options; the sandbox's URL
// is only known once it has started, so the object is filled in then.
const providerOptions: Record<string, unknown> = {
  apiKey: "sandbox-token",
  bankAccountId: BANK_ACCOUNT,
  statement: "Module tests",
  baseUrl: "http://127.0.0.1:1",
}
beforeAll(() => {
  providerOptions.baseUrl = sandbox.current().url
})

const payer = { email: "sam.lee@example.com", name: "Sam Lee", language: "en" }

// The provider records its debits in the plugin's data module, which a store's
// config hands to the payment module with `dependencies: ["jetpay"]`.
const DB_NAME = `jetpay-provider-module-tests-${process.pid}`
const pluginData = usePluginDataModule(DB_NAME)

moduleIntegrationTestRunner<IPaymentModuleService>({
  moduleName: Modules.PAYMENT,
  dbName: DB_NAME,
  resolve: path.dirname(require.resolve("@medusajs/payment/package.json")),
  moduleDependencies: ["jetpay"],
  injectedDependencies: { jetpay: pluginData.service },
  hooks: { beforeModuleInit: pluginData.start },
  moduleOptions: {
    providers: [{ resolve: path.join(__dirname, "../../src/providers/jetpay"), id: "jetpay", options: providerOptions }],
  },
  testSuite: ({ service }) => {
    async function newSession(amount: number, currency = "cad") {
      const collection = await service.createPaymentCollections({ amount, currency_code: currency })
      const session = await service.createPaymentSession(collection.id, {
        provider_id: PROVIDER_ID,
        amount,
        currency_code: currency,
        data: { jetpay_payer: payer },
      })
      return { collection, session, transactionId: session.data!.jetpay_transaction_id as string }
    }

    function transaction(id: string) {
      return sandboxControl<{ state: string; amount: number; contact_id: string; kind: string }>(
        sandbox.current(),
        "GET",
        `/_sandbox/transactions/${id}`
      )
    }

    it("registers the provider under pp_jetpay_jetpay", async () => {
      const providers = await service.listPaymentProviders({ id: PROVIDER_ID })
      expect(providers.map((p) => p.id)).toEqual([PROVIDER_ID])
    })

    it("creates a debit in cents with a payment link, and keeps no personal data in the session", async () => {
      const { session, transactionId } = await newSession(123.45)
      expect(session.status).toBe("pending")
      expect(session.data).toEqual({
        jetpay_transaction_id: transactionId,
        link: `${sandbox.current().url}/payment/pay/${transactionId}`,
        amount: 12345,
        surcharge: 432,
      })
      expect(JSON.stringify(session.data)).not.toContain("sam.lee")
      const debit = await transaction(transactionId)
      expect(debit).toMatchObject({ kind: "debit", state: "requested", amount: 12345 })

      // Recorded before the link left the server: the webhook finds its session by this row.
      const [recorded] = await pluginData.service.listJetpayTransactions({ jetpay_id: transactionId })
      expect(recorded).toMatchObject({
        kind: "debit",
        payment_session_id: session.id,
        contact_id: debit.contact_id,
        amount: 12345,
        surcharge: 432,
      })
    })

    it("refuses another currency or a zero amount before calling Jetpay", async () => {
      await fetch(`${sandbox.current().url}/_sandbox/requests`, { method: "DELETE" })
      const usd = await service.createPaymentCollections({ amount: 10, currency_code: "usd" })
      await expect(
        service.createPaymentSession(usd.id, { provider_id: PROVIDER_ID, amount: 10, currency_code: "usd", data: { jetpay_payer: payer } })
      ).rejects.toThrow(/cannot take payments in USD/)
      const zero = await service.createPaymentCollections({ amount: 0, currency_code: "cad" })
      await expect(
        service.createPaymentSession(zero.id, { provider_id: PROVIDER_ID, amount: 0, currency_code: "cad", data: { jetpay_payer: payer } })
      ).rejects.toThrow(/positive amount/)
      const requests = await sandboxControl<unknown[]>(sandbox.current(), "GET", "/_sandbox/requests")
      expect(requests).toEqual([])
    })

    it("authorizes only once the payer has paid, then reports capture when Jetpay settles", async () => {
      const { session, transactionId } = await newSession(50)
      await expect(service.authorizePaymentSession(session.id, {})).rejects.toThrow(/not authorized/)

      await sandboxControl(sandbox.current(), "POST", `/_sandbox/transactions/${transactionId}/pay`, { method: "card" })
      const payment = await service.authorizePaymentSession(session.id, {})
      expect(payment!.data).toMatchObject({ jetpay_transaction_id: transactionId, amount: 5000 })

      // Not settled yet: capture is Jetpay's to make.
      await expect(service.capturePayment({ payment_id: payment!.id })).rejects.toThrow(/captures it by itself/)

      await sandboxControl(sandbox.current(), "POST", `/_sandbox/transactions/${transactionId}/advance`, { state: "completed" })
      await service.capturePayment({ payment_id: payment!.id })
      const captured = await service.retrievePayment(payment!.id, { relations: ["captures"] })
      expect(captured.captures).toHaveLength(1)
    })

    it("leaves an EFT the payer signed awaiting settlement (pending_authorization, no payment), and authorizes and captures it once Jetpay settled", async () => {
      const { session, transactionId } = await newSession(30)
      await sandboxControl(sandbox.current(), "POST", `/_sandbox/transactions/${transactionId}/pay`, { method: "eft" })
      expect(await service.authorizePaymentSession(session.id, {})).toBeNull()
      const [awaiting] = await service.listPaymentSessions({ id: session.id })
      expect(awaiting.status).toBe("pending_authorization")
      expect(await service.listPayments({ payment_session_id: session.id })).toEqual([])

      await sandboxControl(sandbox.current(), "POST", `/_sandbox/transactions/${transactionId}/advance`, { state: "completed" })
      const payment = await service.authorizePaymentSession(session.id, {})
      const captured = await service.retrievePayment(payment!.id, { relations: ["captures"] })
      expect(captured.captures).toHaveLength(1)
    })

    it("authorizes and captures at once a debit Jetpay already settled", async () => {
      const { session, transactionId } = await newSession(20)
      await sandboxControl(sandbox.current(), "POST", `/_sandbox/transactions/${transactionId}/pay`, { method: "eft" })
      await sandboxControl(sandbox.current(), "POST", `/_sandbox/transactions/${transactionId}/advance`, { state: "completed" })
      const payment = await service.authorizePaymentSession(session.id, {})
      const captured = await service.retrievePayment(payment!.id, { relations: ["captures"] })
      expect(captured.captures).toHaveLength(1)
    })

    it("cancels an unpaid debit, treats one already cancelled on Jetpay as done, and refuses once the payer has paid", async () => {
      const unpaid = await newSession(10)
      await service.deletePaymentSession(unpaid.session.id)
      expect((await transaction(unpaid.transactionId)).state).toBe("cancelled")

      // The merchant cancelled it in Jetpay's dashboard first: Jetpay refuses a second cancel.
      const cancelledOnJetpay = await newSession(10)
      const direct = await fetch(`${sandbox.current().url}/transaction/${cancelledOnJetpay.transactionId}`, {
        method: "DELETE",
        headers: { authorization: "Bearer sandbox-token" },
      })
      expect(direct.status).toBe(200)
      await service.deletePaymentSession(cancelledOnJetpay.session.id)
      expect(await service.listPaymentSessions({ id: cancelledOnJetpay.session.id })).toEqual([])

      const paid = await newSession(10)
      await sandboxControl(sandbox.current(), "POST", `/_sandbox/transactions/${paid.transactionId}/pay`, { method: "eft" })
      await expect(service.deletePaymentSession(paid.session.id)).rejects.toThrow(/can no longer be cancelled\. The payer has already paid \(initiated\)/)
      expect((await transaction(paid.transactionId)).state).toBe("initiated")
    })

    it("cancels an authorized payment whose debit was cancelled on Jetpay already", async () => {
      const { session, transactionId } = await newSession(10)
      await sandboxControl(sandbox.current(), "POST", `/_sandbox/transactions/${transactionId}/pay`, { method: "card" })
      const payment = await service.authorizePaymentSession(session.id, {})
      await sandboxControl(sandbox.current(), "POST", `/_sandbox/transactions/${transactionId}/advance`, {
        state: "failed",
        fail_reason: "account_frozen",
      })
      const canceled = await service.cancelPayment(payment!.id)
      expect(canceled.canceled_at).toBeTruthy()
    })

    it("refunds part of a captured payment as a credit to the same contact, never more than was paid", async () => {
      const { session, transactionId } = await newSession(100)
      await sandboxControl(sandbox.current(), "POST", `/_sandbox/transactions/${transactionId}/pay`, { method: "eft" })
      await sandboxControl(sandbox.current(), "POST", `/_sandbox/transactions/${transactionId}/advance`, { state: "completed" })
      const payment = await service.authorizePaymentSession(session.id, {})
      const debit = await transaction(transactionId)

      await service.refundPayment({ payment_id: payment!.id, amount: 30 })
      const afterFirst = await service.retrievePayment(payment!.id, { select: ["data"] })
      const refunds = afterFirst.data!.refunds as Array<{ jetpay_credit_id: string; amount: number }>
      // The payee link stays in the plugin's records: a payment's data is public with the order id.
      expect(refunds).toEqual([{ jetpay_credit_id: expect.any(String), amount: 3000 }])
      expect(JSON.stringify(afterFirst.data)).not.toContain("/payment/")
      const credit = await transaction(refunds[0].jetpay_credit_id)
      expect(credit).toMatchObject({ kind: "credit", amount: 3000, contact_id: debit.contact_id })
      const [recordedCredit] = await pluginData.service.listJetpayTransactions({ jetpay_id: refunds[0].jetpay_credit_id })
      expect(recordedCredit).toMatchObject({ kind: "credit", amount: 3000, debit_jetpay_id: transactionId, link: expect.stringContaining("/payment/receive/") })

      await service.refundPayment({ payment_id: payment!.id, amount: 70 })
      await expect(service.refundPayment({ payment_id: payment!.id, amount: 0.01 })).rejects.toThrow()
    })

    it("issues a new link when the amount changes and cancels the old one", async () => {
      const { collection, session, transactionId } = await newSession(40)
      const updated = await service.updatePaymentSession({
        id: session.id,
        amount: 45,
        currency_code: "cad",
        data: session.data!,
      })
      expect(updated.data!.jetpay_transaction_id).not.toBe(transactionId)
      expect(updated.data!.amount).toBe(4500)
      expect((await transaction(transactionId)).state).toBe("cancelled")

      const same = await service.updatePaymentSession({ id: session.id, amount: 45, currency_code: "cad", data: updated.data! })
      expect(same.data!.jetpay_transaction_id).toBe(updated.data!.jetpay_transaction_id)
      expect(collection.id).toBeTruthy()
    })

    it("turns Jetpay outages into Medusa errors without secrets", async () => {
      await sandboxControl(sandbox.current(), "POST", "/_sandbox/faults", { method: "PUT", path: "/contact", status: 500, count: 1 })
      const collection = await service.createPaymentCollections({ amount: 10, currency_code: "cad" })
      const error = await service
        .createPaymentSession(collection.id, { provider_id: PROVIDER_ID, amount: 10, currency_code: "cad", data: { jetpay_payer: payer } })
        .catch((e: Error) => e)
      expect(error).toBeInstanceOf(Error)
      expect((error as Error).message).toMatch(/Creating the Jetpay contact failed.*500/)
      expect(JSON.stringify(error) + (error as Error).message).not.toContain("sandbox-token")
    })

    /**
     * The payment module with the Jetpay provider, loaded as Medusa loads it at startup, in
     * production mode (NODE_ENV=production, what `medusa start` sets when NODE_ENV is unset),
     * beside this suite's own module, on the same database.
     */
    describe("a production start", () => {
      const nodeEnv = process.env.NODE_ENV

      const redisLocking = {
        resolve: "@medusajs/medusa/locking",
        options: { providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true }] },
      }

      // Medusa reuses a module it loaded with the same declaration: each start gets its own statement.
      let starts = 0

      async function startInProduction(options: Record<string, unknown>, app: { workerMode?: string; locking?: unknown } = {}) {
        const warnings: string[] = []
        const logger = { ...console, info: () => {}, debug: () => {}, warn: (message: string) => warnings.push(message), error: () => {} }
        const payment = {
          resolve: path.dirname(require.resolve("@medusajs/payment/package.json")),
          dependencies: ["jetpay"],
          options: {
            providers: [
              {
                resolve: path.join(__dirname, "../../src/providers/jetpay"),
                id: "jetpay",
                options: { apiKey: "sandbox-token", bankAccountId: BANK_ACCOUNT, statement: `Production start ${++starts}`, ...options },
              },
            ],
          },
        }
        const connection = createPgConnection({ clientUrl: TestDatabaseUtils.getDatabaseURL(DB_NAME) })
        // Medusa keeps a promise per module load for a concurrent load of the same module to await.
        // A refused start rejects it with nobody waiting (Jest would report it) and leaves it in the
        // map (a later load of the same config would get it again): each is caught, and dropped after.
        const loading = (MedusaModule as unknown as { loading_: Map<string, Promise<unknown>> }).loading_
        const added: string[] = []
        loading.set = (key: string, promise: Promise<unknown>) => {
          promise.catch(() => {})
          added.push(key)
          return Map.prototype.set.call(loading, key, promise) as typeof loading
        }
        process.env.NODE_ENV = "production"
        try {
          const { medusaApp } = await initModules({
            modulesConfig: { [Modules.PAYMENT]: payment },
            injectedDependencies: {
              [ContainerRegistrationKeys.PG_CONNECTION]: connection,
              [ContainerRegistrationKeys.LOGGER]: logger,
              // Medusa's resolved config, as the provider's startup check reads it.
              [ContainerRegistrationKeys.CONFIG_MODULE]: {
                projectConfig: { workerMode: app.workerMode },
                modules: { [Modules.PAYMENT]: payment, ...(app.locking ? { [Modules.LOCKING]: app.locking } : {}) },
              },
              jetpay: pluginData.service,
            },
            databaseConfig: { clientUrl: TestDatabaseUtils.getDatabaseURL(DB_NAME) },
            preventConnectionDestroyWarning: true,
          })
          const providers = await (medusaApp.modules[Modules.PAYMENT] as IPaymentModuleService).listPaymentProviders({ id: PROVIDER_ID })
          await medusaApp.onApplicationPrepareShutdown()
          await medusaApp.onApplicationShutdown()
          return { providers: providers.map((provider) => provider.id), warnings }
        } finally {
          process.env.NODE_ENV = nodeEnv
          delete (loading as { set?: unknown }).set
          for (const key of added) loading.delete(key)
          await connection.destroy()
        }
      }

      /** The message Medusa's startup stops with (its module loader rejects with a plain { name, message, stack }). */
      async function refusal(start: Promise<unknown>): Promise<string> {
        const failure = await start.then(
          () => null,
          (error: unknown) => error
        )
        expect(failure).not.toBeNull()
        return String((failure as { message?: unknown }).message)
      }

      it("refuses Jetpay's demo host (the baseUrl default), naming allowDemoHost and the production host", async () => {
        expect(await refusal(startInProduction({ singleProcess: true }))).toMatch(
          /production mode.*demo host.*baseUrl: "https:\/\/extapi\.jetpay\.baselinepayments\.com".*allowDemoHost: true/s
        )
      })

      it("starts on the demo host with allowDemoHost: true, and says so", async () => {
        const started = await startInProduction({ allowDemoHost: true, singleProcess: true })
        expect(started.providers).toEqual([PROVIDER_ID])
        expect(started.warnings.join("\n")).toMatch(/allowDemoHost: true.*demo host/)
      })

      it("refuses in-memory locking, naming locking-redis and singleProcess", async () => {
        expect(await refusal(startInProduction({ baseUrl: sandbox.current().url }))).toMatch(
          /locks in memory.*"@medusajs\/medusa\/locking-redis".*singleProcess: true/s
        )
        expect(await refusal(startInProduction({ baseUrl: sandbox.current().url }, { workerMode: "worker" }))).toMatch(
          /workerMode "worker".*"@medusajs\/medusa\/locking-redis"/s
        )
      })

      it("starts with singleProcess: true, or with a shared locking provider", async () => {
        const single = await startInProduction({ baseUrl: sandbox.current().url, singleProcess: true })
        expect(single).toEqual({ providers: [PROVIDER_ID], warnings: [] })
        // `medusa exec` and `medusa user` run as workerMode "server" in a store of one process.
        const command = await startInProduction({ baseUrl: sandbox.current().url, singleProcess: true }, { workerMode: "server" })
        expect(command).toEqual({ providers: [PROVIDER_ID], warnings: [] })
        const shared = await startInProduction({ baseUrl: sandbox.current().url }, { workerMode: "server", locking: redisLocking })
        expect(shared).toEqual({ providers: [PROVIDER_ID], warnings: [] })
      })
    })
  },
})
