import { jetpayTestApp } from "../helpers/test-app"
import type { INotificationModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createInventoryItemsWorkflow,
  createProductsWorkflow,
  createStockLocationsWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
} from "@medusajs/core-flows"
import { createAdmin, type AdminAuth } from "../helpers/admin-auth"
import { completeCart, eventually, ordersOfCart, startJetpayCheckout, capturedOrder } from "../helpers/checkout-steps"
import { jetpaySteps } from "../helpers/jetpay-steps"
import { useJetpaySandbox } from "../helpers/sandbox-fixture"
import { createJetpayStore, JETPAY_PROVIDER_ID, type StoreFixture } from "../helpers/store-fixture"
import { syncJetpayTransactionWorkflow } from "../../src/workflows/sync/sync-jetpay-transaction"
import { runReconciliation } from "../../src/workflows/reconcile/reconcile"

jest.setTimeout(240_000)

// Orders before payment, for this file's app: a cart completed before its debit is paid makes the
// order; one still unpaid after REMIND_MS gets one reminder, and after EXPIRE_MS is canceled.
const REMIND_MS = 5_000
const EXPIRE_MS = 10_000
process.env.JETPAY_ORDER_BEFORE_PAYMENT = JSON.stringify({ enabled: true, expireAfterMs: EXPIRE_MS, reminderAfterMs: REMIND_MS })

const sandbox = useJetpaySandbox()
const nbsp = (text: string) => text.replace(/ /g, "\u00a0")

type Answer = { status: number; data: any }

jetpayTestApp({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let admin: AdminAuth

    const { control, pay, advance, jetpayModule, settled, registerWebhook, reconciliationRun, allApplied, holdReconciliation } = jetpaySteps(sandbox, getContainer)

    const answer = (request: Promise<Answer>): Promise<Answer> =>
      request.catch((error: { response?: Answer }) => {
        if (error.response) return error.response
        throw error
      })
    const adminGet = (path: string) => answer(api.get(path, admin))
    const adminPost = (path: string, body: unknown = {}) => answer(api.post(path, body, admin))
    const requestsPath = (orderId: string) => `/admin/jetpay/orders/${orderId}/payment-requests`

    /** The order's summary and payments, as Medusa's admin API shows them. */
    async function orderSummary(orderId: string) {
      const { data } = await api.get(`/admin/orders/${orderId}?fields=+summary,*payment_collections,*payment_collections.payments`, admin)
      return data.order as {
        summary: { pending_difference: number; paid_total: number }
        total: number
        payment_collections: Array<{ id: string; status: string; amount: number; payments: Array<{ id: string; amount: number; captured_at: string | null }> }>
      }
    }

    /** The notifications sent for an order's payment requests, oldest first. */
    async function notificationsOf(orderId: string) {
      const notifications = await getContainer()
        .resolve<INotificationModuleService>(Modules.NOTIFICATION)
        .listNotifications({ resource_id: orderId, template: "jetpay-payment-request" }, { order: { created_at: "ASC" }, take: null })
      return notifications
    }

    /** The reminders among them (`orderBeforePayment`). */
    const remindersOf = async (orderId: string) => (await notificationsOf(orderId)).filter((notification) => notification.data?.reminder === true)

    /** When the order made before this debit was paid gets its reminder, as its payment request recorded it. */
    async function reminderTime(transactionId: string) {
      const [debit] = await jetpayModule().listJetpayTransactions({ jetpay_id: transactionId })
      const remindAt = Date.parse((debit.request as { remind_at: string }).remind_at)
      await eventually(async () => Date.now() >= remindAt, REMIND_MS + 10_000, "the order's reminder time")
    }

    /** The Medusa payment sessions and payments of one of the order's collections, as Medusa's admin API shows them. */
    async function collectionOf(orderId: string, collectionId: string) {
      const { data } = await api.get(
        `/admin/orders/${orderId}?fields=*payment_collections,*payment_collections.payment_sessions,*payment_collections.payments`,
        admin
      )
      const collection = data.order.payment_collections.find((candidate: { id: string }) => candidate.id === collectionId)
      return collection as { status: string; payment_sessions: Array<{ id: string; status: string }>; payments: Array<{ id: string; captured_at: string | null }> }
    }

    /** The request's session once the payer signed its EFT: awaiting settlement on its order, no Medusa payment yet. */
    async function awaitingSettlement(orderId: string, collectionId: string) {
      const collection = await eventually(async () => {
        const current = await collectionOf(orderId, collectionId)
        return current.payment_sessions.some((session) => session.status === "pending_authorization") && current
      }, 30_000, "the request's payment awaiting settlement")
      expect(collection.payment_sessions.map((session) => session.status)).toEqual(["pending_authorization"])
      expect(collection.payments).toEqual([])
      return collection
    }

    /** A guest checkout paid with Jetpay and settled: the order is fully paid. */
    async function settledOrder() {
      const checkout = await startJetpayCheckout(api, store)
      await pay(checkout.transactionId, "eft")
      await advance(checkout.transactionId, "completed")
      const order = await capturedOrder(getContainer(), checkout.cartId)
      await settled(checkout.transactionId, 3)
      return { checkout, order }
    }

    /** Medusa's order edit, as the admin's "Edit order" does it: one more item, confirmed. */
    async function editOrderAddingItem(orderId: string, quantity = 1) {
      const created = await adminPost("/admin/order-edits", { order_id: orderId, description: "One more bottle" })
      expect(created.status).toBe(200)
      const added = await adminPost(`/admin/order-edits/${orderId}/items`, { items: [{ variant_id: store.variantId, quantity }] })
      expect(added.status).toBe(200)
      expect((await adminPost(`/admin/order-edits/${orderId}/request`)).status).toBe(200)
      const confirmed = await adminPost(`/admin/order-edits/${orderId}/confirm`)
      expect(confirmed.status).toBe(200)
    }

    beforeAll(async () => {
      store = await createJetpayStore(getContainer())
      await registerWebhook(api.defaults.baseURL)
      admin = await createAdmin(api, getContainer())
    })

    afterEach(async () => {
      await control("DELETE", "/_sandbox/faults")
      await control("DELETE", "/_sandbox/webhooks/faults")
    })

    it("answers 401 on every payment-request route without an admin", async () => {
      const storefront = { headers: { "x-publishable-api-key": store.publishableKey } }
      const calls: Array<[string, string]> = [
        ["GET", requestsPath("order_123")],
        ["POST", requestsPath("order_123")],
        ["POST", `${requestsPath("order_123")}/jptx_1/resend`],
        ["POST", `${requestsPath("order_123")}/jptx_1/cancel`],
      ]
      for (const [method, path] of calls) {
        for (const config of [{}, storefront, { headers: { authorization: "Bearer not-a-token" } }]) {
          const response = await answer(method === "GET" ? api.get(path, config) : api.post(path, {}, config))
          expect({ method, path, status: response.status }).toEqual({ method, path, status: 401 })
        }
      }
    })

    it("an order edit raises the total; the difference is requested, emailed in French with the link, paid, and captured once: nothing is outstanding after", async () => {
      const { order } = await settledOrder()
      // Paid in full: nothing to request.
      const before = await adminGet(requestsPath(order.id))
      expect(before.status).toBe(200)
      expect(before.data).toMatchObject({ outstanding_amount: 0, can_request: false, refusal: { code: "nothing_outstanding" }, payment_requests: [] })
      const refused = await adminPost(requestsPath(order.id))
      expect(refused.status).toBe(400)
      expect(refused.data.message).toBe("Nothing is outstanding on this order: there is no amount to request.")

      await editOrderAddingItem(order.id)
      const edited = await orderSummary(order.id)
      expect(Number(edited.summary.pending_difference)).toBeCloseTo(49.99, 2)

      const listed = await adminGet(requestsPath(order.id))
      expect(listed.data).toMatchObject({ outstanding_amount: 4999, outstanding_amount_formatted: "$49.99", can_request: true, refusal: null })

      // The browser cannot set the amount: unknown fields are refused.
      const forged = await adminPost(requestsPath(order.id), { amount: 1 })
      expect(forged.status).toBe(400)
      expect(forged.data.message).toMatch(/^Invalid request: .*amount/)

      const created = await adminPost(requestsPath(order.id))
      expect(created.status).toBe(201)
      const request = created.data.payment_request
      expect(request).toMatchObject({
        id: expect.stringMatching(/^jptx_/),
        order_id: order.id,
        status: "open",
        amount: 4999,
        amount_formatted: "$49.99",
        link: expect.stringMatching(new RegExp(`^${sandbox.current().url}/payment/pay/`)),
        email: "marie.tremblay@example.com",
        name: "Marie Tremblay",
        // A Montréal address: French.
        language: "fr",
        sent_count: 1,
        notification_error: null,
      })
      // Jetpay's debit is for exactly the difference, and Medusa's own collection holds it.
      const debit = await control("GET", `/_sandbox/transactions/${request.jetpay_transaction_id}`)
      expect(debit).toMatchObject({ state: "requested", amount: 4999 })
      const withCollection = await orderSummary(order.id)
      const collection = withCollection.payment_collections.find((candidate) => candidate.id === request.payment_collection_id)
      expect(collection).toMatchObject({ status: "not_paid" })
      expect(Number(collection!.amount)).toBeCloseTo(49.99, 2)

      // The email, through the Notification Module: template, link, amount, language.
      const [notification] = await notificationsOf(order.id)
      expect(notification).toMatchObject({
        to: "marie.tremblay@example.com",
        channel: "email",
        template: "jetpay-payment-request",
        trigger_type: "jetpay.payment_request",
        resource_type: "order",
        status: "success",
      })
      expect(notification.data).toMatchObject({
        language: "fr",
        locale: "fr-CA",
        link: request.link,
        amount: "49.99",
        amount_formatted: nbsp("49,99 $"),
        currency_code: "cad",
        order_id: order.id,
        payment_request_id: request.id,
        subject: expect.stringContaining(nbsp("49,99 $")),
      })
      expect(String(notification.data!.subject)).toMatch(/^Demande de paiement pour la commande/)
      expect(String(notification.data!.text)).toContain(request.link)

      // A second request for the same amount while this one is open: refused.
      const twice = await adminPost(requestsPath(order.id))
      expect(twice.status).toBe(400)
      expect(twice.data.message).toBe(
        "A payment request for $49.99 is already open for this order. Resend it, or cancel it before requesting again."
      )

      // The customer signs the EFT on the link: the request's payment awaits settlement (eftAuthorizedOn "completed"),
      // as a checkout's does; nothing is authorized and the amount is still outstanding.
      await pay(request.jetpay_transaction_id, "eft")
      await awaitingSettlement(order.id, request.payment_collection_id)
      expect(Number((await orderSummary(order.id)).summary.pending_difference)).toBeCloseTo(49.99, 2)
      const awaitingView = (await adminGet(requestsPath(order.id))).data
      expect(awaitingView.payment_requests[0]).toMatchObject({ id: request.id, status: "authorized", state: "initiated" })
      // Medusa's difference still counts the money on its way: asking for it again would make the customer pay twice.
      expect(awaitingView).toMatchObject({ can_request: false, refusal: { code: "awaiting_settlement" } })
      const whileAwaiting = await adminPost(requestsPath(order.id))
      expect(whileAwaiting.status).toBe(400)
      expect(whileAwaiting.data.message).toBe(
        "A payment of $49.99 awaits on this order (an EFT Jetpay is still pulling, or a Jetpay link not paid yet). Request more once it has settled or been canceled."
      )
      expect((await adminGet(requestsPath(order.id))).data.payment_requests.map((listed: { id: string }) => listed.id)).toEqual([request.id])
      // Jetpay settles; the webhook path authorizes and captures it on the order.
      await advance(request.jetpay_transaction_id, "completed")
      await settled(request.jetpay_transaction_id, 3)
      const paid = await eventually(async () => {
        const current = await orderSummary(order.id)
        return Number(current.summary.pending_difference) === 0 && current
      }, 30_000, "the order to be paid in full").catch(async (error) => {
        const [record] = await jetpayModule().listJetpayTransactions({ jetpay_id: request.jetpay_transaction_id })
        throw new Error(`${error.message}; record ${JSON.stringify(record)}; order ${JSON.stringify(await orderSummary(order.id))}`)
      })
      const requestPayments = paid.payment_collections
        .filter((candidate) => candidate.id === request.payment_collection_id)
        .flatMap((candidate) => candidate.payments)
      expect(requestPayments).toHaveLength(1)
      expect(requestPayments[0].captured_at).not.toBeNull()
      expect((await collectionOf(order.id, request.payment_collection_id)).payment_sessions.map((session) => session.status)).toEqual(["authorized"])
      const captures = await getContainer()
        .resolve(Modules.PAYMENT)
        .listCaptures({ payment_id: requestPayments[0].id })
      expect(captures).toHaveLength(1)

      const after = await adminGet(requestsPath(order.id))
      expect(after.data).toMatchObject({ outstanding_amount: 0, can_request: false, refusal: { code: "nothing_outstanding" } })
      expect(after.data.payment_requests).toEqual([expect.objectContaining({ id: request.id, status: "paid", link: null, payment_id: requestPayments[0].id })])
      // A paid request is neither resent nor canceled.
      expect((await adminPost(`${requestsPath(order.id)}/${request.id}/resend`)).status).toBe(400)
      const cancelPaid = await adminPost(`${requestsPath(order.id)}/${request.id}/cancel`)
      expect(cancelPaid.status).toBe(400)
      expect(cancelPaid.data.message).toMatch(/can no longer be canceled: its payment is paid/)
      // The plugin's record: a payment request of this order's collection, settled.
      const [record] = await jetpayModule().listJetpayTransactions({ jetpay_id: request.jetpay_transaction_id })
      expect(record).toMatchObject({
        purpose: "payment_request",
        payment_collection_id: request.payment_collection_id,
        request: expect.objectContaining({ order_id: order.id }),
        settled_at: expect.any(Date),
      })
      // The order counts the capture once.
      const transactions = await getContainer().resolve(Modules.ORDER).listOrderTransactions({ order_id: order.id, reference: "capture" })
      expect(transactions.filter((transaction: any) => transaction.reference_id === captures[0].id)).toHaveLength(1)
    })

    it("a stranger holding the order id cannot cancel the emailed request by opening a session on its collection; the store's own order payment still works once it is canceled", async () => {
      const { order } = await settledOrder()
      await editOrderAddingItem(order.id)
      const created = await adminPost(requestsPath(order.id))
      expect(created.status).toBe(201)
      const request = created.data.payment_request
      const storeHeaders = { headers: { "x-publishable-api-key": store.publishableKey } }

      // All a stranger needs: the order id (from a confirmation URL) and the publishable key.
      const { data: seen } = await api.get(`/store/orders/${order.id}?fields=id,*payment_collections`, storeHeaders)
      const collectionId = request.payment_collection_id
      expect(seen.order.payment_collections.map((collection: { id: string }) => collection.id)).toContain(collectionId)
      for (const provider_id of [JETPAY_PROVIDER_ID, "pp_system_default"]) {
        const attempt = await answer(api.post(`/store/payment-collections/${collectionId}/payment-sessions`, { provider_id }, storeHeaders))
        expect([provider_id, attempt.status]).toEqual([provider_id, 400])
        expect(attempt.data.message).toMatch(/requested by email with a Jetpay payment link: pay it with that link/)
      }
      // Nothing changed: the emailed link is still payable and the admin shows the request open.
      expect(await control("GET", `/_sandbox/transactions/${request.jetpay_transaction_id}`)).toMatchObject({ state: "requested" })
      const listed = await adminGet(requestsPath(order.id))
      expect(listed.data.payment_requests).toEqual([expect.objectContaining({ id: request.id, status: "open" })])

      // Once the admin cancels it, the collection is the store's again (Medusa's own order-payment flow).
      expect((await adminPost(`${requestsPath(order.id)}/${request.id}/cancel`)).status).toBe(200)
      const session = await answer(api.post(`/store/payment-collections/${collectionId}/payment-sessions`, { provider_id: "pp_system_default" }, storeHeaders))
      expect(session.status).toBe(200)
    })

    it("resends in another language, cancels (the link stops working), and a new request can then be made", async () => {
      const { order } = await settledOrder()
      await editOrderAddingItem(order.id, 2)
      const created = await adminPost(requestsPath(order.id), { language: "en" })
      expect(created.status).toBe(201)
      const request = created.data.payment_request
      expect(request).toMatchObject({ amount: 9998, language: "en", language_source: "requested" })

      const resent = await adminPost(`${requestsPath(order.id)}/${request.id}/resend`, { language: "fr" })
      expect(resent.status).toBe(200)
      expect(resent.data.payment_request).toMatchObject({ id: request.id, status: "open", sent_count: 2, language: "fr", link: request.link })
      const sent = await notificationsOf(order.id)
      expect(sent.map((notification) => notification.data!.language)).toEqual(["en", "fr"])
      expect(sent.map((notification) => notification.data!.link)).toEqual([request.link, request.link])
      expect(sent[0].data!.subject).toBe("Payment request for order #" + sent[0].data!.order_display_id + ": $99.98")

      const badLanguage = await adminPost(`${requestsPath(order.id)}/${request.id}/resend`, { language: "de" })
      expect(badLanguage.status).toBe(400)
      expect(badLanguage.data.message).toMatch(/^Invalid request: .*'language'/)

      const canceled = await adminPost(`${requestsPath(order.id)}/${request.id}/cancel`)
      expect(canceled.status).toBe(200)
      expect(canceled.data.payment_request).toMatchObject({ id: request.id, status: "canceled", link: null, cancel_reason: "canceled" })
      expect((await control("GET", `/_sandbox/transactions/${request.jetpay_transaction_id}`)).state).toBe("cancelled")
      // The link stops working: the sandbox's page refuses to take money on it.
      const payAfterCancel = await fetch(`${sandbox.current().url}/_sandbox/transactions/${request.jetpay_transaction_id}/pay`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ method: "eft" }),
      })
      expect(payAfterCancel.ok).toBe(false)
      // Canceling twice changes nothing; resending a canceled request is refused.
      expect((await adminPost(`${requestsPath(order.id)}/${request.id}/cancel`)).data.payment_request.status).toBe("canceled")
      const resendCanceled = await adminPost(`${requestsPath(order.id)}/${request.id}/resend`)
      expect(resendCanceled.status).toBe(400)
      expect(resendCanceled.data.message).toMatch(/is canceled: only an open request can be sent again/)

      // The amount is still outstanding: a new request can be made, for the same amount.
      const again = await adminPost(requestsPath(order.id))
      expect(again.status).toBe(201)
      expect(again.data.payment_request).toMatchObject({ amount: 9998, status: "open", language: "fr" })
      expect(again.data.payment_request.id).not.toBe(request.id)

      // Unknown ids: 404.
      expect((await adminPost(`${requestsPath(order.id)}/jptx_unknown/cancel`)).status).toBe(404)
      expect((await adminGet(requestsPath("order_unknown"))).status).toBe(404)
      expect((await adminPost(requestsPath("order_unknown"))).status).toBe(404)
    })

    it("a second edit supersedes the open request: its link is cancelled and the new one asks for the new difference", async () => {
      const { order } = await settledOrder()
      await editOrderAddingItem(order.id, 1)
      const first = (await adminPost(requestsPath(order.id))).data.payment_request
      expect(first.amount).toBe(4999)
      await editOrderAddingItem(order.id, 1)
      const second = await adminPost(requestsPath(order.id))
      expect(second.status).toBe(201)
      expect(second.data.payment_request.amount).toBe(9998)
      const listed = await adminGet(requestsPath(order.id))
      expect(listed.data.payment_requests.map((request: any) => [request.amount, request.status, request.cancel_reason])).toEqual([
        [4999, "canceled", "superseded"],
        [9998, "open", null],
      ])
      expect((await control("GET", `/_sandbox/transactions/${first.jetpay_transaction_id}`)).state).toBe("cancelled")
    })

    it("a failed payment: the awaiting payment is canceled, the failure and its reason show on the request, and the amount stays outstanding", async () => {
      const { order } = await settledOrder()
      await editOrderAddingItem(order.id)
      const made = await adminPost(requestsPath(order.id))
      expect(made.data).toMatchObject({ payment_request: expect.anything() })
      const request = made.data.payment_request
      await pay(request.jetpay_transaction_id, "eft")
      await awaitingSettlement(order.id, request.payment_collection_id)
      await advance(request.jetpay_transaction_id, "failed", "nsf")
      await settled(request.jetpay_transaction_id, 3)
      // The awaiting payment is canceled: Medusa's session says so, and nothing was ever authorized or captured.
      const ended = await eventually(async () => {
        const current = await collectionOf(order.id, request.payment_collection_id)
        return current.payment_sessions.every((session) => session.status === "error") && current
      }, 30_000, "the awaiting payment canceled")
      expect(ended.payments).toEqual([])
      const listed = await eventually(async () => {
        const current = await adminGet(requestsPath(order.id))
        return current.data.payment_requests[0]?.status === "failed" && current
      }, 30_000, "the failure")
      expect(listed.data.payment_requests[0]).toMatchObject({ status: "failed", fail_reason: "nsf", link: null })
      const summary = await orderSummary(order.id)
      expect(Number(summary.summary.pending_difference)).toBeCloseTo(49.99, 2)
      // The order's Jetpay view shows the failure as at checkout.
      const view = await adminGet(`/admin/jetpay/orders/${order.id}`)
      expect(view.data.transactions.find((transaction: any) => transaction.id === request.jetpay_transaction_id)).toMatchObject({
        state: "failed",
        fail_reason: "nsf",
      })
    })

    it("orders before payment: a cart completed unpaid is an order awaiting its payment, its link emailed once; paying by the link captures it on that order", async () => {
      const checkout = await startJetpayCheckout(api, store)
      const completed = await completeCart(api, store, checkout.cartId)
      expect(completed.status).toBe(200)
      expect(completed.data.type).toBe("order")
      const orderId = completed.data.order.id as string

      // The admin sees the order with its payment awaiting.
      const { data: placed } = await api.get(`/admin/orders/${orderId}?fields=+payment_status,*payment_collections.payment_sessions`, admin)
      expect(placed.order.payment_status).toBe("awaiting")
      expect(placed.order.payment_collections.flatMap((collection: any) => collection.payment_sessions.map((session: any) => session.status))).toEqual([
        "pending_authorization",
      ])

      // The debit's link, emailed to the order's email with the payment request's template.
      const [debit] = await jetpayModule().listJetpayTransactions({ jetpay_id: checkout.transactionId })
      expect(debit.link).toEqual(expect.stringMatching(new RegExp(`^${sandbox.current().url}/payment/pay/`)))
      const emails = await eventually(async () => {
        const sent = await notificationsOf(orderId)
        return sent.length > 0 && sent
      }, 30_000, "the payment link's email")
      expect(emails).toHaveLength(1)
      expect(emails[0]).toMatchObject({ to: "marie.tremblay@example.com", template: "jetpay-payment-request" })
      expect(emails[0].data).toMatchObject({ link: debit.link, order_id: orderId })
      // The admin's order page lists it as the order's open payment request.
      const requests = await adminGet(requestsPath(orderId))
      expect(requests.data.payment_requests).toEqual([expect.objectContaining({ id: debit.id, status: "open", link: debit.link })])
      // The storefront's public order view carries no link that moves money.
      const { data: storeView } = await api.get(`/store/orders/${orderId}`, { headers: { "x-publishable-api-key": store.publishableKey } })
      expect(JSON.stringify(storeView)).not.toContain(debit.link)

      // The customer pays by the link later; Jetpay settles; the sync captures it on the same order.
      await pay(checkout.transactionId, "eft")
      await advance(checkout.transactionId, "completed")
      const paid = await eventually(async () => {
        const current = await orderSummary(orderId)
        return Number(current.summary.pending_difference) === 0 && current.payment_collections.some((c) => c.payments.some((p) => p.captured_at)) && current
      }, 30_000, "the order to be paid by its link")
      expect(paid.payment_collections.flatMap((collection) => collection.payments)).toHaveLength(1)
      const { data: after } = await api.get(`/admin/orders/${orderId}?fields=+payment_status`, admin)
      expect(after.order.payment_status).toBe("captured")
      expect((await ordersOfCart(getContainer(), checkout.cartId)).map((order) => order.id)).toEqual([orderId])
      expect(await notificationsOf(orderId)).toHaveLength(1)

      // Paid before its reminder time: once that time has come, neither a sync of the debit (the
      // admin's refresh) nor a reconciliation run reminds the customer of a paid order.
      await reminderTime(checkout.transactionId)
      expect((await adminPost(`/admin/jetpay/transactions/${checkout.transactionId}/refresh`)).status).toBe(200)
      await reconciliationRun()
      expect(await notificationsOf(orderId)).toHaveLength(1)
      expect((await adminGet(requestsPath(orderId))).data.payment_requests).toEqual([
        expect.objectContaining({ id: debit.id, status: "paid", reminded_at: null }),
      ])
    })

    /** A product whose stock Medusa manages (one item, 10 in stock at one location), sold on the store's channel. */
    async function stockedVariant() {
      const container = getContainer()
      const { data: channels } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "sales_channel", fields: ["id"], filters: { name: "Web" } })
      const { result: [location] } = await createStockLocationsWorkflow(container).run({ input: { locations: [{ name: "Warehouse" }] } })
      await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: location.id, add: [channels[0].id] } })
      const { result: [item] } = await createInventoryItemsWorkflow(container).run({
        input: { items: [{ sku: "SYRUP-4L", requires_shipping: false, location_levels: [{ location_id: location.id, stocked_quantity: 10 }] }] },
      })
      const { result: [product] } = await createProductsWorkflow(container).run({
        input: {
          products: [
            {
              title: "Maple syrup, 4 L",
              status: "published",
              options: [{ title: "Size", values: ["4 L"] }],
              variants: [
                {
                  title: "4 L",
                  options: { Size: "4 L" },
                  manage_inventory: true,
                  inventory_items: [{ inventory_item_id: item.id, required_quantity: 1 }],
                  prices: [{ amount: store.unitPrice, currency_code: "cad" }],
                },
              ],
              sales_channels: [{ id: channels[0].id }],
            },
          ],
        },
      })
      return { variantId: product.variants[0].id, inventoryItemId: item.id }
    }

    it("orders before payment: an unpaid order is reminded once, then at its expiry canceled with its debit, its payment and its request closed and its stock released", async () => {
      const stocked = await stockedVariant()
      const checkout = await startJetpayCheckout(api, { ...store, variantId: stocked.variantId })
      const completed = await completeCart(api, store, checkout.cartId)
      expect(completed.data.type).toBe("order")
      const orderId = completed.data.order.id as string
      const inventory = getContainer().resolve(Modules.INVENTORY)
      expect(await inventory.listReservationItems({ inventory_item_id: stocked.inventoryItemId })).toEqual([expect.objectContaining({ quantity: 2 })])
      await eventually(async () => (await notificationsOf(orderId)).length > 0, 30_000, "the payment link's email")
      const [debit] = await jetpayModule().listJetpayTransactions({ jetpay_id: checkout.transactionId })

      // At its reminder time, two reconciliation runs and two syncs of the debit run at once, as in
      // processes without a shared lock (the job's own runs wait meanwhile): one reminder.
      const sync = () => syncJetpayTransactionWorkflow(getContainer()).run({ input: { jetpay_transaction_id: checkout.transactionId } })
      const releaseReconciliation = await holdReconciliation("this test's runs")
      try {
        await reminderTime(checkout.transactionId)
        await Promise.all([sync(), sync(), runReconciliation(getContainer(), new Date()), runReconciliation(getContainer(), new Date())])
      } finally {
        await releaseReconciliation()
      }
      const [reminder] = await eventually(async () => {
        const sent = await remindersOf(orderId)
        return sent.length > 0 && sent
      }, 30_000, "the reminder")
      expect(reminder).toMatchObject({ to: "marie.tremblay@example.com", template: "jetpay-payment-request" })
      // In the request's language (French for this Quebec customer), marked as a reminder, with the same link.
      expect(reminder.data).toMatchObject({
        reminder: true,
        language: "fr",
        link: debit.link,
        order_id: orderId,
        subject: expect.stringMatching(/^Rappel\u00a0: demande de paiement pour la commande no\u00a0/),
        expires_at: expect.any(String),
      })
      // One of them sent it, and the request records that one sending, with the notification's id.
      const [sending] = await jetpayModule().listJetpayTransactions({ jetpay_id: checkout.transactionId })
      const recorded = (sending.request as { notifications: Array<{ reminder?: boolean; notification_id: string | null }> }).notifications
      expect(recorded.filter((entry) => entry.reminder)).toEqual([expect.objectContaining({ notification_id: reminder.id, error: null })])
      // A second run (and the job's, every second) sends no second reminder.
      await sync()
      await reconciliationRun()
      expect(await remindersOf(orderId)).toHaveLength(1)
      expect(await notificationsOf(orderId)).toHaveLength(2)
      // The admin sees the request still open, reminded.
      expect((await adminGet(requestsPath(orderId))).data.payment_requests).toEqual([
        expect.objectContaining({ id: debit.id, status: "open", link: debit.link, reminded_at: expect.any(String), sent_count: 2, notification_error: null }),
      ])

      // Nobody pays: past its expiry, the reconciliation job cancels the debit, then the order. Jetpay's
      // webhooks are held meanwhile (a cancel Jetpay tells late, or never): the expiry's own sync
      // must leave nothing open.
      await control("POST", "/_sandbox/webhooks/faults", { hold: true })
      const canceled = await eventually(async () => {
        const { data } = await api.get(`/admin/orders/${orderId}`, admin)
        return data.order.status === "canceled" && data.order
      }, EXPIRE_MS + 40_000, "the unpaid order's expiry")
      expect(canceled.id).toBe(orderId)
      expect((await control("GET", `/_sandbox/transactions/${checkout.transactionId}`)).state).toBe("cancelled")
      expect(await inventory.listReservationItems({ inventory_item_id: stocked.inventoryItemId })).toEqual([])
      // What the admin sees once the expiry ran: the payment canceled, not awaiting; the request
      // closed as expired, without its link; the debit cancelled in the order's Jetpay section.
      // The order is canceled by the expiry's sync before its later steps cancel the awaiting session: wait for that sync's end.
      const after = await eventually(async () => {
        const { data } = await api.get(`/admin/orders/${orderId}?fields=+payment_status,*payment_collections.payment_sessions`, admin)
        const statuses = data.order.payment_collections.flatMap((collection: any) => collection.payment_sessions.map((session: any) => session.status))
        return !statuses.includes("pending_authorization") && data
      }, 20_000, "the expiry's sync to end the awaiting session")
      expect(after.order.payment_status).toBe("canceled")
      expect(after.order.payment_collections.flatMap((collection: any) => collection.payment_sessions.map((session: any) => session.status))).toEqual([
        "canceled",
      ])
      const requests = await adminGet(requestsPath(orderId))
      expect(requests.data.payment_requests).toEqual([
        expect.objectContaining({ id: debit.id, status: "canceled", cancel_reason: "expired", link: null, canceled_at: expect.any(String) }),
      ])
      expect(requests.data.can_request).toBe(false)
      const view = await adminGet(`/admin/jetpay/orders/${orderId}`)
      expect(view.status).toBe(200)
      expect(view.data.transactions.find((transaction: any) => transaction.id === checkout.transactionId)).toMatchObject({ state: "cancelled" })
      expect(JSON.stringify(view.data)).not.toContain(debit.link)
      // No failure is told for an expiry, and nothing needs attention.
      const [record] = await jetpayModule().listJetpayTransactions({ jetpay_id: checkout.transactionId })
      expect(record).toMatchObject({ state: "cancelled", next_check_at: null })
      expect(await remindersOf(orderId)).toHaveLength(1)

      // Jetpay's late webhook about the cancel changes nothing the admin sees.
      await control("DELETE", "/_sandbox/webhooks/faults")
      await allApplied(checkout.transactionId)
      await reconciliationRun()
      expect((await adminGet(requestsPath(orderId))).data.payment_requests).toEqual([
        expect.objectContaining({ id: debit.id, status: "canceled", cancel_reason: "expired", link: null }),
      ])
    })

    it("an email that cannot be sent leaves the request open with its link and the error; a resend sends it", async () => {
      const { order } = await settledOrder()
      await editOrderAddingItem(order.id)
      const notifications = getContainer().resolve<INotificationModuleService>(Modules.NOTIFICATION)
      const original = notifications.createNotifications.bind(notifications)
      const spy = jest
        .spyOn(notifications, "createNotifications")
        .mockRejectedValueOnce(new Error("Could not find a notification provider for channel: email"))
      try {
        const created = await adminPost(requestsPath(order.id))
        expect(created.status).toBe(201)
        expect(created.data.payment_request).toMatchObject({
          status: "open",
          sent_count: 0,
          notification_error: "Could not find a notification provider for channel: email",
          link: expect.any(String),
        })
        spy.mockImplementation(original as never)
        const resent = await adminPost(`${requestsPath(order.id)}/${created.data.payment_request.id}/resend`)
        expect(resent.data.payment_request).toMatchObject({ sent_count: 1, notification_error: null })
      } finally {
        spy.mockRestore()
      }
    })
  },
})
