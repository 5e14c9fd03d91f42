// The plugin in production's shape: Medusa as a server process and a worker process on
// Redis (README.md, "Running in production"). A shopper checks out through the server, the
// payer pays at Jetpay, and only the worker turns Jetpay's webhooks into the order, the
// capture and nothing twice; a worker killed with an event in flight loses nothing.
import axios from "axios"
import { readFileSync } from "node:fs"
import path from "node:path"
import { Client } from "pg"
import { startSandbox, type Sandbox } from "../../sandbox"
import { eventually, startJetpayCheckout, type JetpayCheckout } from "../helpers/checkout-steps"
import { sandboxControl } from "../helpers/sandbox-fixture"
import { startCluster, type Cluster } from "./cluster"
import { redisUnavailableReasonSync } from "./redis"

const REDIS_URL = redisDatabase(process.env.REDIS_URL || "redis://127.0.0.1:6379", 11)
const LOG_DIR = path.resolve(__dirname, "../../test-output/cluster")
const redisMissing = redisUnavailableReasonSync(REDIS_URL)
if (redisMissing) console.log(`skipped: Redis does not answer at ${REDIS_URL} (${redisMissing})`)
const describeWithRedis = redisMissing ? describe.skip : describe

jest.setTimeout(240_000)

describeWithRedis("the plugin on a Medusa server and a Medusa worker sharing Redis", () => {
  let sandbox: Sandbox
  let cluster: Cluster
  let admin: { headers: { authorization: string } }

  const store = () => axios.create({ baseURL: cluster.serverUrl, headers: { "x-publishable-api-key": cluster.publishableKey } })
  /** The shared checkout steps, sent to the server's Store API. */
  const checkOut = () => startJetpayCheckout(store() as unknown as Parameters<typeof startJetpayCheckout>[0], cluster)
  const adminApi = () => axios.create({ baseURL: cluster.serverUrl, ...admin, validateStatus: () => true })
  const control = <T = any>(method: string, route: string, body?: unknown) => sandboxControl<T>(sandbox, method, route, body)

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, minWaitSeconds: 0, webhookRetryBaseMs: 50 })
    cluster = await startCluster({
      name: `server_worker_${process.pid}`,
      redisUrl: REDIS_URL,
      sandboxUrl: sandbox.url,
      logDir: LOG_DIR,
      // A worker killed mid-event leaves the event locked until the lock expires (BullMQ's
      // default 30 s, then a check every 30 s): shorter here, so the crash test takes seconds.
      env: {
        EVENT_BUS_LOCK_DURATION_MS: "5000",
        EVENT_BUS_STALLED_INTERVAL_MS: "3000",
        // The plugin's timings (src/domain/timings.ts), short: reconciliation every second, and a cart
        // completion left unaccounted for taken as dead after 30 s (a restarted server delivers Jetpay's events well within it, even on a slow machine) instead of production's 45 s.
        JETPAY_TIMINGS: JSON.stringify({ reconcileIntervalMs: 1_000, unpaidOrderAfterMs: 30_000, completionRetryMs: 2_000 }),
      },
      say: (line) => process.stdout.write(`  [cluster] ${line}\n`),
    })
    admin = { headers: { authorization: `Bearer ${await cluster.adminToken()}` } }
  })

  afterAll(async () => {
    await cluster?.stop()
    await sandbox?.close()
  })

  /** What the shopper's storefront sees when it polls after the payer came back (it never completes the cart). */
  const orderIdOf = (checkout: JetpayCheckout, timeoutMs = 30_000) =>
    eventually(async () => {
      const { data } = await store().get(`/store/jetpay/payment-status?cart_id=${checkout.cartId}`)
      return data.order_id as string | null
    }, timeoutMs, `the order of cart ${checkout.cartId}`)

  /** The order's payments as the admin's order page reads them. */
  const paymentsOf = async (orderId: string) => {
    const { data, status } = await adminApi().get(`/admin/orders/${orderId}`, {
      params: { fields: "id,*payment_collections.payments,*payment_collections.payments.captures,*payment_collections.payments.refunds" },
    })
    expect(status).toBe(200)
    return data.order.payment_collections.flatMap((collection: any) => collection.payments) as Array<{
      id: string
      amount: number
      captured_at: string | null
      captures: Array<{ amount: number }>
      refunds: Array<{ amount: number }>
    }>
  }

  /** Medusa's payment status of the order and its payment sessions' statuses, as the admin API reads them. */
  const paymentStateOf = async (orderId: string) => {
    const { data, status } = await adminApi().get(`/admin/orders/${orderId}`, {
      params: { fields: "id,payment_status,*payment_collections.payment_sessions" },
    })
    expect(status).toBe(200)
    return {
      payment_status: data.order.payment_status as string,
      sessions: data.order.payment_collections.flatMap((collection: any) => collection.payment_sessions.map((session: any) => session.status)) as string[],
    }
  }

  /**
   * Waits for a whole reconciliation run on the worker that started after this call (the admin's
   * settings page shows the last one): whatever the job would do about the state at this point,
   * it has done. How a test proves that nothing more happens.
   */
  const reconciliationRun = async () => {
    const mark = Date.now()
    await eventually(async () => {
      const { data } = await adminApi().get("/admin/jetpay/health")
      return !!data.reconciliation && Date.parse(data.reconciliation.started_at) > mark
    }, 30_000, "a reconciliation run that started after this point")
  }

  const capturedOnce = (orderId: string, timeoutMs = 30_000) =>
    eventually(async () => {
      const payments = await paymentsOf(orderId)
      return payments.length === 1 && payments[0].captured_at && payments[0].captures.length >= 1 && payments
    }, timeoutMs, `the capture of order ${orderId}`)

  it("starts both processes on Redis locking, so the plugin has nothing to warn about", () => {
    for (const role of ["server", "worker"] as const) {
      const log = readFileSync(cluster.logFile(role), "utf8")
      expect(log).toMatch(/Server is ready on port/)
      expect(log).not.toMatch(/locks in memory/)
    }
  })

  it("a guest checkout paid at Jetpay becomes an order by webhook alone, is captured once when Jetpay settles, and refunds once", async () => {
    const checkout = await checkOut()
    expect(checkout.session.status).toBe("pending")

    // The payer pays by bank on Jetpay's page and never comes back to the store.
    await control("POST", `/_sandbox/transactions/${checkout.transactionId}/pay`, { method: "eft" })
    const orderId = await orderIdOf(checkout)
    // Jetpay delivered its events to the server, the only process with routes...
    const deliveries = await control<Array<{ status: number | null }>>("GET", "/_sandbox/deliveries")
    expect(deliveries.some((delivery) => delivery.status === 200)).toBe(true)
    // ...and the worker, the only process that runs subscribers, applied them (its log
    // and the server's say which process handled the plugin's events).
    expect(readFileSync(cluster.logFile("worker"), "utf8")).toMatch(/Processing jetpay\.[\w.]+/)
    expect(readFileSync(cluster.logFile("server"), "utf8")).not.toMatch(/Processing jetpay\./)
    // The EFT's funds are still being pulled: the order's payment awaits settlement, none is authorized.
    expect(await eventually(async () => {
      const state = await paymentStateOf(orderId)
      return state.payment_status === "awaiting" && state
    }, 15_000, `the awaiting payment of order ${orderId}`)).toEqual({ payment_status: "awaiting", sessions: ["pending_authorization"] })
    expect(await paymentsOf(orderId)).toEqual([])

    // Jetpay settles: captured once, however many events and processes saw it.
    await control("POST", `/_sandbox/transactions/${checkout.transactionId}/advance`, { state: "completed" })
    const [captured] = await capturedOnce(orderId)
    await reconciliationRun()
    const [later] = await paymentsOf(orderId)
    expect(later.captures).toHaveLength(1)
    expect(Number(later.captures[0].amount)).toBe(2 * cluster.unitPrice)
    expect(later.id).toBe(captured.id)

    // The merchant refunds part of it from the order page (Medusa's own refund route).
    const refund = await adminApi().post(`/admin/payments/${captured.id}/refund`, { amount: 10 })
    expect(refund.status).toBe(200)
    const credits = (await control<any[]>("GET", "/_sandbox/transactions")).filter(
      (transaction) => transaction.kind === "credit"
    )
    expect(credits).toHaveLength(1)
    expect(credits[0]).toMatchObject({ amount: 1000, state: "requested" })
    const [refunded] = await paymentsOf(orderId)
    expect(refunded.refunds.map((r) => Number(r.amount))).toEqual([10])
  })

  it("a worker killed (SIGKILL) while Jetpay's event is on its way: once it is back, the payment converges", async () => {
    const checkout = await checkOut()
    // Jetpay keeps its events back while the payer pays, then sends them all at once...
    await control("POST", "/_sandbox/webhooks/faults", { hold: true })
    await control("POST", `/_sandbox/transactions/${checkout.transactionId}/pay`, { method: "eft" })
    await control("POST", "/_sandbox/webhooks/faults", { hold: false })
    // ...and the worker dies as they arrive.
    await cluster.kill("worker")

    // The server still takes the delivery: Jetpay sees it acknowledged.
    await eventually(async () => {
      const events = await control<Array<{ id: number }>>("GET", "/_sandbox/events")
      const [webhook] = await control<Array<{ last_sent_event_id: number }>>("GET", "/_sandbox/webhooks")
      return events.length > 0 && webhook.last_sent_event_id >= Math.max(...events.map((event) => event.id))
    }, 30_000, "Jetpay's events acknowledged by the server")

    await cluster.start("worker")
    // A worker killed inside the plugin's per-transaction lock leaves it held until its
    // lease runs out, and an event job it held stays locked until the stall check; only
    // then does the new worker apply the events. Killed before either, the order comes in seconds.
    const orderId = await orderIdOf(checkout, 100_000)
    await control("POST", `/_sandbox/transactions/${checkout.transactionId}/advance`, { state: "completed" })
    const [captured] = await capturedOnce(orderId)
    await reconciliationRun()
    const [later] = await paymentsOf(orderId)
    expect(later.captures).toHaveLength(1)
    expect(later.id).toBe(captured.id)
  })

  describe("a server killed inside Medusa's cart completion, after it made the order and before it authorized the payment", () => {
    /**
     * The storefront completes the cart; Jetpay holds the status read of Medusa's authorization
     * (the last step of its cart completion, after the order, its links and reservations), and
     * the server dies there. Medusa's compensation, which would have removed the order, never runs.
     */
    const completeAndDieBeforeAuthorizing = async (checkout: JetpayCheckout) => {
      const statusPath = `/transaction/${checkout.transactionId}/status`
      await control("POST", "/_sandbox/faults", { method: "GET", path: statusPath, timeout: true, count: 1 })
      const completion = store().post(`/store/carts/${checkout.cartId}/complete`, {}).catch((error) => error)
      await eventually(async () => {
        const requests = await control<Array<{ path: string; status: number | null }>>("GET", "/_sandbox/requests")
        return requests.some((request) => request.path === statusPath && request.status === null)
      }, 30_000, "Medusa's authorization read held at Jetpay")
      await cluster.kill("server")
      await completion
      const orders = await ordersLinkedToCart(checkout.cartId)
      expect(orders).toHaveLength(1)
      expect(orders[0]).toMatchObject({ status: "pending", payments: 0 })
      return orders[0].id
    }

    /** Rows straight from the cluster's database: the server may be down, and no API lists these. */
    const databaseRows = async <Row extends Record<string, unknown>>(sql: string, params: unknown[]) => {
      const db = new Client({ connectionString: cluster.databaseUrl })
      await db.connect()
      try {
        return (await db.query<Row>(sql, params)).rows
      } finally {
        await db.end()
      }
    }

    /** The cart's orders and their Medusa payments (no API lists orders per cart). */
    const ordersLinkedToCart = (cartId: string) =>
      databaseRows<{ id: string; status: string; payments: number }>(
        `select o.id, o.status,
                (select count(*)::int from order_payment_collection opc
                   join payment p on p.payment_collection_id = opc.payment_collection_id and p.deleted_at is null
                  where opc.order_id = o.id and opc.deleted_at is null) as payments
           from order_cart oc join "order" o on o.id = oc.order_id
          where oc.cart_id = $1 and oc.deleted_at is null`,
        [cartId]
      )

    /** The plugin's record of the debit. */
    const debitRecordOf = async (transactionId: string) =>
      (
        await databaseRows<{ authorized_at: Date | null; completion_started_at: Date | null }>(
          "select authorized_at, completion_started_at from jetpay_transaction where jetpay_id = $1 and deleted_at is null",
          [transactionId]
        )
      )[0]

    const debitAtJetpay = (transactionId: string) =>
      control<{ identifier: string; state: string }>("GET", `/_sandbox/transactions/${transactionId}`)

    const orderAsAdminSeesIt = async (orderId: string) => {
      const { data, status } = await adminApi().get(`/admin/orders/${orderId}`, { params: { fields: "id,status,canceled_at" } })
      expect(status).toBe(200)
      return data.order as { id: string; status: string; canceled_at: string | null }
    }

    afterEach(async () => {
      await control("DELETE", "/_sandbox/faults")
      await cluster.start("server")
    })

    it("the payer never pays: the debit is cancelled at Jetpay and the order canceled, with nothing paid or captured", async () => {
      const checkout = await checkOut()
      const orderId = await completeAndDieBeforeAuthorizing(checkout)
      await cluster.start("server")

      // The worker's reconciliation finds the completion it noted, unaccounted for, and acts once
      // it is surely over (the unpaidOrderAfterMs timing after it began; 30 s here).
      const canceled = await eventually(async () => {
        const order = await orderAsAdminSeesIt(orderId)
        return order.status === "canceled" && order
      }, 150_000, `the cancel of order ${orderId}`)
      expect(canceled.canceled_at).not.toBeNull()
      expect(await paymentsOf(orderId)).toEqual([])
      // The link can no longer pay for an order that is canceled.
      expect((await debitAtJetpay(checkout.transactionId)).state).toBe("cancelled")
      await expect(control("POST", `/_sandbox/transactions/${checkout.transactionId}/pay`, { method: "eft" })).rejects.toThrow(/answered 4\d\d/)
      expect(readFileSync(cluster.logFile("worker"), "utf8")).toMatch(new RegExp(`canceled order ${orderId}: Medusa made it from cart`))
    })

    it("the payer pays after the crash: the same order gets the payment (awaiting settlement, not canceled), once", async () => {
      const checkout = await checkOut()
      const orderId = await completeAndDieBeforeAuthorizing(checkout)
      await control("POST", `/_sandbox/transactions/${checkout.transactionId}/pay`, { method: "eft" })
      await cluster.start("server")

      // The dead completion holds the cart's lock for two minutes; once it is surely over
      // (unpaidOrderAfterMs), the worker authorizes the session for the order it left, without that
      // lock: the EFT not settled yet, its payment awaits settlement.
      await eventually(async () => (await paymentStateOf(orderId)).sessions.includes("pending_authorization"), 200_000, `the awaiting payment of order ${orderId}`)
      // Medusa's payment module updates the session, then its collection (the order's payment status), in two statements.
      const state = await eventually(async () => {
        const current = await paymentStateOf(orderId)
        return current.payment_status !== "not_paid" && current
      }, 15_000, `the payment status of order ${orderId}`)
      expect(state).toEqual({ payment_status: "awaiting", sessions: ["pending_authorization"] })
      expect((await orderAsAdminSeesIt(orderId)).status).not.toBe("canceled")
      expect((await debitAtJetpay(checkout.transactionId)).state).toBe("initiated")
      expect(await ordersLinkedToCart(checkout.cartId)).toEqual([{ id: orderId, status: "pending", payments: 0 }])
      // Medusa's order.placed, which the dead completion never emitted, goes out now.
      expect(readFileSync(cluster.logFile("worker"), "utf8")).toMatch(new RegExp(`order ${orderId}: .*order\\.placed goes out`))
    })

    it("the payer pays after the crash and Jetpay's event is applied while the completion could still be running: the order gets the payment once that completion is surely over", async () => {
      const checkout = await checkOut()
      const orderId = await completeAndDieBeforeAuthorizing(checkout)
      await control("POST", `/_sandbox/transactions/${checkout.transactionId}/pay`, { method: "eft" })
      await cluster.start("server")
      // Jetpay's deliveries failed while the server was down: the settings page's "register or
      // repair" reactivates the webhook and has Jetpay send what it missed, now.
      const repaired = await adminApi().post("/admin/jetpay/webhook", { store_url: cluster.serverUrl })
      expect(repaired.status).toBe(200)
      await control("POST", "/_sandbox/webhooks/flush")

      // The worker's sync of the payer's event comes within unpaidOrderAfterMs of the completion's
      // start: it cannot tell a dead completion from a slow one, so it leaves the order's payment to
      // that completion and records the payer's authorization, keeping the completion's note.
      const record = await eventually(async () => {
        const current = await debitRecordOf(checkout.transactionId)
        return current?.authorized_at && current
      }, 30_000, "the payer's authorization recorded")
      expect(record.completion_started_at).not.toBeNull()
      expect((await paymentStateOf(orderId)).sessions).not.toContain("pending_authorization")

      // Once the completion is surely over, the worker authorizes the order's payment from that note.
      const state = await eventually(async () => {
        const current = await paymentStateOf(orderId)
        return current.payment_status === "awaiting" && current
      }, 60_000, `the awaiting payment of order ${orderId}`)
      expect(state).toEqual({ payment_status: "awaiting", sessions: ["pending_authorization"] })
      expect((await orderAsAdminSeesIt(orderId)).status).not.toBe("canceled")
      expect((await debitAtJetpay(checkout.transactionId)).state).toBe("initiated")
      expect(await ordersLinkedToCart(checkout.cartId)).toEqual([{ id: orderId, status: "pending", payments: 0 }])
      expect((await debitRecordOf(checkout.transactionId))?.completion_started_at).toBeNull()
      // Medusa's order.placed, which the dead completion never emitted, goes out now: the shopper's confirmation.
      expect(readFileSync(cluster.logFile("worker"), "utf8")).toMatch(new RegExp(`order ${orderId}: .*order\\.placed goes out`))
    })
  })
})

/** The same Redis server, another database index: this file's events, jobs and locks only. */
function redisDatabase(url: string, index: number): string {
  const parsed = new URL(url)
  parsed.pathname = `/${index}`
  return parsed.toString()
}
