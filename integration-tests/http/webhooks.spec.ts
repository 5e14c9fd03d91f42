import { jetpayTestApp } from "../helpers/test-app"
import { Modules } from "@medusajs/framework/utils"
import type { IEventBusModuleService } from "@medusajs/framework/types"
import { completeCart, eventually, ordersOfCart, startJetpayCheckout, orderWithPayment, capturedOrder } from "../helpers/checkout-steps"
import { jetpaySteps } from "../helpers/jetpay-steps"
import { useJetpaySandbox } from "../helpers/sandbox-fixture"
import { createJetpayStore, JETPAY_PROVIDER_ID, type StoreFixture } from "../helpers/store-fixture"
import { createAdmin, type AdminAuth } from "../helpers/admin-auth"
import { jetpayServices } from "../../src/providers/jetpay/jetpay-services"

jest.setTimeout(180_000)

const sandbox = useJetpaySandbox()

jetpayTestApp({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let admin: AdminAuth
    const emitted: Array<{ name: string; data: any }> = []
    /**
     * This file's store ships on a signed PAD: `eftAuthorizedOn: "initiated"` (the plugin's behaviour
     * before the option), so an EFT's payment is authorized when the payer signs; the other files'
     * stores run the default (an EFT's payment awaits settlement). The test app's configuration is
     * shared by every file (its migrated template is keyed by it), so the option is set on the
     * running provider and on the options the plugin's workflows read, as `medusa-config.ts` would.
     */
    const setEftAuthorizedOn = (value: "completed" | "initiated") => {
      const payments = getContainer().resolve(Modules.PAYMENT) as unknown as {
        paymentProviderService_: { retrieveProvider: (id: string) => { options: { eftAuthorizedOn: string } } }
      }
      payments.paymentProviderService_.retrieveProvider(JETPAY_PROVIDER_ID).options.eftAuthorizedOn = value
      jetpayServices(getContainer()).options.eftAuthorizedOn = value
    }
    /** Medusa's own payment status of the order, as the admin API shows it. */
    const paymentStatus = async (orderId: string) =>
      (await api.get(`/admin/orders/${orderId}?fields=payment_status`, admin)).data.order.payment_status

    const { control, pay, advance, jetpayModule, settled, failStatusReads, registerWebhook } = jetpaySteps(
      sandbox,
      getContainer
    )
    const eventsOf = (name: string, transactionId: string) =>
      emitted.filter((event) => event.name === name && event.data.transaction_id === transactionId)
    /** The plugin emits its events after Medusa's state changed: wait for them, then read them all. */
    const emittedEvents = async (name: string, transactionId: string) => {
      await eventually(async () => eventsOf(name, transactionId).length > 0, 10_000, `${name} of ${transactionId}`)
      return eventsOf(name, transactionId)
    }

    beforeAll(async () => {
      setEftAuthorizedOn("initiated")
      store = await createJetpayStore(getContainer())
      admin = await createAdmin(api, getContainer())
      // The merchant's one-time registration command, as `medusa exec` runs it.
      const appUrl: string = api.defaults.baseURL
      const first = await registerWebhook(appUrl)
      expect(first.action).toBe("registered")
      const again = await registerWebhook(`${appUrl}/`)
      expect(again.action).toBe("unchanged")
      expect(again.webhook.callback_url).toBe(`${appUrl}/hooks/jetpay`)
      const eventBus = getContainer().resolve<IEventBusModuleService>(Modules.EVENT_BUS)
      for (const name of ["jetpay.payment.authorized", "jetpay.payment.captured", "jetpay.payment.failed", "jetpay.payment.reversed"]) {
        eventBus.subscribe(name, async (event: { name: string; data: unknown }) => {
          emitted.push({ name, data: event.data })
        })
      }
    })

    afterEach(async () => {
      await control("DELETE", "/_sandbox/webhooks/faults")
      await control("DELETE", "/_sandbox/faults")
    })

    it("1. creates the order from the webhook alone when the payer never returns, then captures it once (eftAuthorizedOn \"initiated\": authorized when the payer signs)", async () => {
      const checkout = await startJetpayCheckout(api, store)
      await pay(checkout.transactionId, "eft")

      const order = await orderWithPayment(getContainer(), checkout.cartId, 30_000, "the order")
      expect(order.payments).toHaveLength(1)
      expect(order.payments[0]).toMatchObject({ amount: 99.98, captured_at: null, canceled_at: null })
      expect(order.sessions).toEqual(["authorized"])
      expect(await emittedEvents("jetpay.payment.authorized", checkout.transactionId)).toEqual([
        { name: "jetpay.payment.authorized", data: expect.objectContaining({ order_id: order.id, payment_id: order.payments[0].id }) },
      ])
      // Read once the sync that made the order is over (the collection's status is written last).
      expect(await paymentStatus(order.id)).toBe("authorized")

      await advance(checkout.transactionId, "completed")
      const captured = await eventually(async () => {
        const [current] = await ordersOfCart(getContainer(), checkout.cartId)
        return current.payments[0].captured_at && current
      }, 30_000, "the capture")
      await settled(checkout.transactionId, 3)
      expect(await ordersOfCart(getContainer(), checkout.cartId)).toHaveLength(1)
      expect(captured.payments[0].captures).toHaveLength(1)
      expect(eventsOf("jetpay.payment.captured", checkout.transactionId)).toHaveLength(1)
      expect(await paymentStatus(order.id)).toBe("captured")

      const [transaction] = await jetpayModule().listJetpayTransactions({ jetpay_id: checkout.transactionId })
      expect(transaction).toMatchObject({ state: "completed", order_id: order.id, payment_id: order.payments[0].id })

      // The returning shopper's completion afterwards changes nothing.
      const late = await completeCart(api, store, checkout.cartId)
      expect(late.data.order?.id ?? order.id).toBe(order.id)
      expect(await ordersOfCart(getContainer(), checkout.cartId)).toHaveLength(1)
    })

    it("1b. acknowledges a new debit's `created` event without reading Jetpay's status, and still applies the payment after it", async () => {
      const checkout = await startJetpayCheckout(api, store)
      const [created] = await settled(checkout.transactionId, 1)
      expect(created).toMatchObject({ state: "requested", attempts: 1, last_error: null })
      const statusReads = async () =>
        (await control<Array<{ method: string; path: string }>>("GET", "/_sandbox/requests")).filter(
          (request) => request.path === `/transaction/${checkout.transactionId}/status`
        ).length
      expect(await statusReads()).toBe(0)

      await pay(checkout.transactionId, "eft")
      await eventually(async () => (await ordersOfCart(getContainer(), checkout.cartId))[0]?.payments.length > 0, 30_000, "the order")
      await settled(checkout.transactionId, 2)
      expect(await statusReads()).toBe(1)
    })

    it("1c. records 40 batches at once without two pool connections per batch (no pool starvation)", async () => {
      // Each batch's write is one transaction; a query taken outside it from the same pool would
      // hold a second connection, and 40 at once would leave every connection waiting for another.
      const base = 9_000_000_000 + Math.floor(Math.random() * 1_000_000) * 100
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, (_, batch) =>
          jetpayModule().recordWebhookEvents(
            "pool-test.example",
            [0, 1].map((n) => ({
              jetpay_event_id: String(base + batch * 2 + n),
              webhook_id: "pool-test",
              type: "transactions.debits.updated",
              jetpay_transaction_id: `pool-test-${batch}`,
              state: "initiated",
              occurred_at: new Date(),
            }))
          )
        )
      )
      expect(results.filter((result) => result.status === "rejected")).toEqual([])
      expect(results.map((result) => result.status === "fulfilled" && result.value.recorded)).toEqual(Array(40).fill(2))
    })

    it("2. applies a batch delivered three times, two at the same moment, once", async () => {
      const checkout = await startJetpayCheckout(api, store)
      await control("POST", "/_sandbox/webhooks/faults", { hold: true })
      await pay(checkout.transactionId, "eft")
      await advance(checkout.transactionId, "completed")
      await control("POST", "/_sandbox/webhooks/faults", { hold: false, duplicate: 1, concurrent: true })
      await control("POST", "/_sandbox/webhooks/flush")
      await settled(checkout.transactionId, 3)

      // A third delivery of the same events: Jetpay replaying them.
      const [webhook] = await control<Array<{ identifier: string }>>("GET", "/_sandbox/webhooks")
      const sent = await jetpayModule().listJetpayWebhookEvents({ jetpay_transaction_id: checkout.transactionId })
      const firstId = Math.min(...sent.map((event) => Number(event.jetpay_event_id)))
      await fetch(`${sandbox.current().url}/webhooks/${webhook.identifier}`, {
        method: "PATCH",
        headers: { authorization: "Bearer sandbox-token", "content-type": "application/json" },
        body: JSON.stringify({ replay_from_event_id: firstId }),
      })
      await control("POST", "/_sandbox/webhooks/flush")

      const deliveries = await control<Array<{ event_ids: number[]; status: number | null }>>("GET", "/_sandbox/deliveries")
      const carrying = deliveries.filter((delivery) => delivery.event_ids.includes(firstId + 1))
      expect(carrying.length).toBeGreaterThanOrEqual(3)
      expect(carrying.every((delivery) => delivery.status === 200)).toBe(true)

      const orders = await ordersOfCart(getContainer(), checkout.cartId)
      expect(orders).toHaveLength(1)
      expect(orders[0].payments).toHaveLength(1)
      expect(orders[0].payments[0].captures).toHaveLength(1)
      const recorded = await jetpayModule().listJetpayWebhookEvents({ jetpay_transaction_id: checkout.transactionId })
      expect(new Set(recorded.map((event) => event.jetpay_event_id)).size).toBe(recorded.length)
      expect(eventsOf("jetpay.payment.captured", checkout.transactionId)).toHaveLength(1)
    })

    it("3. captures when `completed` arrives before `initiated`, and nothing reverts", async () => {
      const checkout = await startJetpayCheckout(api, store)
      await control("POST", "/_sandbox/webhooks/faults", { hold: true })
      await pay(checkout.transactionId, "eft")
      await advance(checkout.transactionId, "completed")
      await control("POST", "/_sandbox/webhooks/faults", { hold: false, reverse: 1 })
      await control("POST", "/_sandbox/webhooks/flush")
      await settled(checkout.transactionId, 3)

      const deliveries = await control<Array<{ event_ids: number[] }>>("GET", "/_sandbox/deliveries")
      const reversed = deliveries.find((delivery) => delivery.event_ids.length > 1 && delivery.event_ids[0] > delivery.event_ids[1])
      expect(reversed).toBeDefined()

      const [order] = await ordersOfCart(getContainer(), checkout.cartId)
      expect(order.payments[0].captured_at).toBeTruthy()
      expect(order.payments[0].captures).toHaveLength(1)
      const [transaction] = await jetpayModule().listJetpayTransactions({ jetpay_id: checkout.transactionId })
      expect(transaction.state).toBe("completed")
    })

    it("4. makes one order when the webhook and the returning shopper complete the cart at the same moment", async () => {
      const checkout = await startJetpayCheckout(api, store)
      await control("POST", "/_sandbox/webhooks/faults", { hold: true })
      await pay(checkout.transactionId, "eft")
      await control("POST", "/_sandbox/webhooks/faults", { hold: false })
      const [, storefront] = await Promise.all([
        control("POST", "/_sandbox/webhooks/flush"),
        completeCart(api, store, checkout.cartId),
      ])
      await settled(checkout.transactionId, 2)
      const orders = await ordersOfCart(getContainer(), checkout.cartId)
      expect(orders).toHaveLength(1)
      expect(orders[0].payments).toHaveLength(1)
      if (storefront.data.type === "order") expect(storefront.data.order.id).toBe(orders[0].id)
      expect(eventsOf("jetpay.payment.authorized", checkout.transactionId)).toHaveLength(1)
    })

    it("5a. cancels the Medusa payment and records the reason when the debit fails before capture", async () => {
      const checkout = await startJetpayCheckout(api, store)
      await pay(checkout.transactionId, "eft")
      await eventually(async () => (await ordersOfCart(getContainer(), checkout.cartId))[0]?.payments.length > 0, 30_000, "the order")
      await advance(checkout.transactionId, "failed", "insufficient_funds")

      const [order] = await eventually(async () => {
        const orders = await ordersOfCart(getContainer(), checkout.cartId)
        return orders[0]?.payments[0]?.canceled_at && orders
      }, 30_000, "the canceled payment")
      expect(order.payments[0].captured_at).toBeNull()
      await settled(checkout.transactionId, 3)
      const [transaction] = await jetpayModule().listJetpayTransactions({ jetpay_id: checkout.transactionId })
      expect(transaction).toMatchObject({ state: "failed", fail_reason: "insufficient_funds" })
      expect(await emittedEvents("jetpay.payment.failed", checkout.transactionId)).toEqual([
        { name: "jetpay.payment.failed", data: expect.objectContaining({ order_id: order.id, fail_reason: "insufficient_funds" }) },
      ])
    })

    it("5c. a store that moves from eftAuthorizedOn \"initiated\" to the default: payments authorized on initiated before are captured on settlement, or canceled on failure, as before", async () => {
      const settles = await startJetpayCheckout(api, store)
      const fails = await startJetpayCheckout(api, store)
      await pay(settles.transactionId, "eft")
      await pay(fails.transactionId, "eft")
      const [settlingOrder, failingOrder] = await Promise.all([
        orderWithPayment(getContainer(), settles.cartId, 30_000, "the first order"),
        orderWithPayment(getContainer(), fails.cartId, 30_000, "the second order"),
      ])
      await Promise.all([settled(settles.transactionId, 2), settled(fails.transactionId, 2)])
      expect(await paymentStatus(settlingOrder.id)).toBe("authorized")
      expect(await paymentStatus(failingOrder.id)).toBe("authorized")

      // The store upgrades to the default, eftAuthorizedOn "completed".
      setEftAuthorizedOn("completed")
      try {
        await advance(settles.transactionId, "completed")
        await advance(fails.transactionId, "failed", "nsf")
        await Promise.all([settled(settles.transactionId, 3), settled(fails.transactionId, 3)])
        const captured = await capturedOrder(getContainer(), settles.cartId)
        expect(captured.payments).toHaveLength(1)
        expect(captured.payments[0].captures).toHaveLength(1)
        expect(await paymentStatus(settlingOrder.id)).toBe("captured")

        const [canceled] = await eventually(async () => {
          const orders = await ordersOfCart(getContainer(), fails.cartId)
          return orders[0]?.payments[0]?.canceled_at && orders
        }, 30_000, "the canceled payment")
        expect(canceled.payments[0].captured_at).toBeNull()
        expect(canceled.metadata).toMatchObject({ jetpay_payment_failed: true, jetpay_fail_reason: "nsf" })
        expect(await paymentStatus(failingOrder.id)).toBe("canceled")
      } finally {
        setEftAuthorizedOn("initiated")
      }
    })

    it("5b. keeps the capture, flags the order and emits jetpay.payment.reversed when a settled EFT comes back", async () => {
      const checkout = await startJetpayCheckout(api, store)
      await pay(checkout.transactionId, "eft")
      await advance(checkout.transactionId, "completed")
      await eventually(async () => {
        const orders = await ordersOfCart(getContainer(), checkout.cartId)
        return orders[0]?.payments[0]?.captured_at
      }, 30_000, "the capture")
      await advance(checkout.transactionId, "failed", "pad_disputed")

      const [order] = await eventually(async () => {
        const orders = await ordersOfCart(getContainer(), checkout.cartId)
        return orders[0]?.metadata?.jetpay_payment_reversed && orders
      }, 30_000, "the flagged order")
      expect(order.metadata).toMatchObject({ jetpay_payment_reversed: true, jetpay_fail_reason: "pad_disputed" })
      expect(order.payments[0].captured_at).toBeTruthy()
      expect(order.payments[0].canceled_at).toBeNull()
      await settled(checkout.transactionId, 4)
      const [transaction] = await jetpayModule().listJetpayTransactions({ jetpay_id: checkout.transactionId })
      expect(transaction).toMatchObject({ state: "failed", fail_reason: "pad_disputed" })
      expect(transaction.reversed_at).toBeTruthy()
      expect(await emittedEvents("jetpay.payment.reversed", checkout.transactionId)).toEqual([
        { name: "jetpay.payment.reversed", data: expect.objectContaining({ order_id: order.id, fail_reason: "pad_disputed" }) },
      ])
    })

    it("7. applies a batch of 100 events across 20 transactions, in order per transaction", async () => {
      // Held from the start: each transaction's five events (created, paid, completed and two
      // updates) go out together, in one batch of 100.
      await control("POST", "/_sandbox/webhooks/faults", { hold: true })
      const checkouts = []
      for (let i = 0; i < 20; i++) checkouts.push(await startJetpayCheckout(api, store, { quantity: 1 }))
      for (const checkout of checkouts) {
        await pay(checkout.transactionId, "card")
        await advance(checkout.transactionId, "completed")
        // Two more updates each (Jetpay sends `updated` events without a state change too).
        await control("POST", `/_sandbox/transactions/${checkout.transactionId}/touch`)
        await control("POST", `/_sandbox/transactions/${checkout.transactionId}/touch`)
      }
      await control("POST", "/_sandbox/webhooks/faults", { hold: false })
      const before = (await control<unknown[]>("GET", "/_sandbox/deliveries")).length
      await control("POST", "/_sandbox/webhooks/flush")
      const deliveries = (await control<Array<{ event_ids: number[]; status: number }>>("GET", "/_sandbox/deliveries")).slice(before)
      expect(deliveries.some((delivery) => delivery.event_ids.length === 100 && delivery.status === 200)).toBe(true)

      for (const checkout of checkouts) {
        const events = await settled(checkout.transactionId, 5)
        const [order] = await ordersOfCart(getContainer(), checkout.cartId)
        expect(order.payments[0].captures).toHaveLength(1)
        const [transaction] = await jetpayModule().listJetpayTransactions({ jetpay_id: checkout.transactionId })
        expect(transaction.state).toBe("completed")
        // Processed in Jetpay's order: ids ascend with processing times.
        const byId = [...events].sort((a, b) => Number(a.jetpay_event_id) - Number(b.jetpay_event_id))
        expect(byId.map((event) => event.state)).toEqual(["requested", "paid", "completed", "completed", "completed"])
      }
    })

    it("8. leaves an event unprocessed with its error while Jetpay's status call fails, and the reconciliation job's retry applies it", async () => {
      const checkout = await startJetpayCheckout(api, store)
      await settled(checkout.transactionId, 1) // the debit's `created` event, before the fault
      await failStatusReads(checkout.transactionId)
      await pay(checkout.transactionId, "eft")

      const failed = await eventually(async () => {
        const events = await jetpayModule().listJetpayWebhookEvents({ jetpay_transaction_id: checkout.transactionId, state: "initiated" })
        return events[0]?.last_error ? events[0] : undefined
      }, 30_000, "a failed attempt")
      expect(failed.processed_at).toBeNull()
      expect(failed.attempts).toBe(1)
      expect(failed.last_error).toMatch(/503/)
      expect(await ordersOfCart(getContainer(), checkout.cartId)).toHaveLength(0)

      const order = await orderWithPayment(getContainer(), checkout.cartId, 30_000, "the order after the retry")
      expect(order.payments).toHaveLength(1)
      const event = await eventually(async () => {
        const [current] = await jetpayModule().listJetpayWebhookEvents({ id: failed.id })
        return current.processed_at && current
      }, 10_000, "the event marked processed")
      expect(event.attempts).toBe(2)
      expect(event.last_error).toBeNull()
    })

    it("9. also works through Medusa's generic /hooks/payment/jetpay_jetpay route, one event per delivery, 5 s later", async () => {
      const appUrl: string = api.defaults.baseURL
      const [webhook] = await control<Array<{ identifier: string }>>("GET", "/_sandbox/webhooks")
      const repoint = (callback_url: string, max_batch_size: number) =>
        fetch(`${sandbox.current().url}/webhooks/${webhook.identifier}`, {
          method: "PATCH",
          headers: { authorization: "Bearer sandbox-token", "content-type": "application/json" },
          body: JSON.stringify({ callback_url, max_batch_size }),
        })
      const checkout = await startJetpayCheckout(api, store)
      await settled(checkout.transactionId, 1)
      await repoint(`${appUrl}/hooks/payment/jetpay_jetpay`, 1)
      try {
        await pay(checkout.transactionId, "card")
        const completed = await completeCart(api, store, checkout.cartId)
        expect(completed.data.type).toBe("order")
        await advance(checkout.transactionId, "completed")
        const order = await capturedOrder(getContainer(), checkout.cartId, 30_000, "the capture through the generic route")
        expect(order.payments[0].captures).toHaveLength(1)
        // Nothing went through the plugin's own route meanwhile.
        expect(await jetpayModule().listJetpayWebhookEvents({ jetpay_transaction_id: checkout.transactionId })).toHaveLength(1)
      } finally {
        await repoint(`${appUrl}/hooks/jetpay`, 100)
      }
    })
  },
})
