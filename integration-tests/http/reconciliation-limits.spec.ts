import { jetpayTestApp } from "../helpers/test-app"
import { Modules } from "@medusajs/framework/utils"
import type { IEventBusModuleService, INotificationModuleService, IPaymentModuleService } from "@medusajs/framework/types"
import { JetpayEvents } from "../../src/domain/events"
import { REPLAY_ATTEMPTS } from "../../src/domain/replay-decision"
import type { ReconciliationRun } from "../../src/domain/admin-responses"
import { jetpayServices } from "../../src/providers/jetpay/jetpay-services"
import { LAST_WEBHOOK_CHECK_KEY, reconcileJetpay } from "../../src/workflows/reconcile/reconcile"
import { createAdmin, type AdminAuth } from "../helpers/admin-auth"
import { completeCart, eventually, ordersOfCart, placedOrder, startJetpayCheckout } from "../helpers/checkout-steps"
import { jetpaySteps } from "../helpers/jetpay-steps"
import { useJetpaySandbox } from "../helpers/sandbox-fixture"
import { createJetpayStore, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(180_000)

// The job runs once an hour here: every reconciliation run of this file is one the test makes,
// so it can tell what each run did and make two at the same moment. A debit nobody paid is
// abandoned after 15 s, and an idle store's webhook is read every 10 minutes (production's).
process.env.JETPAY_TIMINGS = JSON.stringify({
  reconcileIntervalMs: 3_600_000,
  abandonedDebitAfterMs: 15_000,
  idleWebhookCheckIntervalMs: 600_000,
})

const sandbox = useJetpaySandbox()

type RequestEntry = { method: string; path: string; status: number | null; at: string }
type SandboxEvent = { id: number; createdAt: string; type: string; data: Record<string, unknown> }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * What keeps the reconciliation bounded in a store nobody watches: replays of events Jetpay
 * never delivers stop and become one Needs attention item; one run at a time across processes.
 */
jetpayTestApp({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let admin: AdminAuth
    const announced: Array<{ id: string; kind: string }> = []
    const { control, pay, advance, jetpayModule, settled, registerWebhook } = jetpaySteps(sandbox, getContainer)
    const requests = () => control<RequestEntry[]>("GET", "/_sandbox/requests")
    const announcedOf = (itemId: string) => announced.filter((item) => item.id === itemId)
    const attention = async () => (await api.get("/admin/jetpay/attention", admin)).data.items as Array<Record<string, unknown>>

    /** Reconciliation runs, one after the other, until `done` says what it waited for happened. */
    async function runUntil<T>(done: (run: ReconciliationRun | null) => Promise<T | undefined | false>, what: string, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        const found = await done(await reconcileJetpay(getContainer()))
        if (found) return found
        await sleep(200)
      }
      throw new Error(`timed out running reconciliations until ${what}`)
    }

    beforeAll(async () => {
      store = await createJetpayStore(getContainer())
      await registerWebhook(api.defaults.baseURL)
      admin = await createAdmin(api, getContainer())
      getContainer()
        .resolve<IEventBusModuleService>(Modules.EVENT_BUS)
        .subscribe(JetpayEvents.ATTENTION_REQUIRED, async (event: { data: { id: string; kind: string } }) => {
          announced.push(event.data)
        })
    })

    afterEach(async () => {
      await control("DELETE", "/_sandbox/webhooks/faults")
      await control("POST", "/_sandbox/webhooks/flush")
    })

    it(`1. gives up on an event Jetpay never delivers after ${REPLAY_ATTEMPTS} replays: one Needs attention item, announced once; no more replays, and a failure after the gap is applied without waiting historyWaitMs`, async () => {
      const { historyWaitMs, replayCooldownMs } = jetpayServices(getContainer()).options.timings
      // The failure below would wait this long for the lost event before being applied anyway.
      expect(historyWaitMs).toBeGreaterThanOrEqual(600_000)

      const checkout = await startJetpayCheckout(api, store)
      await pay(checkout.transactionId, "eft")
      // The webhook's sync makes the order; the EFT's payment awaits settlement.
      const order = await placedOrder(getContainer(), checkout.cartId, 30_000, "the order")
      await settled(checkout.transactionId, 2)

      // Jetpay makes an event and never delivers it, replays included: a permanent gap in the ids.
      await control("POST", "/_sandbox/webhooks/faults", { hold: true })
      const lost = await control<SandboxEvent>("POST", "/_sandbox/events", { type: "company.updated", data: { companyId: "cmp_tests" } })
      await control("POST", "/_sandbox/webhooks/faults", { lose_event_ids: [lost.id] })
      await advance(checkout.transactionId, "failed", "insufficient_funds")
      await control("POST", "/_sandbox/webhooks/faults", { hold: false })
      await control("POST", "/_sandbox/webhooks/flush")
      const failedEvent = await eventually(async () => {
        const [event] = await jetpayModule().listJetpayWebhookEvents({ jetpay_transaction_id: checkout.transactionId, state: "failed" })
        return event
      }, 30_000, "the failure's event recorded")
      expect(Number(failedEvent.jetpay_event_id)).toBeGreaterThan(lost.id)
      const requestsBefore = (await requests()).length
      const itemId = `events_lost:${lost.id}-${lost.id}`

      const gaveUp = await runUntil(async (run) => run?.gave_up && run, "the lost event given up on")
      expect(gaveUp.gave_up).toEqual({ from: String(lost.id), to: String(lost.id) })
      const replays = () =>
        requests().then((log) => log.slice(requestsBefore).filter((request) => request.method === "PATCH" && request.path.startsWith("/webhooks/")))
      expect(await replays()).toHaveLength(REPLAY_ATTEMPTS)

      // The merchant sees it, with what to check.
      const [item] = (await attention()).filter((candidate) => candidate.id === itemId)
      expect(item).toEqual({
        id: itemId,
        kind: "events_lost",
        transaction_id: null,
        order_id: null,
        cart_id: null,
        amount: 0,
        reason: expect.stringContaining(`Jetpay never delivered event ${lost.id}, asked again ${REPLAY_ATTEMPTS} times`),
        since: expect.any(String),
        actions: ["dismiss"],
      })

      // The failure no longer waits for the lost event: the order's awaiting payment is canceled (its
      // session ends in error), minutes before historyWaitMs.
      const started = Date.now()
      await runUntil(async () => (await ordersOfCart(getContainer(), checkout.cartId))[0]?.sessions.includes("error"), "the failure applied", 30_000)
      expect(Date.now() - started).toBeLessThan(historyWaitMs)
      expect((await jetpayModule().listJetpayTransactions({ jetpay_id: checkout.transactionId }))[0]).toMatchObject({ state: "failed" })
      expect((await ordersOfCart(getContainer(), checkout.cartId))[0].id).toBe(order.id)

      // No more replays: runs that read the webhook at Jetpay past the last replay's cooldown asked none.
      // A payment open keeps those reads every webhookCheckIntervalMs (an idle store reads it far less often).
      await startJetpayCheckout(api, store)
      const quietFrom = Date.now() + replayCooldownMs
      await runUntil(async (run) => !!run?.webhook && Date.parse(run.started_at) > quietFrom, "a webhook check past the cooldown", 30_000)
      expect(await replays()).toHaveLength(REPLAY_ATTEMPTS)
      const cursor = (await reconcileJetpay(getContainer()))!
      expect(BigInt(cursor.events_whole_through!)).toBeGreaterThanOrEqual(BigInt(failedEvent.jetpay_event_id))

      // Announced once, however many runs saw it since.
      await eventually(async () => announcedOf(itemId).length > 0, 10_000, "jetpay.attention.required")
      expect(announcedOf(itemId)).toHaveLength(1)

      // Dismissed, it leaves the list.
      const dismissed = await api.post("/admin/jetpay/attention", { item_id: itemId, action: "dismiss" }, admin)
      expect(dismissed.status).toBe(200)
      expect((await attention()).map((candidate) => candidate.id)).not.toContain(itemId)
    })

    it("2. two reconciliation runs at once (two workers) announce a new Needs attention item once", async () => {
      const checkout = await startJetpayCheckout(api, store)
      await pay(checkout.transactionId, "card")
      await eventually(async () => (await ordersOfCart(getContainer(), checkout.cartId))[0]?.payments.length, 30_000, "the order")
      await advance(checkout.transactionId, "failed", "card_declined")
      // The webhook's sync records the failure; only a reconciliation run announces the item it makes.
      await eventually(
        async () => (await jetpayModule().listJetpayTransactions({ jetpay_id: checkout.transactionId }))[0]?.failed_at,
        30_000,
        "the failure recorded"
      )
      const itemId = `failed_debit:${checkout.transactionId}`
      expect(announcedOf(itemId)).toHaveLength(0)

      const runs = await Promise.all([reconcileJetpay(getContainer()), reconcileJetpay(getContainer())])
      expect(runs.some((run) => run !== null)).toBe(true)
      await eventually(async () => announcedOf(itemId).length > 0, 10_000, "jetpay.attention.required")
      // One more run after both: whatever either would still announce, it has.
      await reconcileJetpay(getContainer())
      expect(announcedOf(itemId)).toHaveLength(1)
      // No staff address is configured here (attentionEmails empty): no email, in the runs that announced it.
      const emails = await getContainer()
        .resolve<INotificationModuleService>(Modules.NOTIFICATION)
        .listNotifications({ template: "jetpay-attention" }, { take: null })
      expect(emails).toEqual([])
    })

    it("3. a checkout debit nobody paid is cancelled at Jetpay once abandonedDebitAfterMs old: its session removed, no order possible, never re-read", async () => {
      const { abandonedDebitAfterMs } = jetpayServices(getContainer()).options.timings
      const checkout = await startJetpayCheckout(api, store)
      const createdAt = Date.now()
      await settled(checkout.transactionId, 1)
      const statusPath = `/transaction/${checkout.transactionId}/status`

      const record = await runUntil(async () => {
        const [current] = await jetpayModule().listJetpayTransactions({ jetpay_id: checkout.transactionId })
        return current.state === "cancelled" && current
      }, "the abandoned debit cancelled", 60_000)
      expect(Date.now() - createdAt).toBeGreaterThanOrEqual(abandonedDebitAfterMs)
      expect(record.next_check_at).toBeNull()
      expect((await control<{ state: string }>("GET", `/_sandbox/transactions/${checkout.transactionId}`)).state).toBe("cancelled")
      const payments = getContainer().resolve<IPaymentModuleService>(Modules.PAYMENT)
      expect(await payments.listPaymentSessions({ id: checkout.sessionId })).toEqual([])

      // The shopper back after a week cannot make an order with it.
      const completion = await completeCart(api, store, checkout.cartId)
      expect(completion.status).toBeGreaterThanOrEqual(400)
      expect(completion.status).toBeLessThan(500)
      expect(await ordersOfCart(getContainer(), checkout.cartId)).toEqual([])

      // Jetpay's event of the cancel is applied; after that, runs never read its status again.
      await settled(checkout.transactionId, 2)
      const reads = (await requests()).filter((request) => request.path === statusPath).length
      await reconcileJetpay(getContainer())
      await reconcileJetpay(getContainer())
      expect((await requests()).filter((request) => request.path === statusPath)).toHaveLength(reads)
      expect((await jetpayModule().listJetpayTransactions({ jetpay_id: checkout.transactionId }))[0]).toMatchObject({
        state: "cancelled",
        next_check_at: null,
        order_id: null,
      })
    })

    it("4. an idle store (nothing open, no event since) reads its webhook at Jetpay every idleWebhookCheckIntervalMs, not every webhookCheckIntervalMs; a new checkout reads it at once", async () => {
      const { webhookCheckIntervalMs, idleWebhookCheckIntervalMs } = jetpayServices(getContainer()).options.timings
      expect(idleWebhookCheckIntervalMs).toBeGreaterThan(60 * webhookCheckIntervalMs)
      // Nothing open: every transaction of the earlier tests ended (or there is none).
      await eventually(async () => {
        const open = (await jetpayModule().listJetpayTransactions({}, { take: null })).filter((record) => record.next_check_at !== null)
        if (open.length) await reconcileJetpay(getContainer())
        return open.length === 0
      }, 60_000, "no open transaction")
      // A webhook read after the last event received makes the store idle from then on (the
      // earlier tests' last runs may have made it already).
      const isWebhookRead = (request: RequestEntry) => request.method === "GET" && request.path.startsWith("/webhooks/")
      const idleSince = async () => {
        // Idle as the plugin sees it: its last read (the run's time) after the last event received.
        const check = await jetpayModule().readState<{ at: string }>(LAST_WEBHOOK_CHECK_KEY)
        const events = await jetpayModule().listJetpayWebhookEvents({}, { select: ["received_at"], take: null })
        const lastEvent = Math.max(0, ...events.map((event) => new Date(event.received_at).getTime()))
        if (!check || Date.parse(check.at) < lastEvent) return undefined
        // From the read's request at Jetpay on, which comes a moment after the run's time.
        return Math.max(0, ...(await requests()).filter(isWebhookRead).map((request) => Date.parse(request.at)))
      }
      const since = await runUntil(() => idleSince(), "a webhook read after the last event", 30_000)
      const webhookReads = async () => (await requests()).filter((request) => isWebhookRead(request) && Date.parse(request.at) > since)

      // Runs for three of the busy store's intervals: none reads the webhook.
      const until = since + 3 * webhookCheckIntervalMs
      const runs: ReconciliationRun[] = []
      await runUntil(async (run) => {
        if (run) runs.push(run)
        return Date.parse(run?.started_at ?? "0") > until
      }, "runs past three webhook intervals", 30_000)
      expect(runs.length).toBeGreaterThan(3)
      expect(runs.filter((run) => run.webhook !== null)).toEqual([])
      expect(await webhookReads()).toEqual([])

      // A checkout opens a transaction: the next run reads the webhook again.
      await startJetpayCheckout(api, store)
      const next = await reconcileJetpay(getContainer())
      expect(next?.webhook).toMatchObject({ state: expect.any(String), error: null })
      expect((await webhookReads()).length).toBe(1)
    })
  },
})
