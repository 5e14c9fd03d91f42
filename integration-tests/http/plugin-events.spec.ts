import { jetpayTestApp } from "../helpers/test-app"
import { Modules } from "@medusajs/framework/utils"
import type { IEventBusModuleService } from "@medusajs/framework/types"
import { eventually, ordersOfCart, placedOrder, startJetpayCheckout, capturedOrder as capturedOrderOf } from "../helpers/checkout-steps"
import { jetpaySteps } from "../helpers/jetpay-steps"
import { useJetpaySandbox } from "../helpers/sandbox-fixture"
import { createJetpayStore, type StoreFixture } from "../helpers/store-fixture"

/**
 * Issue 19, point 14: the plugin's own events go out at least once, each with an idempotency key.
 * The facts that make an event told are recorded with the event in an outbox; an emit that fails
 * (as a process killed between the two would leave it) is made by the next reconciliation run.
 */
jest.setTimeout(180_000)

const sandbox = useJetpaySandbox()

const PLUGIN_EVENTS = ["jetpay.payment.authorized", "jetpay.payment.captured", "jetpay.payment.failed", "jetpay.payment.reversed"]

type Message = { name: string; data: { transaction_id?: string } }

jetpayTestApp({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    const emitted: Array<{ name: string; data: any }> = []
    /** Emits the event bus refuses once (see `refuseOnce`), as they were handed to it. */
    const refused: Message[] = []
    let refuse: ((message: Message) => boolean) | null = null

    const { control, pay, advance, settled, registerWebhook, reconciliationRun, jetpayModule } = jetpaySteps(sandbox, getContainer)
    const eventsOf = (name: string, transactionId: string) =>
      emitted.filter((event) => event.name === name && event.data.transaction_id === transactionId)

    /** The next emit that carries a message matching `match` throws, as an event bus that is down does. */
    const refuseOnce = (match: (message: Message) => boolean) => {
      refuse = match
    }

    beforeAll(async () => {
      store = await createJetpayStore(getContainer())
      await registerWebhook(api.defaults.baseURL)
      const eventBus = getContainer().resolve<IEventBusModuleService>(Modules.EVENT_BUS)
      for (const name of PLUGIN_EVENTS) {
        eventBus.subscribe(name, async (event: { name: string; data: unknown }) => {
          emitted.push({ name, data: event.data })
        })
      }
      // The app's own event bus, with one fault a test can switch on: the plugin is not touched.
      const emit = eventBus.emit.bind(eventBus)
      eventBus.emit = (async (data: Message | Message[], options?: unknown) => {
        const messages = Array.isArray(data) ? data : [data]
        const match = refuse && messages.find((message) => refuse!(message))
        if (match) {
          refuse = null
          refused.push(match)
          throw new Error("the event bus is down")
        }
        return emit(data as never, options as never)
      }) as typeof eventBus.emit
    })

    afterEach(async () => {
      refuse = null
      await control("DELETE", "/_sandbox/webhooks/faults")
      await control("DELETE", "/_sandbox/faults")
    })

    async function capturedOrder(transactionId: string, cartId: string) {
      await pay(transactionId, "eft")
      // The order is made while the EFT's payment awaits settlement.
      await placedOrder(getContainer(), cartId, 30_000, "the order")
      await advance(transactionId, "completed")
      const order = await capturedOrderOf(getContainer(), cartId)
      await settled(transactionId, 3)
      return order
    }

    it("1. each event goes out once in the normal path, with an idempotency key per transaction and kind", async () => {
      const checkout = await startJetpayCheckout(api, store)
      const tx = checkout.transactionId
      const order = await capturedOrder(tx, checkout.cartId)
      await eventually(async () => eventsOf("jetpay.payment.captured", tx).length, 10_000, "jetpay.payment.captured")
      // A whole reconciliation run later (it emits what is left in the outbox): still once each.
      await reconciliationRun()
      await reconciliationRun()
      // The payer signed the EFT: the order exists, its payment awaiting (no Medusa payment yet).
      expect(eventsOf("jetpay.payment.authorized", tx)).toEqual([
        {
          name: "jetpay.payment.authorized",
          data: expect.objectContaining({ order_id: order.id, transaction_id: tx, payment_id: null, idempotency_key: `${tx}:authorized` }),
        },
      ])
      // Jetpay settled: the payment authorized and captured on that order.
      expect(eventsOf("jetpay.payment.captured", tx)).toEqual([
        {
          name: "jetpay.payment.captured",
          data: expect.objectContaining({ order_id: order.id, transaction_id: tx, payment_id: order.payments[0].id, idempotency_key: `${tx}:captured` }),
        },
      ])
      // Nothing is left waiting to be emitted.
      expect((await jetpayModule().listJetpaySyncStates({ id: [`outbox:${tx}:authorized`, `outbox:${tx}:captured`] })).length).toBe(0)
    })

    it("2. an event whose emit failed after its facts were recorded goes out at the next reconciliation run, once", async () => {
      const checkout = await startJetpayCheckout(api, store)
      const tx = checkout.transactionId
      refuseOnce((message) => message.name === "jetpay.payment.captured" && message.data.transaction_id === tx)

      await capturedOrder(tx, checkout.cartId)
      // The sync ran its emit and the event bus refused it: the capture and its record stand.
      await eventually(async () => refused.length, 30_000, "the refused emit")
      expect(refused).toEqual([expect.objectContaining({ name: "jetpay.payment.captured", data: expect.objectContaining({ transaction_id: tx }) })])
      const [record] = await jetpayModule().listJetpayTransactions({ jetpay_id: tx })
      expect(record.settled_at).toBeTruthy()

      // The reconciliation job emits it, with the same idempotency key a retry of it would carry.
      const [captured] = await eventually(async () => eventsOf("jetpay.payment.captured", tx).length && eventsOf("jetpay.payment.captured", tx), 30_000, "jetpay.payment.captured after the failed emit")
      expect(captured.data).toMatchObject({ transaction_id: tx, idempotency_key: `${tx}:captured` })
      await reconciliationRun()
      await reconciliationRun()
      expect(eventsOf("jetpay.payment.captured", tx)).toHaveLength(1)
      expect(eventsOf("jetpay.payment.authorized", tx)).toHaveLength(1)
      expect((await jetpayModule().listJetpaySyncStates({ id: [`outbox:${tx}:captured`] })).length).toBe(0)
    })
  },
})
