import { jetpayTestApp } from "../helpers/test-app"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { IEventBusModuleService, IPaymentModuleService } from "@medusajs/framework/types"
import { jetpayEnvironment } from "../../src/domain/store-webhook"
import type { WebhookEventInput } from "../../src/modules/jetpay/service"
import { JetpayEvents } from "../../src/domain/events"
import { jetpayServices } from "../../src/providers/jetpay/jetpay-services"
import { createAdmin, type AdminAuth } from "../helpers/admin-auth"
import { completeCart, eventually, ordersOfCart, startJetpayCheckout, type JetpayCheckout, type OrderView, placedOrder as placedOrderOf, capturedOrder } from "../helpers/checkout-steps"
import { jetpaySteps } from "../helpers/jetpay-steps"
import { runReconciliation } from "../../src/workflows/reconcile/reconcile"
import { syncJetpayTransactionWorkflow } from "../../src/workflows/sync/sync-jetpay-transaction"
import { useJetpaySandbox } from "../helpers/sandbox-fixture"
import { createJetpayStore, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(180_000)

// Events the route recorded are the reconciliation job's only after 10 s here, so that a test
// can tell the route's hand-over (3b) from the job's (3a) without timing either.
process.env.JETPAY_TIMINGS = JSON.stringify({ neverTriedGraceMs: 10_000 })

const sandbox = useJetpaySandbox()

/** A webhook as the sandbox's control API shows it. */
type SandboxWebhook = {
  id: number
  identifier: string
  callback_url: string
  state: string
  last_sent_event_id: number | null
  consecutive_failures?: number
}
type SandboxEvent = { id: number; createdAt: string; type: string; data: Record<string, unknown> }
type Delivery = { webhook_id: number; event_ids: number[]; status: number | "dropped" | null; attempt: number; signature: string | null }
type RequestEntry = { method: string; path: string; status: number | null; at: string }

const PLUGIN_EVENTS = ["jetpay.payment.authorized", "jetpay.payment.captured", "jetpay.payment.failed", "jetpay.payment.reversed"] as const
/** Another integration of the same Jetpay company, on a URL that also ends in /hooks/jetpay. */
const OTHER_CALLBACK_URL = "http://127.0.0.1:9/other/hooks/jetpay"

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * How the store converges on Jetpay's truth whatever happened to the deliveries: batches
 * with events that are not this store's, a crash between recording and processing, lost
 * and refused deliveries (the reconciliation job's replay and repair), late views of a
 * whole payment, events of two Jetpay environments, and debits Jetpay reports as deleted.
 */
jetpayTestApp({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let admin: AdminAuth
    const emitted: Array<{ name: string; data: any }> = []

    const { control, pay, advance, jetpayModule, settled, registerWebhook, reconciliationRun, holdReconciliation } = jetpaySteps(sandbox, getContainer)
    /** Transaction ids of each batch the webhook route handed to the subscriber. */
    const handedOver: string[][] = []
    const headers = () => ({ headers: { "x-publishable-api-key": store.publishableKey } })
    const appUrl = (): string => api.defaults.baseURL
    const environment = () => jetpayEnvironment(sandbox.current().url)

    /** A call to the sandbox's Jetpay API itself (not the control API), as another integration would make it. */
    async function jetpayApi<T = any>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${sandbox.current().url}${path}`, {
        method,
        headers: {
          authorization: "Bearer sandbox-token",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      if (!response.ok) throw new Error(`Jetpay ${method} ${path} answered ${response.status}: ${await response.text()}`)
      return (await response.json()) as T
    }

    const webhooks = () => control<SandboxWebhook[]>("GET", "/_sandbox/webhooks")
    const storeWebhook = async () => {
      const mine = (await webhooks()).find((webhook) => webhook.callback_url === `${appUrl()}/hooks/jetpay`)
      if (!mine) throw new Error("the store's webhook is not registered at the sandbox")
      return mine
    }
    const deliveries = () => control<Delivery[]>("GET", "/_sandbox/deliveries")
    const requests = () => control<RequestEntry[]>("GET", "/_sandbox/requests")
    const sandboxEventsOf = async (transactionId: string) =>
      (await control<SandboxEvent[]>("GET", "/_sandbox/events")).filter((event) => event.data.transactionId === transactionId)
    const recordedEventsOf = (transactionId: string) =>
      jetpayModule().listJetpayWebhookEvents({ jetpay_transaction_id: transactionId }, { take: null })
    const recordOf = async (transactionId: string) =>
      (await jetpayModule().listJetpayTransactions({ jetpay_id: transactionId }))[0]

    const eventsOf = (name: string, transactionId: string) =>
      emitted.filter((event) => event.name === name && event.data.transaction_id === transactionId)

    const adminGet = (path: string) =>
      api.get(path, admin).catch((error: { response?: { status: number; data: any } }) => {
        if (error.response) return error.response
        throw error
      })

    /** Every order and payment in the store: what the merchant's order list shows. */
    async function storeTotals() {
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data: orders } = await query.graph({ entity: "order", fields: ["id"] })
      const payments = await getContainer().resolve<IPaymentModuleService>(Modules.PAYMENT).listPayments({}, { take: null })
      return { orders: orders.length, payments: payments.length }
    }

    /** The cart's order once the webhook's sync made it: an EFT the payer signed, its payment awaiting settlement. */
    const awaitingOrder = async (cartId: string, timeoutMs = 30_000, what = "the order"): Promise<OrderView> => {
      const order = await placedOrderOf(getContainer(), cartId, timeoutMs, what)
      expect(order.payments).toEqual([])
      expect(order.sessions).toEqual(["pending_authorization"])
      return order
    }

    /** The events Jetpay made for a transaction, as the webhook route would record them. */
    function asRecordedInput(events: SandboxEvent[], webhookId: number): WebhookEventInput[] {
      return events.map((event) => ({
        jetpay_event_id: String(event.id),
        webhook_id: String(webhookId),
        type: event.type,
        jetpay_transaction_id: typeof event.data.transactionId === "string" ? event.data.transactionId : null,
        state: typeof event.data.state === "string" ? event.data.state : null,
        occurred_at: new Date(event.createdAt),
      }))
    }

    const holdWebhooks = () => control("POST", "/_sandbox/webhooks/faults", { hold: true })
    const releaseWebhooks = async () => {
      await control("POST", "/_sandbox/webhooks/faults", { hold: false })
      await control("POST", "/_sandbox/webhooks/flush")
    }

    /** A checkout paid by EFT while Jetpay holds this store's deliveries: its events as Jetpay made them. */
    async function paidWhileHeld() {
      await holdWebhooks()
      const checkout = await startJetpayCheckout(api, store)
      await pay(checkout.transactionId, "eft")
      const events = await eventually(async () => {
        const found = await sandboxEventsOf(checkout.transactionId)
        return found.length >= 2 && found
      }, 10_000, "the debit's events at Jetpay")
      return { checkout, events, webhook: await storeWebhook() }
    }

    beforeAll(async () => {
      store = await createJetpayStore(getContainer())
      const registered = await registerWebhook(appUrl())
      expect(registered.action).toBe("registered")
      admin = await createAdmin(api, getContainer())
      const eventBus = getContainer().resolve<IEventBusModuleService>(Modules.EVENT_BUS)
      eventBus.subscribe(JetpayEvents.WEBHOOK_EVENTS_RECORDED, async (event: { data: { jetpay_transaction_ids: string[] } }) => {
        handedOver.push(event.data.jetpay_transaction_ids)
      })
      for (const name of PLUGIN_EVENTS) {
        eventBus.subscribe(name, async (event: { name: string; data: unknown }) => {
          emitted.push({ name, data: event.data })
        })
      }
    })

    afterEach(async () => {
      await control("DELETE", "/_sandbox/webhooks/faults")
      await control("DELETE", "/_sandbox/faults")
      await control("DELETE", "/_sandbox/foreign-events")
      await control("POST", "/_sandbox/settings", { cancelled_wording: "cancelled", webhook_give_up_after: 8 })
      // A test that failed half-way must not leave the store's webhook failed for the next one.
      const mine = await storeWebhook().catch(() => undefined)
      if (mine?.state === "failed") await jetpayApi("PATCH", `/webhooks/${mine.identifier}`, { state: "active" })
      for (const other of await webhooks()) {
        if (other.callback_url === OTHER_CALLBACK_URL) await jetpayApi("DELETE", `/webhooks/${other.identifier}`)
      }
      await control("POST", "/_sandbox/webhooks/flush")
    })

    it("1. answers 2xx to a verified batch that holds a non-transaction event, applies the payment's events in it, and records the other as processed", async () => {
      await holdWebhooks()
      const checkout = await startJetpayCheckout(api, store)
      // Placed between the debit's `created` and its `initiated`: the next id in the feed.
      const kyc = await control<SandboxEvent>("POST", "/_sandbox/events", {
        type: "kyc.status_changed",
        data: { companyId: "cmp_tests", status: "approved", previousStatus: "pending" },
      })
      await pay(checkout.transactionId, "eft")
      await releaseWebhooks()

      await awaitingOrder(checkout.cartId)
      const events = await settled(checkout.transactionId, 2)
      const ids = events.map((event) => Number(event.jetpay_event_id)).sort((a, b) => a - b)
      expect(ids[0]).toBeLessThan(kyc.id)
      expect(ids[1]).toBeGreaterThan(kyc.id)

      // Every delivery that carried the non-transaction event was acknowledged, and it carried the payment's events too.
      const carrying = (await deliveries()).filter((delivery) => delivery.event_ids.includes(kyc.id))
      expect(carrying.length).toBeGreaterThan(0)
      expect(carrying.map((delivery) => delivery.status)).toEqual(carrying.map(() => 200))
      expect(carrying[0].event_ids).toEqual(expect.arrayContaining(ids))

      const [recorded] = await jetpayModule().listJetpayWebhookEvents({ jetpay_event_id: String(kyc.id), environment: environment() })
      expect(recorded).toMatchObject({ type: "kyc.status_changed", jetpay_transaction_id: null, state: null, last_error: null })
      expect(recorded.processed_at).toBeTruthy()
      expect(await ordersOfCart(getContainer(), checkout.cartId)).toHaveLength(1)
    })

    it("2. records another integration's transactions and never acts on them: no Medusa change, no Jetpay call about them", async () => {
      const before = await storeTotals()
      const requestsBefore = (await requests()).length
      await control("POST", "/_sandbox/foreign-events", { enabled: true })
      const checkout = await startJetpayCheckout(api, store)
      const [created] = await sandboxEventsOf(checkout.transactionId)
      await pay(checkout.transactionId, "card")
      await advance(checkout.transactionId, "completed")
      // More of this store's events, each followed by a foreign one, so that other integrations' transactions move too.
      for (let i = 0; i < 4; i++) await control("POST", `/_sandbox/transactions/${checkout.transactionId}/touch`)
      await control("DELETE", "/_sandbox/foreign-events")

      const feed = (await control<SandboxEvent[]>("GET", "/_sandbox/events")).filter((event) => event.id > created.id)
      const foreignTransactionIds = [
        ...new Set(
          feed.flatMap((event) =>
            typeof event.data.transactionId === "string" && event.data.transactionId !== checkout.transactionId
              ? [event.data.transactionId]
              : []
          )
        ),
      ]
      const nonTransactionEvents = feed.filter((event) => event.data.transactionId === undefined)
      expect(foreignTransactionIds.length).toBeGreaterThan(0)
      expect(nonTransactionEvents.length).toBeGreaterThan(0)

      // Our payment converges: one order, captured once.
      await settled(checkout.transactionId, 7)
      const order = await capturedOrder(getContainer(), checkout.cartId)
      expect(order.payments).toHaveLength(1)
      expect(order.payments[0].captures).toHaveLength(1)

      // Every foreign event is recorded and marked processed, without an error.
      for (const transactionId of foreignTransactionIds) {
        const recorded = await eventually(async () => {
          const rows = await recordedEventsOf(transactionId)
          return rows.length > 0 && rows.every((row) => row.processed_at) && rows
        }, 30_000, `the events of foreign transaction ${transactionId}`)
        expect(recorded.every((row) => row.last_error === null)).toBe(true)
      }
      for (const event of nonTransactionEvents) {
        const [row] = await eventually(async () => {
          const rows = await jetpayModule().listJetpayWebhookEvents({ jetpay_event_id: String(event.id), environment: environment() })
          return rows.length > 0 && rows
        }, 10_000, `non-transaction event ${event.id}`)
        expect(row.processed_at).toBeTruthy()
      }

      // Never taken for the store's own: no record, no Medusa payment or order, no Jetpay call naming them.
      expect(await jetpayModule().listJetpayTransactions({ jetpay_id: foreignTransactionIds })).toEqual([])
      expect(await storeTotals()).toEqual({ orders: before.orders + 1, payments: before.payments + 1 })
      const aboutForeign = (await requests())
        .slice(requestsBefore)
        .filter((request) => foreignTransactionIds.some((id) => request.path.includes(id)))
      expect(aboutForeign).toEqual([])
    })

    it("3a. applies events recorded before a crash that prevented their processing: the reconciliation job takes them", async () => {
      const { checkout, events, webhook } = await paidWhileHeld()

      // What the route does up to its response, then the process dies: recorded, never handed over.
      const recorded = await jetpayModule().recordWebhookEvents(environment(), asRecordedInput(events, webhook.id))
      expect(recorded).toEqual({ recorded: 2, unprocessedTransactionIds: [checkout.transactionId] })
      expect(await ordersOfCart(getContainer(), checkout.cartId)).toHaveLength(0)

      // Jetpay still holds the batch: only the reconciliation job can apply it.
      await awaitingOrder(checkout.cartId, 45_000, "the order from the reconciliation job")
      const rows = await settled(checkout.transactionId, 2)
      expect(rows).toHaveLength(2)
      expect(rows.every((row) => row.last_error === null)).toBe(true)
      expect(eventsOf("jetpay.payment.authorized", checkout.transactionId).length).toBeLessThanOrEqual(1)
    })

    it("3b. a redelivered batch whose events are recorded but still unprocessed is applied right away by the route", async () => {
      const { checkout, events, webhook } = await paidWhileHeld()
      await jetpayModule().recordWebhookEvents(environment(), asRecordedInput(events, webhook.id))
      const before = await recordedEventsOf(checkout.transactionId)
      const handedBefore = handedOver.length

      // Jetpay delivers the same batch again (it never got the first answer).
      await releaseWebhooks()
      const carrying = (await deliveries()).filter((delivery) => delivery.event_ids.includes(events[1].id))
      expect(carrying.map((delivery) => delivery.status)).toContain(200)

      // The route handed the recorded but unprocessed events to the subscriber again (the
      // job would take them only after neverTriedGraceMs, 10 s here).
      await awaitingOrder(checkout.cartId, 30_000, "the order from the redelivery")
      expect(handedOver.slice(handedBefore)).toContainEqual(expect.arrayContaining([checkout.transactionId]))
      const after = await settled(checkout.transactionId, 2)
      // Nothing recorded twice: the same rows, now processed.
      expect(after.map((row) => row.id).sort()).toEqual(before.map((row) => row.id).sort())
    })

    it("3c. a reconciliation run queued behind a sync that applied the due events leaves them applied: no second sync, no second Jetpay read", async () => {
      const { checkout, events, webhook } = await paidWhileHeld()
      // Recorded, never handed over (as after a crash): due for the job after neverTriedGraceMs.
      await jetpayModule().recordWebhookEvents(environment(), asRecordedInput(events, webhook.id))

      // A sync of this transaction is under way: it holds the transaction's lock. The test makes
      // the reconciliation run itself, holding the run's lock so that the scheduled job's stay out.
      const locking = getContainer().resolve(Modules.LOCKING)
      const lockKey = `jetpay:transaction:${checkout.transactionId}`
      const releaseReconciliation = await holdReconciliation("this test's run", 120)
      await locking.acquire(lockKey, { ownerId: "a running sync", expire: 60 })
      let released = false
      try {
        const isDue = async () => (await jetpayModule().dueTransactionIds(new Date(), 10_000, 1000)).includes(checkout.transactionId)
        await eventually(isDue, 20_000, "the events due for the job")
        // A run finds them due and queues behind the running sync.
        const run = runReconciliation(getContainer(), new Date())
        // The running sync applies them (the order), then lets go of the lock.
        await syncJetpayTransactionWorkflow(getContainer()).run({ input: { jetpay_transaction_id: checkout.transactionId } })
        expect(await isDue()).toBe(false)
        await control("DELETE", "/_sandbox/requests")
        await locking.release(lockKey, { ownerId: "a running sync" })
        released = true
        const done = await run
        expect(done.due_transactions).toBeGreaterThanOrEqual(1)
      } finally {
        if (!released) await locking.release(lockKey, { ownerId: "a running sync" })
        await releaseReconciliation()
      }
      const reads = (await requests()).filter((request) => request.path === `/transaction/${checkout.transactionId}/status`)
      await releaseWebhooks()
      expect(reads).toEqual([])
      await awaitingOrder(checkout.cartId)
      await eventually(async () => eventsOf("jetpay.payment.authorized", checkout.transactionId).length > 0, 10_000, "jetpay.payment.authorized")
      expect(eventsOf("jetpay.payment.authorized", checkout.transactionId)).toHaveLength(1)
    })

    it("4. notices deliveries lost for good and asks Jetpay to replay them: the order appears, captured once, and the admin sees the replay", async () => {
      const checkout = await startJetpayCheckout(api, store)
      await settled(checkout.transactionId, 1)
      const webhook = await storeWebhook()
      const requestsBefore = (await requests()).length

      // The reconciliation waits until the loss is in place (a run in between may already replay it).
      const releaseReconciliation = await holdReconciliation("this test, while the deliveries are lost")
      await control("POST", "/_sandbox/webhooks/faults", { drop: true })
      await pay(checkout.transactionId, "eft")
      await advance(checkout.transactionId, "completed")
      const lostIds = (await sandboxEventsOf(checkout.transactionId)).slice(1).map((event) => event.id)
      expect(lostIds).toHaveLength(2)
      await eventually(async () => {
        const dropped = (await deliveries()).filter((delivery) => delivery.status === "dropped").flatMap((delivery) => delivery.event_ids)
        return lostIds.every((id) => dropped.includes(id))
      }, 10_000, "the dropped batches")
      await control("POST", "/_sandbox/webhooks/faults", { drop: false })
      expect((await storeWebhook()).last_sent_event_id).toBeGreaterThanOrEqual(lostIds[1])
      expect(await recordedEventsOf(checkout.transactionId)).toHaveLength(1)
      await releaseReconciliation()

      const deadline = Date.now() + 60_000
      let order: OrderView | undefined
      while (Date.now() < deadline) {
        ;[order] = await ordersOfCart(getContainer(), checkout.cartId)
        if (order?.payments[0]?.captured_at) break
        await sleep(250)
      }
      expect(order?.payments[0]?.captured_at).toBeTruthy()
      // The settings page still shows the replay runs later.
      const health = await adminGet("/admin/jetpay/health")
      expect(health.data.reconciliation.last_replay).toEqual({ from: String(lostIds[0]), reason: expect.any(String), at: expect.any(String), tries: 1 })

      // Jetpay was asked to replay this store's webhook, and delivered the lost events.
      const patches = (await requests()).slice(requestsBefore).filter((request) => request.method === "PATCH")
      expect(patches.map((request) => request.path)).toContain(`/webhooks/${webhook.identifier}`)
      const redelivered = (await deliveries()).filter(
        (delivery) => delivery.webhook_id === webhook.id && delivery.status === 200 && delivery.event_ids.includes(lostIds[0])
      )
      expect(redelivered.length).toBeGreaterThan(0)

      const events = await settled(checkout.transactionId, 3)
      expect(events.map((event) => event.state).sort()).toEqual(["completed", "initiated", "requested"])
      const orders = await ordersOfCart(getContainer(), checkout.cartId)
      expect(orders).toHaveLength(1)
      expect(orders[0].payments).toHaveLength(1)
      expect(orders[0].payments[0].captures).toHaveLength(1)
      // Once more after a reconciliation run that would have re-applied anything left over.
      await reconciliationRun()
      expect(eventsOf("jetpay.payment.captured", checkout.transactionId)).toHaveLength(1)
      expect((await ordersOfCart(getContainer(), checkout.cartId))[0].payments[0].captures).toHaveLength(1)
    })

    type Scenario = "reversed" | "failed"
    type Mode = "late" | "stepwise"

    /**
     * One payment through a whole scenario, seen by the store either all at once after the
     * fact (webhooks held) or step by step. Returns the checkout once everything settled.
     */
    async function runScenario(scenario: Scenario, mode: Mode): Promise<JetpayCheckout> {
      const checkout = await startJetpayCheckout(api, store)
      const tx = checkout.transactionId
      const capturedOrder = () =>
        eventually(async () => (await ordersOfCart(getContainer(), checkout.cartId))[0]?.payments[0]?.captured_at, 30_000, "the capture")
      if (mode === "late") {
        await settled(tx, 1)
        await holdWebhooks()
        await pay(tx, "eft")
        if (scenario === "reversed") {
          await advance(tx, "completed")
          await advance(tx, "failed", "nsf")
        } else {
          await advance(tx, "failed", "insufficient_funds")
        }
        await releaseWebhooks()
      } else {
        await pay(tx, "eft")
        await awaitingOrder(checkout.cartId)
        if (scenario === "reversed") {
          await advance(tx, "completed")
          await capturedOrder()
          await advance(tx, "failed", "nsf")
        } else {
          await advance(tx, "failed", "insufficient_funds")
        }
      }
      // Seen late, a settlement no status read confirmed is no settlement: the return is a failure.
      const reversal = scenario === "reversed" && mode === "stepwise"
      if (reversal) {
        await eventually(async () => (await ordersOfCart(getContainer(), checkout.cartId))[0]?.metadata?.jetpay_payment_reversed, 30_000, "the flagged order")
      } else if (mode === "stepwise") {
        // The order's payment was awaiting settlement: its session ends in error, no payment is made.
        await eventually(async () => (await ordersOfCart(getContainer(), checkout.cartId))[0]?.sessions.includes("error"), 30_000, "the canceled payment")
      } else {
        await eventually(async () => (await recordOf(tx)).failed_at, 30_000, "the recorded failure")
      }
      await settled(tx, scenario === "reversed" ? 4 : 3)
      const last = reversal ? "jetpay.payment.reversed" : "jetpay.payment.failed"
      await eventually(async () => eventsOf(last, tx).length > 0, 10_000, last)
      await reconciliationRun() // a duplicate would come from a later sync: one more run has happened
      return checkout
    }

    /** What the merchant sees of one payment, without ids or times: comparable across payments. */
    async function endState(checkout: JetpayCheckout) {
      const orders = await ordersOfCart(getContainer(), checkout.cartId)
      const record = await recordOf(checkout.transactionId)
      const view = orders[0] ? (await adminGet(`/admin/jetpay/orders/${orders[0].id}`)).data : null
      const debit = view?.transactions.find((transaction: { id: string }) => transaction.id === checkout.transactionId)
      return {
        orders: orders.length,
        payments: orders.flatMap((order) =>
          order.payments.map((payment) => ({
            amount: payment.amount,
            captured: !!payment.captured_at,
            canceled: !!payment.canceled_at,
            captures: payment.captures.length,
          }))
        ),
        sessions: orders.flatMap((order) => order.sessions),
        metadata: Object.fromEntries(Object.entries(orders[0]?.metadata ?? {}).filter(([key]) => key.startsWith("jetpay_"))),
        record: {
          state: record.state,
          fail_reason: record.fail_reason,
          fail_direction: record.fail_direction,
          authorized: !!record.authorized_at,
          settled: !!record.settled_at,
          failed: !!record.failed_at,
          reversed: !!record.reversed_at,
          next_check_at: record.next_check_at,
          last_error: record.last_error,
        },
        admin: { status: view?.status?.code ?? null, reversed: debit?.reversed ?? null },
        emitted: Object.fromEntries(PLUGIN_EVENTS.map((name) => [name, eventsOf(name, checkout.transactionId).length])),
      }
    }

    it("5a. settled then returned, seen all at once: no status read confirmed the settlement, so no order and no capture; jetpay.payment.failed once", async () => {
      const checkout = await runScenario("reversed", "late")
      const state = await endState(checkout)
      expect(state).toEqual({
        orders: 0,
        payments: [],
        sessions: [],
        metadata: {},
        record: {
          state: "failed",
          fail_reason: "nsf",
          fail_direction: "pull",
          authorized: true,
          settled: false,
          failed: true,
          reversed: false,
          next_check_at: null,
          last_error: null,
        },
        admin: { status: null, reversed: null },
        emitted: {
          "jetpay.payment.authorized": 0,
          "jetpay.payment.captured": 0,
          "jetpay.payment.failed": 1,
          "jetpay.payment.reversed": 0,
        },
      })
      expect(eventsOf("jetpay.payment.failed", checkout.transactionId)).toEqual([
        { name: "jetpay.payment.failed", data: expect.objectContaining({ order_id: null, fail_reason: "nsf" }) },
      ])
    })

    it("5b. authorized then failed before settlement, seen late: no order is made for a payment known to have failed; jetpay.payment.failed once", async () => {
      const checkout = await runScenario("failed", "late")
      const state = await endState(checkout)
      expect(state).toMatchObject({
        orders: 0,
        payments: [],
        record: { state: "failed", fail_reason: "insufficient_funds", authorized: true, settled: false, failed: true, reversed: false, next_check_at: null, last_error: null },
        admin: { status: null },
        emitted: {
          "jetpay.payment.authorized": 0,
          "jetpay.payment.captured": 0,
          "jetpay.payment.failed": 1,
          "jetpay.payment.reversed": 0,
        },
      })
      expect(eventsOf("jetpay.payment.failed", checkout.transactionId)).toEqual([
        { name: "jetpay.payment.failed", data: expect.objectContaining({ order_id: null, fail_reason: "insufficient_funds" }) },
      ])
      // The shopper back from Jetpay cannot make the order either: the payment is known to have failed.
      const completion = await completeCart(api, store, checkout.cartId)
      expect(completion.status).toBeGreaterThanOrEqual(400)
      expect(completion.status).toBeLessThan(500)
      expect(await ordersOfCart(getContainer(), checkout.cartId)).toHaveLength(0)
    })

    it("5c. settled then returned, seen step by step: one order, captured once, flagged reversed, jetpay.payment.reversed once; one that failed after its order was made keeps that order, canceled", async () => {
      const checkout = await runScenario("reversed", "stepwise")
      expect(await endState(checkout)).toEqual({
        orders: 1,
        payments: [{ amount: 99.98, captured: true, canceled: false, captures: 1 }],
        // Authorized on its order when Jetpay settled (it was awaiting until then).
        sessions: ["authorized"],
        metadata: { jetpay_payment_reversed: true, jetpay_fail_reason: "nsf" },
        record: {
          state: "failed",
          fail_reason: "nsf",
          fail_direction: "pull",
          authorized: true,
          settled: true,
          failed: false,
          reversed: true,
          next_check_at: null,
          last_error: null,
        },
        admin: { status: "reversed", reversed: true },
        emitted: {
          "jetpay.payment.authorized": 1,
          "jetpay.payment.captured": 1,
          "jetpay.payment.failed": 0,
          "jetpay.payment.reversed": 1,
        },
      })
      const [order] = await ordersOfCart(getContainer(), checkout.cartId)
      expect(eventsOf("jetpay.payment.reversed", checkout.transactionId)).toEqual([
        { name: "jetpay.payment.reversed", data: expect.objectContaining({ order_id: order.id, fail_reason: "nsf" }) },
      ])

      const failed = await endState(await runScenario("failed", "stepwise"))
      expect(failed).toMatchObject({
        // The order stays; its awaiting payment is canceled: no Medusa payment was ever made.
        orders: 1,
        payments: [],
        sessions: ["error"],
        metadata: { jetpay_payment_failed: true, jetpay_fail_reason: "insufficient_funds" },
        record: { state: "failed", authorized: true, failed: true, settled: false },
        admin: { status: "failed" },
        emitted: { "jetpay.payment.authorized": 1, "jetpay.payment.failed": 1, "jetpay.payment.captured": 0 },
      })
    })

    it("5d. a completed known only from its signed event, then a failed status read, after the order was made: the payment is canceled, never captured", async () => {
      const checkout = await startJetpayCheckout(api, store)
      const tx = checkout.transactionId
      await pay(tx, "eft")
      const order = await awaitingOrder(checkout.cartId)
      await settled(tx, 2)
      // The store hears of the settlement only by its event, when Jetpay's status already reads failed.
      await holdWebhooks()
      await advance(tx, "completed")
      await advance(tx, "failed", "nsf")
      await releaseWebhooks()
      await eventually(async () => (await ordersOfCart(getContainer(), checkout.cartId))[0]?.sessions.includes("error"), 30_000, "the canceled payment")
      await settled(tx, 4)
      await eventually(async () => eventsOf("jetpay.payment.failed", tx).length > 0, 10_000, "jetpay.payment.failed")
      await reconciliationRun()

      const state = await endState(checkout)
      expect(state).toMatchObject({
        orders: 1,
        payments: [],
        sessions: ["error"],
        metadata: { jetpay_payment_failed: true, jetpay_fail_reason: "nsf" },
        record: { state: "failed", fail_reason: "nsf", authorized: true, settled: false, failed: true, reversed: false },
        admin: { status: "failed", reversed: false },
        emitted: {
          "jetpay.payment.authorized": 1,
          "jetpay.payment.captured": 0,
          "jetpay.payment.failed": 1,
          "jetpay.payment.reversed": 0,
        },
      })
      expect(eventsOf("jetpay.payment.failed", tx)).toEqual([
        { name: "jetpay.payment.failed", data: expect.objectContaining({ order_id: order.id, fail_reason: "nsf" }) },
      ])
    })

    it("6. repairs the store's failed webhook with a replay from the first missing event, and never touches the company's other webhook", async () => {
      const checkout = await startJetpayCheckout(api, store)
      await settled(checkout.transactionId, 1)
      const mine = await storeWebhook()
      // Another integration of the same company: its URL ends in /hooks/jetpay too, and nobody listens there.
      const other = await jetpayApi<SandboxWebhook>("POST", "/webhooks/", { callback_url: OTHER_CALLBACK_URL, max_batch_size: 10, max_wait_seconds: 0 })
      const requestsBefore = (await requests()).length
      const deliveriesBefore = (await deliveries()).length

      await control("POST", "/_sandbox/settings", { webhook_give_up_after: 2 })
      // The store answers 401 to a batch signed by a stranger.
      await control("POST", "/_sandbox/webhooks/faults", { bad_signature: 1000 })
      await pay(checkout.transactionId, "eft")
      const [, paid] = await sandboxEventsOf(checkout.transactionId)
      await eventually(async () => {
        const all = await webhooks()
        return all.find((webhook) => webhook.id === mine.id)?.state === "failed" && all.find((webhook) => webhook.id === other.id)?.state === "failed"
      }, 15_000, "both webhooks failed")
      const refused = (await deliveries()).slice(deliveriesBefore).filter((delivery) => delivery.webhook_id === mine.id)
      expect(refused.length).toBeGreaterThanOrEqual(2)
      expect(refused.every((delivery) => delivery.status === 401)).toBe(true)
      const otherBefore = (await webhooks()).find((webhook) => webhook.id === other.id)!
      expect(await ordersOfCart(getContainer(), checkout.cartId)).toHaveLength(0)

      await control("DELETE", "/_sandbox/webhooks/faults")
      await awaitingOrder(checkout.cartId, 60_000, "the order after the repair")
      await eventually(async () => (await storeWebhook()).state !== "failed", 30_000, "the store's webhook repaired")

      // The repair delivered the missed event through the webhook: replayed from the first missing id.
      const replayed = await eventually(async () => {
        const found = (await deliveries())
          .slice(deliveriesBefore)
          .filter((delivery) => delivery.webhook_id === mine.id && delivery.status === 200 && delivery.event_ids.includes(paid.id))
        return found.length > 0 && found
      }, 30_000, "the missed event delivered again")
      expect(replayed[0].event_ids[0]).toBe(paid.id)
      const recorded = await settled(checkout.transactionId, 2)
      expect(recorded.map((event) => event.state).sort()).toEqual(["initiated", "requested"])

      const log = (await requests()).slice(requestsBefore)
      expect(log.filter((request) => request.method === "PATCH").map((request) => request.path)).toContain(`/webhooks/${mine.identifier}`)
      expect(log.filter((request) => request.path.includes(other.identifier))).toEqual([])
      const otherAfter = (await webhooks()).find((webhook) => webhook.id === other.id)!
      expect(otherAfter).toMatchObject({
        callback_url: OTHER_CALLBACK_URL,
        state: "failed",
        last_sent_event_id: otherBefore.last_sent_event_id,
      })
      expect(otherAfter.state).toBe(otherBefore.state)
    })

    it("7. records an event id seen in two Jetpay environments twice, and a repeat in one of them once", async () => {
      const id = String(9_000_000_000_000 + Math.floor(Math.random() * 1_000_000))
      const event: WebhookEventInput = {
        jetpay_event_id: id,
        webhook_id: "1",
        type: "company.updated",
        jetpay_transaction_id: null,
        state: null,
        occurred_at: new Date(),
      }
      const jetpay = jetpayModule()
      expect(await jetpay.recordWebhookEvents("demo.jetpay.example", [event])).toMatchObject({ recorded: 1 })
      expect(await jetpay.recordWebhookEvents("api.jetpay.example", [event])).toMatchObject({ recorded: 1 })
      expect(await jetpay.recordWebhookEvents("demo.jetpay.example", [event])).toMatchObject({ recorded: 0 })
      const rows = await jetpay.listJetpayWebhookEvents({ jetpay_event_id: id })
      expect(rows.map((row) => row.environment).sort()).toEqual(["api.jetpay.example", "demo.jetpay.example"])
    })

    it.each(["deleted", "404"] as const)(
      "8. a debit the plugin cancelled (cart changed) that Jetpay then reports as %s ends cancelled, with no next check and no error",
      async (wording) => {
        await control("POST", "/_sandbox/settings", { cancelled_wording: wording })
        const checkout = await startJetpayCheckout(api, store, { quantity: 1 })
        await settled(checkout.transactionId, 1)
        const changed = await api.post(`/store/carts/${checkout.cartId}/line-items`, { variant_id: store.variantId, quantity: 1 }, headers())
        expect(changed.status).toBe(200)
        expect((await control<{ state: string }>("GET", `/_sandbox/transactions/${checkout.transactionId}`)).state).toBe("cancelled")

        // The cancel's event comes in; the status read answers `deleted` or 404.
        const events = await settled(checkout.transactionId, 2)
        expect(events.map((event) => event.state).sort()).toEqual(["deleted", "requested"])
        const record = await eventually(async () => {
          const current = await recordOf(checkout.transactionId)
          return current.state === "cancelled" && current
        }, 30_000, "the old debit's record cancelled")
        expect(record).toMatchObject({ state: "cancelled", next_check_at: null, last_error: null })
        expect(events.every((event) => event.last_error === null)).toBe(true)
        const statusPath = `/transaction/${checkout.transactionId}/status`
        // A reconciliation run that picked the debit for its re-read before it was cancelled may still read it once.
        await reconciliationRun()
        const reads = (await requests()).filter((request) => request.path === statusPath)
        expect(reads.length).toBeGreaterThan(0)
        expect(reads.at(-1)?.status).toBe(wording === "404" ? 404 : 200)

        // Not re-read again and again: after the next reconciliation runs, nothing more about it.
        await reconciliationRun()
        await reconciliationRun()
        expect((await requests()).filter((request) => request.path === statusPath)).toHaveLength(reads.length)
        expect(await recordOf(checkout.transactionId)).toMatchObject({ state: "cancelled", next_check_at: null, last_error: null })
        expect(await ordersOfCart(getContainer(), checkout.cartId)).toHaveLength(0)
      }
    )

    it("9. a shopper back without paying can still pay: the failed completion leaves no order, the reconciliation cancels nothing, and paying later makes the order", async () => {
      const checkout = await startJetpayCheckout(api, store)
      // The storefront completes the cart on the shopper's return; Jetpay says not paid, so
      // Medusa's completion fails and its compensation removes the order it had begun.
      await completeCart(api, store, checkout.cartId)
      expect(await ordersOfCart(getContainer(), checkout.cartId)).toHaveLength(0)
      expect((await recordOf(checkout.transactionId)).completion_started_at).toBeInstanceOf(Date)

      // Once that completion is surely over, the reconciliation job looks at what it left (no
      // order), lets its note go, and leaves the debit payable.
      await eventually(
        async () => (await recordOf(checkout.transactionId)).completion_started_at === null,
        jetpayServices(getContainer()).options.timings.unpaidOrderAfterMs + 30_000,
        "the completion's note accounted for"
      )
      expect((await control<{ state: string }>("GET", `/_sandbox/transactions/${checkout.transactionId}`)).state).toBe("requested")
      expect(await ordersOfCart(getContainer(), checkout.cartId)).toHaveLength(0)

      await pay(checkout.transactionId, "eft")
      await awaitingOrder(checkout.cartId, 30_000, "the order once the shopper paid")
      expect(await ordersOfCart(getContainer(), checkout.cartId)).toHaveLength(1)
    })
  },
})
