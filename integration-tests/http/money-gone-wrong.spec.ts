// This suite runs in a merchant's store as they are: its own cart-completion rule and the provider
// registered under its own id (pp_jetpay_eft). Imported first, before the app and the fixtures.
import { carts_checked_by_the_store } from "../helpers/merchant-store"
import { jetpayTestApp } from "../helpers/test-app"
import { Modules } from "@medusajs/framework/utils"
import type { IEventBusModuleService, INotificationModuleService, MedusaContainer } from "@medusajs/framework/types"
import {
  createApiKeysWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/core-flows"
import { createAdmin, type AdminAuth } from "../helpers/admin-auth"
import { completeCart, eventually, ordersOfCart, placedOrder, startJetpayCheckout, capturedOrder as capturedOrderOf } from "../helpers/checkout-steps"
import { jetpaySteps } from "../helpers/jetpay-steps"
import { useJetpaySandbox } from "../helpers/sandbox-fixture"
import { emailOutbox, refuseNext, sentEmails } from "../helpers/email-outbox"
import { STAFF_EMAILS_KEY } from "../../src/workflows/reconcile/attention-emails"
import { jetpayServices } from "../../src/providers/jetpay/jetpay-services"
import { createJetpayStore, JETPAY_PROVIDER_ID, type StoreFixture } from "../helpers/store-fixture"

/**
 * Issue 10, as a merchant sees each case of money gone wrong: the order's payment status
 * through Medusa's admin API, the words of the plugin's order view (what the widget shows),
 * the credits at Jetpay (never two for one refund), the plugin's events, and the
 * needs-attention list filling and emptying.
 */
jest.setTimeout(180_000)

// Two staff addresses get an email about each new Needs attention item (option attentionEmails).
const STAFF = ["ops@maple-store.example", "owner@maple-store.example"]
process.env.JETPAY_ATTENTION_EMAILS = STAFF.join(",")
// Their emails go through a provider that keeps what it sent (what the staff receive) and can refuse a send.
process.env.JETPAY_TEST_EMAIL_OUTBOX = "1"

const sandbox = useJetpaySandbox()

type Answer = { status: number; data: any }
type SandboxTransaction = { identifier: string; kind: string; state: string; amount: number; note: string | null }
type AttentionItem = {
  id: string
  kind: string
  transaction_id: string
  order_id: string | null
  cart_id: string | null
  amount: number
  reason: string | null
  since: string
  actions: string[]
}

/** A US store beside the Canadian one: a USD region whose payment provider is Jetpay. */
async function createUsdJetpayStore(container: MedusaContainer) {
  const { result: [channel] } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "US web" }] },
  })
  const { result: [key] } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "US storefront", type: "publishable", created_by: "tests" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [channel.id] } })
  const { result: [region] } = await createRegionsWorkflow(container).run({
    input: { regions: [{ name: "United States", currency_code: "usd", countries: ["us"], payment_providers: [JETPAY_PROVIDER_ID] }] },
  })
  const { result: [product] } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: "Maple syrup (US)",
          status: "published",
          options: [{ title: "Size", values: ["1 L"] }],
          variants: [
            { title: "1 L", options: { Size: "1 L" }, manage_inventory: false, prices: [{ amount: 39.99, currency_code: "usd" }] },
          ],
          sales_channels: [{ id: channel.id }],
        },
      ],
    },
  })
  return { publishableKey: key.token, regionId: region.id, variantId: product.variants[0].id }
}

jetpayTestApp({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let admin: AdminAuth
    const emitted: Array<{ name: string; data: any }> = []

    const { control, pay, advance, settled, registerWebhook, jetpayModule, reconciliationRun, allApplied } = jetpaySteps(sandbox, getContainer)

    /** An HTTP answer whatever its status, so tests can look at 4xx/5xx bodies. */
    const answer = (request: Promise<Answer>): Promise<Answer> =>
      request.catch((error: { response?: Answer }) => {
        if (error.response) return error.response
        throw error
      })
    const adminGet = (path: string) => answer(api.get(path, admin))
    const adminPost = (path: string, body: unknown = {}) => answer(api.post(path, body, admin))
    const storeHeaders = () => ({ headers: { "x-publishable-api-key": store.publishableKey } })

    const eventsOf = (name: string, transactionId: string) =>
      emitted.filter((event) => event.name === name && event.data.transaction_id === transactionId)

    /** The order as Medusa's admin API shows it. */
    const adminOrder = async (orderId: string) => {
      const response = await adminGet(
        `/admin/orders/${orderId}?fields=payment_status,metadata,status,*payment_collections.payments,*payment_collections.payment_sessions`
      )
      expect(response.status).toBe(200)
      return response.data.order
    }
    /** The order's books: its order transactions (captures, refunds) as Medusa's admin API shows them. */
    const orderTransactions = async (orderId: string) =>
      ((await adminGet(`/admin/orders/${orderId}?fields=id,*transactions`)).data.order.transactions as Array<{ reference: string; amount: number }>)
        .map((transaction) => ({ reference: transaction.reference, amount: Number(transaction.amount) }))
        .sort((a, b) => b.amount - a.amount)
    /** What the plugin's order widget shows. */
    const jetpayView = async (orderId: string) => {
      const response = await adminGet(`/admin/jetpay/orders/${orderId}`)
      expect(response.status).toBe(200)
      return response.data
    }
    const attention = async (): Promise<AttentionItem[]> => {
      const response = await adminGet("/admin/jetpay/attention")
      expect(response.status).toBe(200)
      expect(response.data.count).toBe(response.data.items.length)
      return response.data.items
    }
    /**
     * Until the grace of every refund credit of a debit is over (`unrecordedRefundGraceMs` after its
     * record last changed): from then on, Needs attention lists each credit no Medusa refund accounts for.
     */
    const pastRefundGraces = (debitJetpayId: string) =>
      eventually(async () => {
        const graceMs = jetpayServices(getContainer()).options.timings.unrecordedRefundGraceMs
        const credits = await jetpayModule().listJetpayTransactions({ debit_jetpay_id: debitJetpayId, kind: "credit" })
        return credits.every((credit) => new Date(credit.updated_at).getTime() + graceMs < Date.now())
      }, 30_000, `the refund graces of debit ${debitJetpayId} over`)
    const attentionFor = async (transactionId: string) =>
      (await attention()).filter((item) => item.transaction_id === transactionId)
    /** The refund credits Jetpay holds for one debit (the plugin notes the debit on each). */
    const creditsAtJetpay = async (debitId: string) =>
      (await control<SandboxTransaction[]>("GET", "/_sandbox/transactions?kind=credit")).filter(
        (credit) => !!credit.note?.startsWith(`Refund of Jetpay debit ${debitId} (`)
      )

    /** `jetpay.attention.required`, emitted by the reconciliation job (every 5 s) once per new item. */
    async function expectAnnounced(itemId: string) {
      const announced = () => emitted.filter((event) => event.name === "jetpay.attention.required" && event.data.id === itemId)
      await eventually(async () => announced().length > 0, 20_000, `jetpay.attention.required for ${itemId}`)
      expect(announced()).toHaveLength(1)
    }

    async function orderOf(cartId: string) {
      const [order] = await eventually(async () => {
        const orders = await ordersOfCart(getContainer(), cartId)
        return orders[0]?.payments.length > 0 && orders
      }, 30_000, "the order")
      return order
    }

    /**
     * The payer authorized (EFT: the order's payment awaits settlement) or paid (card: authorized);
     * the webhook made the order.
     */
    async function paidOrder(method: "eft" | "card") {
      const checkout = await startJetpayCheckout(api, store)
      await pay(checkout.transactionId, method)
      const order = method === "eft" ? await placedOrder(getContainer(), checkout.cartId) : await orderOf(checkout.cartId)
      await settled(checkout.transactionId, 2)
      return { checkout, order }
    }

    /** A paid and settled order, captured by the webhook: refunds can be made of it. */
    async function capturedOrder() {
      const checkout = await startJetpayCheckout(api, store)
      await pay(checkout.transactionId, "eft")
      await advance(checkout.transactionId, "completed")
      const order = await capturedOrderOf(getContainer(), checkout.cartId)
      await settled(checkout.transactionId, 3)
      return { checkout, order, paymentId: order.payments[0].id }
    }

    beforeAll(async () => {
      store = await createJetpayStore(getContainer())
      await registerWebhook(api.defaults.baseURL)
      admin = await createAdmin(api, getContainer())
      const eventBus = getContainer().resolve<IEventBusModuleService>(Modules.EVENT_BUS)
      for (const name of [
        "jetpay.payment.failed",
        "jetpay.refund.failed",
        "jetpay.payment.amount_mismatch",
        "jetpay.attention.required",
        "jetpay.payment.captured",
      ]) {
        eventBus.subscribe(name, async (event: { name: string; data: unknown }) => {
          emitted.push({ name, data: event.data })
        })
      }
    })

    afterEach(async () => {
      await control("DELETE", "/_sandbox/webhooks/faults")
      await control("DELETE", "/_sandbox/faults")
    })

    /** Steps 1 and 2 share what the merchant sees of a debit that failed after its order was made. */
    async function expectFailedDebit(checkout: { transactionId: string }, orderId: string, reason: string, reasonText: RegExp, method: "eft" | "card") {
      const order = await eventually(async () => {
        const current = await adminOrder(orderId)
        return current.metadata?.jetpay_payment_failed === true && current
      }, 30_000, "the order flagged as failed")
      expect(order.metadata).toMatchObject({ jetpay_payment_failed: true, jetpay_fail_reason: reason })
      // cancelOrderOnFailure is false by default: the order is kept, flagged "do not ship".
      expect(order.status).not.toBe("canceled")
      const payments = order.payment_collections.flatMap((collection: any) => collection.payments)
      if (method === "card") {
        // The card payment was authorized: it is canceled.
        expect(payments).toHaveLength(1)
        expect(payments[0].canceled_at).toBeTruthy()
      } else {
        // The EFT's payment was awaiting settlement: it is canceled (its session ends in error), never authorized.
        expect(payments).toEqual([])
        const sessions = order.payment_collections.flatMap((collection: any) => collection.payment_sessions)
        expect(sessions.map((session: any) => session.status)).toEqual(["error"])
      }

      const view = await jetpayView(orderId)
      const debit = view.transactions.find((transaction: any) => transaction.id === checkout.transactionId)
      expect(debit).toMatchObject({ kind: "debit", state: "failed", fail_reason: reason })
      expect(debit.failure).toMatchObject({ reason, advice: "do_not_ship" })
      expect(debit.failure.reason_text).toMatch(reasonText)
      expect(debit.failure.advice_text).toMatch(/Do not ship/)

      await eventually(async () => eventsOf("jetpay.payment.failed", checkout.transactionId).length > 0, 10_000, "jetpay.payment.failed")
      const items = await attentionFor(checkout.transactionId)
      expect(items).toEqual([
        {
          id: `failed_debit:${checkout.transactionId}`,
          kind: "failed_debit",
          transaction_id: checkout.transactionId,
          order_id: orderId,
          cart_id: expect.any(String),
          amount: 9998,
          reason,
          since: expect.any(String),
          actions: ["cancel_order", "dismiss"],
        },
      ])
      return { item: items[0], paymentStatus: order.payment_status as string }
    }
    /**
     * Medusa's own payment status of the order, as the order page's badge shows it, read once the
     * debit had failed: not "authorized". Checked last, so that it does not hide the other checks.
     */
    const expectPaymentStatusNotAuthorized = (paymentStatus: string) =>
      expect({ payment_status: paymentStatus }).toEqual({ payment_status: expect.stringMatching(/^(not_paid|canceled)$/) })

    it("0. runs in a store with its own validate hook and the provider as pp_jetpay_eft: the store's rule runs on each completion, Jetpay's checks too", async () => {
      // The store booted with its own handler on Medusa's one-per-workflow validate hook.
      expect(JETPAY_PROVIDER_ID).toBe("pp_jetpay_eft")
      const { checkout, order } = await paidOrder("eft")
      expect(checkout.session.provider_id).toBe("pp_jetpay_eft")
      expect(carts_checked_by_the_store).toContain(checkout.cartId)
      expect((await adminOrder(order.id)).payment_status).toBe("awaiting")

      // The store's rule still refuses what it refuses, with its own words.
      const refused = await startJetpayCheckout(api, store)
      // Marked by the store's own code (straight in the cart module: no payment refresh).
      await getContainer().resolve(Modules.CART).updateCarts(refused.cartId, { metadata: { age_verified: false } })
      const completion = await completeCart(api, store, refused.cartId)
      expect(completion.status).toBe(400)
      expect(completion.data.message).toBe("This store's own rule: the buyer's age is not verified")
      expect(await ordersOfCart(getContainer(), refused.cartId)).toHaveLength(0)
    })

    it("1. an EFT debit that fails before settling after the payer authorized: its awaiting payment is canceled, never captured; do not ship; cancel_order cancels the order and empties the list", async () => {
      const { checkout, order } = await paidOrder("eft")
      expect((await adminOrder(order.id)).payment_status).toBe("awaiting")
      await advance(checkout.transactionId, "failed", "account_frozen")
      await settled(checkout.transactionId, 3)

      const { item, paymentStatus } = await expectFailedDebit(checkout, order.id, "account_frozen", /account frozen/, "eft")
      expect(paymentStatus).toBe("canceled")
      // Events after the whole sync succeeded, once per transaction in its life: still one
      // after a reconciliation run that would have synced it again.
      await reconciliationRun()
      expect(eventsOf("jetpay.payment.failed", checkout.transactionId)).toEqual([
        { name: "jetpay.payment.failed", data: expect.objectContaining({ order_id: order.id, fail_reason: "account_frozen" }) },
      ])

      // The reconciliation job tells merchants' code about the new item once.
      await expectAnnounced(item.id)

      // Each staff address gets one email about it, through the Notification Module.
      const staffEmails = () =>
        getContainer()
          .resolve<INotificationModuleService>(Modules.NOTIFICATION)
          .listNotifications({ template: "jetpay-attention", resource_id: order.id }, { take: null })
      await eventually(async () => (await staffEmails()).length >= STAFF.length, 20_000, "the staff emails")
      // Two more runs, and the event delivered again (events are at least once): still one email per address.
      await reconciliationRun()
      await getContainer().resolve<IEventBusModuleService>(Modules.EVENT_BUS).emit({ name: "jetpay.attention.required", data: item })
      await eventually(async () => emitted.filter((event) => event.data.id === item.id).length === 2, 10_000, "the event again")
      await reconciliationRun()
      const emails = await staffEmails()
      expect(emails.map((email) => email.to).sort()).toEqual([...STAFF].sort())
      // What the staff received: one email each.
      const received = sentEmails((email) => email.template === "jetpay-attention" && email.data?.item_id === item.id)
      expect(received.map((email) => email.to).sort()).toEqual([...STAFF].sort())
      const { display_id } = await getContainer().resolve(Modules.ORDER).retrieveOrder(order.id, { select: ["display_id"] })
      for (const email of emails) {
        expect(email).toMatchObject({ channel: "email", status: "success" })
        expect(email.data).toMatchObject({
          item_id: item.id,
          kind: "failed_debit",
          order_id: order.id,
          order_display_id: display_id,
          amount: 9998,
          amount_formatted: "$99.98",
          what_to_do: expect.stringMatching(/^Do not ship/),
          admin_path: `/app/orders/${order.id}`,
        })
        // What the admin shows of the item, nothing of the shopper's, no payment link.
        expect(JSON.stringify(email.data)).not.toMatch(/marie|tremblay|http/i)
      }

      const resolved = await adminPost("/admin/jetpay/attention", { item_id: item.id, action: "cancel_order" })
      expect(resolved.status).toBe(200)
      expect(resolved.data.items.find((candidate: AttentionItem) => candidate.id === item.id)).toBeUndefined()
      expect((await adminOrder(order.id)).status).toBe("canceled")
      expect(await attentionFor(checkout.transactionId)).toEqual([])

      // A second press finds nothing left to do.
      const again = await adminPost("/admin/jetpay/attention", { item_id: item.id, action: "cancel_order" })
      expect(again.status).toBe(404)
      expect(again.data.message).toMatch(/was resolved/)
      expect((await adminOrder(order.id)).payment_status).toBe("canceled")
      expectPaymentStatusNotAuthorized(paymentStatus)
    })

    it("2. a card payment that fails after it was paid: the same outcome; dismiss empties the list and leaves the order open", async () => {
      // The email service refuses the first staff email to the second address (down a moment).
      refuseNext((email) => email.template === "jetpay-attention" && email.to === STAFF[1])
      const { checkout, order } = await paidOrder("card")
      await advance(checkout.transactionId, "failed", "declined")
      await settled(checkout.transactionId, 3)

      const { item, paymentStatus } = await expectFailedDebit(checkout, order.id, "declined", /card was declined/, "card")
      expect(eventsOf("jetpay.payment.failed", checkout.transactionId)).toHaveLength(1)

      // Tried again by a later run: each address receives one email about the item all the same,
      // and two more runs send nothing more; nothing is left waiting or shown as failed.
      const received = () => sentEmails((email) => email.template === "jetpay-attention" && email.data?.item_id === item.id)
      await eventually(async () => received().length >= STAFF.length, 20_000, "the staff emails, one tried again")
      expect(emailOutbox().refused).toBe(1)
      await reconciliationRun()
      await reconciliationRun()
      expect(received().map((email) => email.to).sort()).toEqual([...STAFF].sort())
      expect((await adminGet("/admin/jetpay/health")).data.staff_emails).toEqual({ recipients: 2, waiting: 0, failed: [] })

      // A process that died after the email service took the retried email, before recording it: the
      // list says its sending (the second) is still in flight and due. The next run finds it sent.
      const [retried] = received().filter((email) => email.to === STAFF[1])
      await jetpayModule().writeState(STAFF_EMAILS_KEY, {
        pending: [
          {
            key: `jetpay-attention:${item.id}:${STAFF[1]}`,
            item_id: item.id,
            to: STAFF[1],
            data: retried.data,
            attempts: 2,
            last_error: "the email service refused the message",
            next_at: new Date(Date.now() - 1000).toISOString(),
            queued_at: new Date().toISOString(),
            sendings: 2,
            in_flight: 2,
          },
        ],
        failed: [],
      })
      expect((await adminGet("/admin/jetpay/health")).data.staff_emails.waiting).toBe(1)
      await reconciliationRun()
      expect(received().map((email) => email.to).sort()).toEqual([...STAFF].sort())
      expect((await adminGet("/admin/jetpay/health")).data.staff_emails).toEqual({ recipients: 2, waiting: 0, failed: [] })

      const dismissed = await adminPost("/admin/jetpay/attention", { item_id: item.id, action: "dismiss" })
      expect(dismissed.status).toBe(200)
      expect(await attentionFor(checkout.transactionId)).toEqual([])
      const after = await adminOrder(order.id)
      expect(after.status).not.toBe("canceled")
      expect(after.metadata).toMatchObject({ jetpay_payment_failed: true, jetpay_fail_reason: "declined" })
      expectPaymentStatusNotAuthorized(paymentStatus)
    })

    it("3. a refund whose answer is lost after Jetpay made it: outcome unknown, never sent twice; refund_sent records it in Medusa once", async () => {
      const { checkout, order, paymentId } = await capturedOrder()
      await control("POST", "/_sandbox/faults", { method: "PUT", path: "/credit", timeout: true, process: true })

      const lost = await adminPost(`/admin/payments/${paymentId}/refund`, { amount: 20 })
      expect(lost.status).toBeGreaterThanOrEqual(400)
      expect(lost.data.message).toMatch(/may or may not have been sent, and it is NOT sent again/)
      expect(await creditsAtJetpay(checkout.transactionId)).toHaveLength(1)

      // The widget says so.
      const view = await jetpayView(order.id)
      const intents = view.transactions.filter((transaction: any) => transaction.kind === "credit")
      expect(intents).toHaveLength(1)
      expect(intents[0]).toMatchObject({ amount: 2000, refund_outcome: "unknown" })

      // Another refund waits until a person settles the first.
      const second = await adminPost(`/admin/payments/${paymentId}/refund`, { amount: 20 })
      expect(second.status).toBe(400)
      expect(second.data.message).toMatch(/has an unknown outcome.*No other refund of this payment is sent until then/)
      expect(await creditsAtJetpay(checkout.transactionId)).toHaveLength(1)

      const [item] = await eventually(async () => {
        const items = await attentionFor(intents[0].id)
        return items.length > 0 && items
      }, 10_000, "the refund_unknown item")
      expect(item).toMatchObject({
        kind: "refund_unknown",
        order_id: order.id,
        amount: 2000,
        reason: expect.stringMatching(/timed out|did not answer|time/i),
        actions: ["refund_sent", "refund_not_sent"],
      })

      // The merchant found the credit in Jetpay's dashboard; two admins press "sent" at the same moment.
      const presses = await Promise.all([
        adminPost("/admin/jetpay/attention", { item_id: item.id, action: "refund_sent" }),
        adminPost("/admin/jetpay/attention", { item_id: item.id, action: "refund_sent" }),
      ])
      expect(presses.map((press) => press.status).sort()).toEqual([200, 404])
      expect(await attentionFor(intents[0].id)).toEqual([])
      const payment = await adminGet(`/admin/payments/${paymentId}?fields=id,amount,*refunds`)
      expect(payment.status).toBe(200)
      expect(payment.data.payment.refunds).toHaveLength(1)
      expect(Number(payment.data.payment.refunds[0].amount)).toBe(20)
      expect(await creditsAtJetpay(checkout.transactionId)).toHaveLength(1)
      const recorded = await jetpayView(order.id)
      expect(recorded.transactions.filter((transaction: any) => transaction.kind === "credit")).toHaveLength(1)
    })

    it("3b. two refunds of the same amount, one whose answer was lost: each is matched to its own credit, never by amount", async () => {
      const { checkout, paymentId } = await capturedOrder()
      const tx = checkout.transactionId
      const creditRecords = () => jetpayModule().listJetpayTransactions({ debit_jetpay_id: tx, kind: "credit" }, { take: null })

      // Refund A ($10): Jetpay makes the credit, its answer is lost.
      await control("POST", "/_sandbox/faults", { method: "PUT", path: "/credit", timeout: true, process: true })
      expect((await adminPost(`/admin/payments/${paymentId}/refund`, { amount: 10 })).status).toBeGreaterThanOrEqual(400)
      const [intentA] = await creditRecords()
      expect(intentA).toMatchObject({ amount: 1000, refund_outcome: "unknown" })
      // What the person finds in Jetpay's dashboard: the credit names refund A's own reference.
      const [creditA] = await creditsAtJetpay(tx)
      expect(creditA.note).toBe(`Refund of Jetpay debit ${tx} (${intentA.jetpay_id})`)

      // They confirm it: Medusa records refund A, tied to that intent, and Jetpay is not asked again.
      const [item] = await eventually(async () => {
        const items = await attentionFor(intentA.jetpay_id)
        return items.length > 0 && items
      }, 10_000, "the refund_unknown item")
      expect((await adminPost("/admin/jetpay/attention", { item_id: item.id, action: "refund_sent" })).status).toBe(200)
      expect(await creditsAtJetpay(tx)).toHaveLength(1)

      // Refund B, the same amount: its own credit, with its own reference.
      expect((await adminPost(`/admin/payments/${paymentId}/refund`, { amount: 10 })).status).toBe(200)
      const afterB = await creditsAtJetpay(tx)
      expect(afterB).toHaveLength(2)
      const recordB = (await creditRecords()).find((record) => record.id !== intentA.id)!
      expect(recordB).toMatchObject({ amount: 1000, refund_outcome: "sent" })
      const creditB = afterB.find((credit) => credit.identifier === recordB.jetpay_id)!
      expect(creditB.note).not.toBe(creditA.note)
      expect((await creditRecords()).find((record) => record.id === intentA.id)).toMatchObject({
        jetpay_id: intentA.jetpay_id,
        refund_outcome: "recorded",
      })

      // Refund C ($10) lost too, and confirmed by a person whose process died before Medusa recorded
      // it (what the refund_sent action of earlier versions left: confirmed_sent, no Medusa refund).
      await control("POST", "/_sandbox/faults", { method: "PUT", path: "/credit", timeout: true, process: true })
      expect((await adminPost(`/admin/payments/${paymentId}/refund`, { amount: 10 })).status).toBeGreaterThanOrEqual(400)
      const intentC = (await creditRecords()).find((record) => record.refund_outcome === "unknown")!
      await jetpayModule().updateJetpayTransactions({ id: intentC.id, refund_outcome: "confirmed_sent" })
      expect(await creditsAtJetpay(tx)).toHaveLength(3)
      // Refund D, the same amount: it sends its own credit, it does not take C's place.
      expect((await adminPost(`/admin/payments/${paymentId}/refund`, { amount: 10 })).status).toBe(200)
      expect(await creditsAtJetpay(tx)).toHaveLength(4)
      expect((await creditRecords()).find((record) => record.id === intentC.id)).toMatchObject({ refund_outcome: "confirmed_sent" })

      // Medusa: A, B and D, each tied to its own credit.
      const payment = await adminGet(`/admin/payments/${paymentId}?fields=id,data,*refunds`)
      expect(payment.data.payment.refunds.map((refund: any) => Number(refund.amount))).toEqual([10, 10, 10])
      const ids = payment.data.payment.data.refunds.map((refund: any) => refund.jetpay_credit_id)
      expect(ids).toHaveLength(3)
      expect(new Set(ids).size).toBe(3)
      expect(ids.slice(0, 2)).toEqual([intentA.jetpay_id, recordB.jetpay_id])
      expect(ids).not.toContain(intentC.jetpay_id)
    })

    it("4. a refund that failed after Jetpay made it is unknown too; one that Jetpay surely did not make: refund_not_sent lets a new refund make exactly one credit", async () => {
      // 500 after the credit was made.
      const made = await capturedOrder()
      await control("POST", "/_sandbox/faults", { method: "PUT", path: "/credit", status: 500, process: true })
      const failed = await adminPost(`/admin/payments/${made.paymentId}/refund`, { amount: 10 })
      expect(failed.status).toBeGreaterThanOrEqual(400)
      expect(failed.data.message).toMatch(/may or may not have been sent, and it is NOT sent again/)
      expect(await creditsAtJetpay(made.checkout.transactionId)).toHaveLength(1)
      const refused = await adminPost(`/admin/payments/${made.paymentId}/refund`, { amount: 10 })
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/has an unknown outcome/)
      expect(await creditsAtJetpay(made.checkout.transactionId)).toHaveLength(1)
      const madeItems = (await attention()).filter((item) => item.kind === "refund_unknown" && item.order_id === made.order.id)
      expect(madeItems).toHaveLength(1)
      expect(madeItems[0]).toMatchObject({ amount: 1000, reason: expect.stringMatching(/500/) })

      // 500 and nothing made: the merchant checks Jetpay and finds no credit.
      const notMade = await capturedOrder()
      await control("POST", "/_sandbox/faults", { method: "PUT", path: "/credit", status: 500 })
      const lost = await adminPost(`/admin/payments/${notMade.paymentId}/refund`, { amount: 15 })
      expect(lost.status).toBeGreaterThanOrEqual(400)
      expect(lost.data.message).toMatch(/may or may not have been sent, and it is NOT sent again/)
      expect(await creditsAtJetpay(notMade.checkout.transactionId)).toHaveLength(0)
      const [item] = (await attention()).filter((candidate) => candidate.kind === "refund_unknown" && candidate.order_id === notMade.order.id)
      expect(item).toMatchObject({ amount: 1500, actions: ["refund_sent", "refund_not_sent"] })

      const notSent = await adminPost("/admin/jetpay/attention", { item_id: item.id, action: "refund_not_sent" })
      expect(notSent.status).toBe(200)
      expect((await attention()).find((candidate) => candidate.id === item.id)).toBeUndefined()

      const retried = await adminPost(`/admin/payments/${notMade.paymentId}/refund`, { amount: 15 })
      expect(retried.status).toBe(200)
      const credits = await creditsAtJetpay(notMade.checkout.transactionId)
      expect(credits).toHaveLength(1)
      expect(credits[0].amount).toBe(1500)
      const payment = await adminGet(`/admin/payments/${notMade.paymentId}?fields=id,*refunds`)
      expect(payment.data.payment.refunds).toHaveLength(1)
      expect(Number(payment.data.payment.refunds[0].amount)).toBe(15)
    })

    it("5. a refund credit that fails later: the widget says the refund did not reach the customer, jetpay.refund.failed once, refund_failed listed", async () => {
      const { checkout, order, paymentId } = await capturedOrder()
      const refund = await adminPost(`/admin/payments/${paymentId}/refund`, { amount: 25 })
      expect(refund.status).toBe(200)
      const [credit] = await creditsAtJetpay(checkout.transactionId)
      expect(credit).toMatchObject({ amount: 2500 })
      expect(await creditsAtJetpay(checkout.transactionId)).toHaveLength(1)

      // The payee gives bank details, then the bank returns the credit.
      await pay(credit.identifier)
      await control("POST", `/_sandbox/transactions/${credit.identifier}/advance`, { state: "failed", fail_reason: "account_closed" })

      const failedCredit = await eventually(async () => {
        const view = await jetpayView(order.id)
        const current = view.transactions.find((transaction: any) => transaction.id === credit.identifier)
        return current?.state === "failed" && current
      }, 30_000, "the failed credit in the order view")
      expect(failedCredit).toMatchObject({ kind: "credit", fail_reason: "account_closed", debit_id: checkout.transactionId })
      expect(failedCredit.failure).toMatchObject({ reason: "account_closed", advice: "refund_not_received" })
      expect(failedCredit.failure.reason_text).toMatch(/bank account is closed/)
      expect(failedCredit.failure.advice_text).toMatch(/refund did not reach the customer/)

      await eventually(async () => eventsOf("jetpay.refund.failed", credit.identifier).length > 0, 10_000, "jetpay.refund.failed")
      await settled(credit.identifier, 3)
      await reconciliationRun()
      expect(eventsOf("jetpay.refund.failed", credit.identifier)).toEqual([
        { name: "jetpay.refund.failed", data: expect.objectContaining({ transaction_id: credit.identifier, fail_reason: "account_closed" }) },
      ])
      expect(await attentionFor(credit.identifier)).toEqual([
        expect.objectContaining({
          id: `refund_failed:${credit.identifier}`,
          kind: "refund_failed",
          order_id: order.id,
          amount: 2500,
          reason: "account_closed",
          actions: ["dismiss"],
        }),
      ])
      // Still exactly one credit: nothing was sent again by itself.
      expect(await creditsAtJetpay(checkout.transactionId)).toHaveLength(1)
    })

    /**
     * What Medusa 2.21 does when a paid cart changes: adding an item refreshes the payment
     * collection, which deletes the old session; the provider's cancel of the debit is refused
     * (the payer authorized it), so the change answers 500 "Could not delete all payment
     * sessions" and is undone, but the collection keeps the new amount. The shopper's retry of
     * the same change then goes through without touching the session: the cart now totals more
     * than the debit the payer authorized.
     */
    async function paidCartChanged() {
      const checkout = await startJetpayCheckout(api, store)
      await settled(checkout.transactionId, 1)
      // The webhook would make the order at once: hold it while the shopper edits the cart.
      await control("POST", "/_sandbox/webhooks/faults", { hold: true })
      await pay(checkout.transactionId, "eft")

      const addItem = () =>
        answer(api.post(`/store/carts/${checkout.cartId}/line-items`, { variant_id: store.variantId, quantity: 1 }, storeHeaders()))
      const refusedChange = await addItem()
      expect(refusedChange.status).toBe(500)
      expect(refusedChange.data.message).toBe("Could not delete all payment sessions")
      const unchanged = await api.get(`/store/carts/${checkout.cartId}?fields=total`, storeHeaders())
      expect(unchanged.data.cart.total).toBe(99.98)
      // Jetpay refused to cancel what the payer authorized: the debit is untouched.
      expect((await control("GET", `/_sandbox/transactions/${checkout.transactionId}`)).state).toBe("initiated")

      const retried = await addItem()
      expect(retried.status).toBe(200)
      expect(retried.data.cart.total).toBe(149.97)
      return checkout
    }

    it("6. a cart changed after the payer paid: no order for a different amount; amount_mismatch listed; refund sends one credit of what was paid", async () => {
      const checkout = await paidCartChanged()

      // The storefront completes the cart when the shopper returns: refused, with the reason.
      const completion = await completeCart(api, store, checkout.cartId)
      expect(completion.status).toBe(400)
      expect(completion.data.order).toBeUndefined()
      expect(completion.data.message).toBe(
        `Jetpay payment ${checkout.transactionId} was for $99.98 but the cart now totals $149.97: no order is made for a different amount. ` +
          "The payment is listed in Settings → Jetpay → Needs attention, where it can be refunded."
      )

      // The webhook's path does not make one either.
      await control("POST", "/_sandbox/webhooks/faults", { hold: false })
      await control("POST", "/_sandbox/webhooks/flush")
      await eventually(async () => {
        const [event] = await jetpayModule().listJetpayWebhookEvents({ jetpay_transaction_id: checkout.transactionId, state: "initiated" })
        return event?.last_error
      }, 30_000, "the webhook's failed attempt")
      expect(await ordersOfCart(getContainer(), checkout.cartId)).toHaveLength(0)

      const items = await attentionFor(checkout.transactionId)
      expect(items).toEqual([
        {
          id: `amount_mismatch:${checkout.transactionId}`,
          kind: "amount_mismatch",
          transaction_id: checkout.transactionId,
          order_id: null,
          cart_id: checkout.cartId,
          amount: 9998,
          reason: "debit 9998 ¢, session 9998 ¢, cart 14997 ¢",
          since: expect.any(String),
          actions: ["refund", "dismiss"],
        },
      ])
      expect(
        emitted.filter((event) => event.name === "jetpay.payment.amount_mismatch" && event.data.transaction_id === checkout.transactionId)
      ).toEqual([
        {
          name: "jetpay.payment.amount_mismatch",
          data: expect.objectContaining({ cart_id: checkout.cartId, order_id: null, debit: 9998, session: 9998, cart: 14997 }),
        },
      ])

      await expectAnnounced(items[0].id)

      // Pressed twice at the same moment (a double click, two admins): one refund.
      const presses = await Promise.all([
        adminPost("/admin/jetpay/attention", { item_id: items[0].id, action: "refund" }),
        adminPost("/admin/jetpay/attention", { item_id: items[0].id, action: "refund" }),
      ])
      expect(presses.map((press) => press.status).sort()).toEqual([200, 404])
      const credits = await creditsAtJetpay(checkout.transactionId)
      expect(credits).toHaveLength(1)
      expect(credits[0].amount).toBe(9998)
      expect(await attentionFor(checkout.transactionId)).toEqual([])
      expect(await ordersOfCart(getContainer(), checkout.cartId)).toHaveLength(0)
    })

    it("6b. a payment refunded from the needs-attention list never becomes an order, even when the cart goes back to what was paid", async () => {
      const checkout = await paidCartChanged()
      expect((await completeCart(api, store, checkout.cartId)).status).toBe(400)
      const [item] = await attentionFor(checkout.transactionId)
      expect(item.kind).toBe("amount_mismatch")
      expect((await adminPost("/admin/jetpay/attention", { item_id: item.id, action: "refund" })).status).toBe(200)
      expect(await creditsAtJetpay(checkout.transactionId)).toHaveLength(1)

      // The shopper takes the extra item off again (the first try is refused as above) and returns.
      const cart = await api.get(`/store/carts/${checkout.cartId}?fields=*items`, storeHeaders())
      const line = cart.data.cart.items[0]
      const setQuantity = () =>
        answer(api.post(`/store/carts/${checkout.cartId}/line-items/${line.id}`, { quantity: 2 }, storeHeaders()))
      if ((await setQuantity()).status !== 200) expect((await setQuantity()).status).toBe(200)
      const completion = await completeCart(api, store, checkout.cartId)
      await control("POST", "/_sandbox/webhooks/faults", { hold: false })
      await control("POST", "/_sandbox/webhooks/flush")
      // Every event the payer's payment made was delivered and applied, and a reconciliation
      // run went by: whatever would have made an order has run.
      await allApplied(checkout.transactionId)
      await reconciliationRun()

      // The payer's money went back: an order made now would be shipped unpaid.
      const orders = await ordersOfCart(getContainer(), checkout.cartId)
      expect({ completion: completion.status, orders: orders.map((order) => order.payments) }).toEqual({
        completion: 400,
        orders: [],
      })
    })

    it("7. a USD cart is refused when its Jetpay session is made, naming the account's currency; nothing reaches Jetpay", async () => {
      const usd = await createUsdJetpayStore(getContainer())
      const headers = { headers: { "x-publishable-api-key": usd.publishableKey } }
      const { data: cartBody } = await api.post(
        "/store/carts",
        {
          region_id: usd.regionId,
          email: "sam.smith@example.com",
          shipping_address: {
            first_name: "Sam",
            last_name: "Smith",
            address_1: "1 Main Street",
            city: "Burlington",
            province: "VT",
            postal_code: "05401",
            country_code: "us",
          },
          items: [{ variant_id: usd.variantId, quantity: 1 }],
        },
        headers
      )
      expect(cartBody.cart.currency_code).toBe("usd")
      const { data: collectionBody } = await api.post("/store/payment-collections", { cart_id: cartBody.cart.id }, headers)
      await control("DELETE", "/_sandbox/requests")

      const refused = await answer(
        api.post(
          `/store/payment-collections/${collectionBody.payment_collection.id}/payment-sessions`,
          { provider_id: JETPAY_PROVIDER_ID },
          headers
        )
      )
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/Jetpay cannot take payments in USD: this store's Jetpay account is in CAD/)
      const requests = await control<Array<{ method: string; path: string }>>("GET", "/_sandbox/requests")
      expect(requests.filter((request) => request.method === "PUT")).toEqual([])
    })

    it("8. an order canceled while its EFT is still being pulled: the order page says refund on settlement, and the money that settles is refunded by itself, once", async () => {
      const { checkout, order } = await paidOrder("eft")
      // Jetpay cannot cancel a debit the payer paid: Medusa cancels the order anyway.
      expect((await adminPost(`/admin/orders/${order.id}/cancel`)).status).toBe(200)
      expect((await adminOrder(order.id)).status).toBe("canceled")
      expect((await jetpayView(order.id)).status).toEqual({ code: "refund_on_settlement", label: "Refund on settlement" })

      await advance(checkout.transactionId, "completed")
      await settled(checkout.transactionId, 3)
      const credits = async () =>
        (await control<SandboxTransaction[]>("GET", "/_sandbox/transactions")).filter(
          (transaction) => transaction.kind === "credit" && transaction.note?.includes(checkout.transactionId)
        )
      const [credit] = await eventually(async () => {
        const made = await credits()
        return made.length > 0 && made
      }, 30_000, "the refund credit")
      expect(credit).toMatchObject({ kind: "credit", amount: 9998 })
      const after = await adminOrder(order.id)
      expect(after).toMatchObject({ status: "canceled", payment_status: "refunded" })
      expect((await jetpayView(order.id)).status).toEqual({ code: "refunded", label: "Refunded" })
      expect(eventsOf("jetpay.payment.captured", checkout.transactionId)).toHaveLength(1)
      // The order's books show the capture and its refund.
      expect(await orderTransactions(order.id)).toEqual([
        { reference: "capture", amount: 99.98 },
        { reference: "refund", amount: -99.98 },
      ])

      // Another sync of the transaction (the job, a refresh) refunds nothing more.
      expect((await adminPost(`/admin/jetpay/transactions/${checkout.transactionId}/refresh`)).status).toBe(200)
      await reconciliationRun()
      expect(await credits()).toHaveLength(1)
      expect((await attention()).filter((item) => item.order_id === order.id || item.transaction_id === checkout.transactionId)).toEqual([])
    })

    it("8b. an order canceled while its EFT is pulled, whose refund Jetpay refuses once it settles: listed in Needs attention with Jetpay's reason, then refunded once from there", async () => {
      const { checkout, order } = await paidOrder("eft")
      const tx = checkout.transactionId
      expect((await adminPost(`/admin/orders/${order.id}/cancel`)).status).toBe(200)
      // Jetpay refuses every refund credit until told otherwise.
      await control("POST", "/_sandbox/faults", { method: "PUT", path: "/credit", status: 422, count: 1000 })

      await advance(tx, "completed")
      await settled(tx, 3)
      const itemId = `refund_due:${tx}`
      const item = await eventually(async () => (await attention()).find((candidate) => candidate.id === itemId), 20_000, "the refund due listed")
      expect(item).toMatchObject({
        kind: "refund_due",
        transaction_id: tx,
        order_id: order.id,
        amount: 9998,
        reason: expect.stringMatching(/refund credit/i),
        actions: ["refund", "dismiss"],
      })
      await expectAnnounced(itemId)
      expect((await jetpayView(order.id)).status).toEqual({ code: "refund_due", label: "Refund due" })
      expect(await creditsAtJetpay(tx)).toEqual([])
      // The event was applied (nothing left to retry forever): the sync ended, the debt is listed.
      expect((await jetpayModule().listJetpayWebhookEvents({ jetpay_transaction_id: tx })).every((event) => event.processed_at)).toBe(true)

      // Another sync tries again, still refused: no credit, still listed.
      expect((await adminPost(`/admin/jetpay/transactions/${tx}/refresh`)).status).toBe(200)
      expect(await creditsAtJetpay(tx)).toEqual([])
      expect((await attentionFor(tx)).map((listed) => listed.id)).toEqual([itemId])
      const refused = await adminPost("/admin/jetpay/attention", { item_id: itemId, action: "refund" })
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/The refund was not made/)
      expect(await creditsAtJetpay(tx)).toEqual([])

      // The reason dealt with: Refund makes one credit of what was paid, and the order reads refunded.
      await control("DELETE", "/_sandbox/faults")
      const [first, second] = await Promise.all([
        adminPost("/admin/jetpay/attention", { item_id: itemId, action: "refund" }),
        adminPost("/admin/jetpay/attention", { item_id: itemId, action: "refund" }),
      ])
      expect([first.status, second.status].sort()).toEqual([200, 404])
      const credits = await creditsAtJetpay(tx)
      expect(credits).toHaveLength(1)
      expect(credits[0]).toMatchObject({ amount: 9998 })
      expect(await adminOrder(order.id)).toMatchObject({ status: "canceled", payment_status: "refunded" })
      expect((await jetpayView(order.id)).status).toEqual({ code: "refunded", label: "Refunded" })
      expect(await orderTransactions(order.id)).toEqual([
        { reference: "capture", amount: 99.98 },
        { reference: "refund", amount: -99.98 },
      ])
      await reconciliationRun()
      expect(await attentionFor(tx)).toEqual([])
      expect(await creditsAtJetpay(tx)).toHaveLength(1)
    })

    it("8c. an order canceled while its EFT is pulled, whose debit then fails: nothing is owed, nothing is listed, no refund", async () => {
      const { checkout, order } = await paidOrder("eft")
      const tx = checkout.transactionId
      expect((await adminPost(`/admin/orders/${order.id}/cancel`)).status).toBe(200)
      await advance(tx, "failed", "insufficient_funds")
      await settled(tx, 3)
      await eventually(async () => (await jetpayView(order.id)).status?.code === "failed", 20_000, "the debit's failure recorded")
      await reconciliationRun()
      expect(await attentionFor(tx)).toEqual([])
      expect((await attention()).filter((listed) => listed.order_id === order.id)).toEqual([])
      expect(await creditsAtJetpay(tx)).toEqual([])
      expect(await adminOrder(order.id)).toMatchObject({ status: "canceled" })
      expect(eventsOf("jetpay.payment.captured", tx)).toHaveLength(0)
    })

    it("9. a refund whose process died before Jetpay answered: refused while on its way, outcome unknown once stale (listed, announced); two refunds at once: never more credits than presses, each a Medusa refund or listed as refund_unrecorded", async () => {
      const { checkout, order, paymentId } = await capturedOrder()
      const creditsOf = async () =>
        (await control<SandboxTransaction[]>("GET", "/_sandbox/transactions")).filter(
          (transaction) => transaction.kind === "credit" && transaction.note?.includes(checkout.transactionId)
        )
      // What a refund leaves behind when its process is killed between its intent and Jetpay's answer.
      await jetpayModule().createJetpayTransactions({
        jetpay_id: "intent:killed-mid-refund",
        kind: "credit",
        state: "requested",
        amount: 1000,
        debit_jetpay_id: checkout.transactionId,
        order_id: order.id,
        payment_id: paymentId,
        refund_outcome: "pending",
      })
      const whileOnItsWay = await adminPost(`/admin/payments/${paymentId}/refund`, { amount: 5 })
      expect(whileOnItsWay.status).toBe(400)
      expect(whileOnItsWay.data.message).toMatch(/Another refund of Jetpay payment .* is being sent right now/)

      // refundIntentStaleMs later (3 s in these tests): outcome unknown, listed and announced once.
      const itemId = "refund_unknown:intent:killed-mid-refund"
      const item = await eventually(async () => (await attention()).find((candidate) => candidate.id === itemId), 20_000, "the stale refund listed")
      expect(item).toMatchObject({ amount: 1000, order_id: order.id, reason: expect.stringMatching(/process stopped, before Jetpay answered/), actions: ["refund_sent", "refund_not_sent"] })
      await expectAnnounced(itemId)
      const blocked = await adminPost(`/admin/payments/${paymentId}/refund`, { amount: 5 })
      expect(blocked.status).toBe(400)
      expect(blocked.data.message).toMatch(/has an unknown outcome/)
      expect(await creditsOf()).toEqual([])

      // A person checked Jetpay's dashboard: it was not made. Then two refunds pressed at once.
      expect((await adminPost("/admin/jetpay/attention", { item_id: itemId, action: "refund_not_sent" })).status).toBe(200)
      const both = await Promise.all([
        adminPost(`/admin/payments/${paymentId}/refund`, { amount: 5 }),
        adminPost(`/admin/payments/${paymentId}/refund`, { amount: 5 }),
      ])
      // What is guaranteed whatever the two answers (under load either press may also fail inside
      // Medusa, before or after the provider's call): never more credits than presses; each press
      // answered 200 has its Medusa refund and its credit; and once the grace is over
      // (unrecordedRefundGraceMs, 3 s here), each credit is either a Medusa refund of the payment or
      // listed as refund_unrecorded, never both and never neither.
      const ok = both.filter((press) => press.status === 200).length
      for (const press of both.filter((press) => press.status !== 200)) expect(press.status).toBeGreaterThanOrEqual(400)
      const medusaRefunds = async () =>
        ((await adminGet(`/admin/payments/${paymentId}?fields=id,*refunds`)).data.payment.refunds as Array<{ amount: number }>).map((refund) =>
          Number(refund.amount)
        )
      const unrecorded = async () => (await attention()).filter((candidate) => candidate.kind === "refund_unrecorded" && candidate.order_id === order.id)
      await pastRefundGraces(checkout.transactionId)
      const accounted = await eventually(async () => {
        const [credits, refunds, listed] = await Promise.all([creditsOf(), medusaRefunds(), unrecorded()])
        return credits.length === refunds.length + listed.length && { credits, refunds, listed }
      }, 20_000, "each credit a Medusa refund or listed as refund_unrecorded")
      expect(accounted.credits.length).toBeLessThanOrEqual(2)
      expect(accounted.credits.length).toBeGreaterThanOrEqual(ok)
      expect(accounted.refunds.length).toBeGreaterThanOrEqual(ok)
      for (const credit of accounted.credits) expect(credit.amount).toBe(500)
      expect(accounted.refunds.every((amount) => amount === 5)).toBe(true)
      const creditIds = accounted.credits.map((credit) => credit.identifier)
      for (const item of accounted.listed) expect(creditIds).toContain(item.transaction_id)
    })

    it("10. a refund Medusa undid after Jetpay made the credit: listed as refund_unrecorded, further refunds refused, record keeps it in Medusa without a second credit", async () => {
      const { checkout, order, paymentId } = await capturedOrder()
      const tx = checkout.transactionId
      const payments = () => getContainer().resolve(Modules.PAYMENT) as any
      const medusaRefunds = async () => (await adminGet(`/admin/payments/${paymentId}?fields=id,*refunds`)).data.payment.refunds as any[]

      expect((await adminPost(`/admin/payments/${paymentId}/refund`, { amount: 10 })).status).toBe(200)
      const [credit] = await creditsAtJetpay(tx)
      expect(credit).toMatchObject({ amount: 1000 })
      // What Medusa's payment module does when it fails after the provider's call (a lock timeout,
      // a pool error): it deletes its refund, while the credit has left at Jetpay.
      const [refund] = await medusaRefunds()
      await payments().deleteRefunds(refund.id)
      expect(await medusaRefunds()).toEqual([])

      // Past the grace (3 s in these tests): listed and announced.
      const itemId = `refund_unrecorded:${credit.identifier}`
      const item = await eventually(async () => (await attention()).find((candidate) => candidate.id === itemId), 20_000, "the unrecorded refund listed")
      expect(item).toMatchObject({
        kind: "refund_unrecorded",
        transaction_id: credit.identifier,
        order_id: order.id,
        amount: 1000,
        reason: expect.stringMatching(/Medusa's refund failed after it and was undone/),
        actions: ["record", "dismiss"],
      })
      await expectAnnounced(itemId)

      // A second press is refused, with no new credit.
      const again = await adminPost(`/admin/payments/${paymentId}/refund`, { amount: 10 })
      expect(again.status).toBe(400)
      expect(again.data.message).toMatch(/was made at Jetpay .* but Medusa did not record it.*Needs attention/)
      expect(await creditsAtJetpay(tx)).toHaveLength(1)
      expect(await medusaRefunds()).toEqual([])

      // "Record it in Medusa": Medusa shows the refund, Jetpay holds still one credit, the item is gone.
      expect((await adminPost("/admin/jetpay/attention", { item_id: itemId, action: "record" })).status).toBe(200)
      expect((await medusaRefunds()).map((recorded) => Number(recorded.amount))).toEqual([10])
      expect(await creditsAtJetpay(tx)).toHaveLength(1)
      expect(await attentionFor(credit.identifier)).toEqual([])
      const [record] = await jetpayModule().listJetpayTransactions({ jetpay_id: credit.identifier })
      expect(record).toMatchObject({ refund_outcome: "recorded" })

      // Refunds of the payment are allowed again, each with its own credit.
      expect((await adminPost(`/admin/payments/${paymentId}/refund`, { amount: 10 })).status).toBe(200)
      expect(await creditsAtJetpay(tx)).toHaveLength(2)
      await pastRefundGraces(tx)
      expect((await attention()).filter((candidate) => candidate.kind === "refund_unrecorded" && candidate.order_id === order.id)).toEqual([])
    })
  },
})
