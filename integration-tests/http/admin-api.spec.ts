import { jetpayTestApp } from "../helpers/test-app"
import type {
  ICustomerModuleService,
  IEventBusModuleService,
  ILockingModule,
  INotificationModuleService,
  IOrderModuleService,
  IPaymentModuleService,
} from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { jetpayServices } from "../../src/providers/jetpay/jetpay-services"
import { refundEmailLockKey } from "../../src/workflows/refund-emails/send-refund-email"
import { createAdmin, type AdminAuth } from "../helpers/admin-auth"
import { eventually, ordersOfCart, placedOrder, startJetpayCheckout, capturedOrder as capturedOrderOf } from "../helpers/checkout-steps"
import { jetpaySteps } from "../helpers/jetpay-steps"
import { useJetpaySandbox } from "../helpers/sandbox-fixture"
import { createJetpayStore, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(180_000)

// This file's app returns the card fee with the refund that completes a full refund (docs/options.md).
process.env.JETPAY_REFUND_SURCHARGE = "on_full_refund"
// Processed webhook events are kept 10 minutes here (production: 90 days): the retention test
// ages its own events past that; every other test reads its events within seconds.
process.env.JETPAY_TIMINGS = JSON.stringify({ processedEventRetentionMs: 600_000 })

const sandbox = useJetpaySandbox()

type Answer = { status: number; data: any; headers?: any }

jetpayTestApp({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let admin: AdminAuth

    const { control, pay, advance, jetpayModule, settled, allApplied, failStatusReads, registerWebhook, reconciliationRun } = jetpaySteps(
      sandbox,
      getContainer
    )
    const recordOf = async (transactionId: string) =>
      (await jetpayModule().listJetpayTransactions({ jetpay_id: transactionId }))[0]

    /** An HTTP answer whatever its status, so tests can look at 4xx bodies. */
    const answer = (request: Promise<Answer>): Promise<Answer> =>
      request.catch((error: { response?: Answer }) => {
        if (error.response) return error.response
        throw error
      })
    const adminGet = (path: string) => answer(api.get(path, admin))
    const adminPost = (path: string, body: unknown = {}) => answer(api.post(path, body, admin))

    /** The cart's order once the webhook's sync made it (an EFT the payer signed: its payment awaiting settlement). */
    const orderOfCart = (cartId: string, what = "the order") => placedOrder(getContainer(), cartId, 30_000, what)

    /** A paid and settled order, captured by the webhook, as a merchant finds it. */
    async function capturedOrder() {
      const checkout = await startJetpayCheckout(api, store)
      await pay(checkout.transactionId, "eft")
      await advance(checkout.transactionId, "completed")
      const order = await capturedOrderOf(getContainer(), checkout.cartId)
      await settled(checkout.transactionId, 3)
      return { checkout, order }
    }

    /** The refund emails sent for an order, oldest first, from the Notification Module's log. */
    async function refundEmailsOf(orderId: string) {
      return getContainer()
        .resolve<INotificationModuleService>(Modules.NOTIFICATION)
        .listNotifications({ resource_id: orderId, template: "jetpay-refund" }, { order: { created_at: "ASC" }, take: null })
    }

    /** The order's refund credits as the widget's admin API shows them. */
    async function creditsOf(orderId: string) {
      const view = await adminGet(`/admin/jetpay/orders/${orderId}`)
      expect(view.status).toBe(200)
      return view.data.transactions.filter((transaction: any) => transaction.kind === "credit")
    }

    beforeAll(async () => {
      store = await createJetpayStore(getContainer())
      await registerWebhook(api.defaults.baseURL)
      admin = await createAdmin(api, getContainer())
    })

    afterEach(async () => {
      await control("DELETE", "/_sandbox/webhooks/faults")
      await control("DELETE", "/_sandbox/faults")
    })

    it("answers 401 on every Jetpay admin route without an admin session or token", async () => {
      const checkout = await startJetpayCheckout(api, store)
      const storefront = { headers: { "x-publishable-api-key": store.publishableKey } }
      const calls: Array<[string, string]> = [
        ["GET", "/admin/jetpay/orders/order_123"],
        ["POST", `/admin/jetpay/transactions/${checkout.transactionId}/refresh`],
        ["POST", `/admin/jetpay/transactions/${checkout.transactionId}/cancel`],
        ["POST", `/admin/jetpay/transactions/${checkout.transactionId}/resend-refund-email`],
        ["GET", "/admin/jetpay/health"],
        ["POST", "/admin/jetpay/webhook"],
      ]
      for (const [method, path] of calls) {
        for (const config of [{}, storefront, { headers: { authorization: "Bearer not-a-token" } }]) {
          const response = await answer(method === "GET" ? api.get(path, config) : api.post(path, {}, config))
          expect({ method, path, status: response.status }).toEqual({ method, path, status: 401 })
        }
      }
      // Refused before anything happened: the debit is untouched.
      const after = await control("GET", `/_sandbox/transactions/${checkout.transactionId}`)
      expect(after.state).toBe("requested")
    })

    it("shows an order's settled debit with its webhook timeline, then a partial refund with its payee link; refuses a refund above what was captured", async () => {
      const { checkout, order } = await capturedOrder()

      const settledView = await adminGet(`/admin/jetpay/orders/${order.id}`)
      expect(settledView.status).toBe(200)
      expect(settledView.data).toMatchObject({
        order_id: order.id,
        currency_code: "cad",
        status: { code: "settled", label: "Settled" },
        refunded_amount: 0,
      })
      expect(settledView.data.transactions).toHaveLength(1)
      const [debit] = settledView.data.transactions
      expect(debit).toMatchObject({
        id: checkout.transactionId,
        kind: "debit",
        state: "completed",
        status: { code: "settled" },
        amount: 9998,
        amount_formatted: "$99.98",
        surcharge: 350,
        surcharge_formatted: "$3.50",
        fail_reason: null,
        reversed: false,
        link: null, // paid: the link cannot take money any more
        payment_id: order.payments[0].id,
        order_id: order.id,
      })
      expect(debit.events.map((event: any) => event.state)).toEqual(["requested", "initiated", "completed"])
      for (const event of debit.events) {
        expect(event).toEqual({
          id: expect.stringMatching(/^\d+$/),
          type: expect.stringMatching(/^transactions\.debits\./),
          state: expect.any(String),
          occurred_at: expect.any(String),
          received_at: expect.any(String),
          processed_at: expect.any(String),
          attempts: 1,
          error: null,
        })
      }
      const ids = debit.events.map((event: any) => Number(event.id))
      expect([...ids].sort((a, b) => a - b)).toEqual(ids)

      // Medusa's own refund, as the order page's Refund button sends it.
      const refund = await adminPost(`/admin/payments/${order.payments[0].id}/refund`, { amount: 20 })
      expect(refund.status).toBe(200)
      const refunded = await adminGet(`/admin/jetpay/orders/${order.id}`)
      expect(refunded.data.status).toEqual({ code: "partially_refunded", label: "Partially refunded" })
      expect(refunded.data).toMatchObject({ refunded_amount: 2000, refunded_amount_formatted: "$20.00" })
      const credits = refunded.data.transactions.filter((transaction: any) => transaction.kind === "credit")
      expect(credits).toHaveLength(1)
      expect(credits[0]).toMatchObject({
        kind: "credit",
        state: "requested",
        status: { code: "awaiting_payee", label: "Waiting for the payee's bank details" },
        amount: 2000,
        amount_formatted: "$20.00",
        debit_id: checkout.transactionId,
        order_id: order.id,
        link: expect.stringMatching(new RegExp(`^${sandbox.current().url}/payment/receive/`)),
      })
      const credit = await control("GET", `/_sandbox/transactions/${credits[0].id}`)
      expect(credit).toMatchObject({ kind: "credit", amount: 2000, contact_id: expect.any(String) })

      // The payee link is the admin's and the customer's email's, never the storefront's: Medusa's
      // public order route, with the order id and the publishable key, shows no Jetpay link.
      const storeHeaders = { headers: { "x-publishable-api-key": store.publishableKey } }
      const publicOrder = await api.get(
        `/store/orders/${order.id}?fields=id,*payment_collections,*payment_collections.payments,*payment_collections.payments.refunds`,
        storeHeaders
      )
      expect(publicOrder.status).toBe(200)
      expect(publicOrder.data.order.payment_collections[0].payments).toHaveLength(1)
      expect(JSON.stringify(publicOrder.data)).not.toContain(sandbox.current().url)
      expect(JSON.stringify(publicOrder.data)).not.toContain(credits[0].link)

      // Above what is left (79.98 of 99.98): refused with a clear message, no credit made.
      const tooMuch = await adminPost(`/admin/payments/${order.payments[0].id}/refund`, { amount: 80 })
      expect(tooMuch.status).toBe(400)
      expect(tooMuch.data.message).toMatch(/not allowed to refund more than the captured amount/)
      const after = await adminGet(`/admin/jetpay/orders/${order.id}`)
      expect(after.data.transactions.filter((transaction: any) => transaction.kind === "credit")).toHaveLength(1)

      // The payee enters their bank details: a refresh of the credit shows it paying out.
      await pay(credits[0].id)
      const payout = await adminPost(`/admin/jetpay/transactions/${credits[0].id}/refresh`)
      expect(payout.status).toBe(200)
      expect(payout.data.transaction).toMatchObject({ id: credits[0].id, state: "processing", status: { code: "paying_out" } })

      // A refund credit is not something the cancel route cancels.
      const cancelCredit = await adminPost(`/admin/jetpay/transactions/${credits[0].id}/cancel`)
      expect(cancelCredit.status).toBe(400)
      expect(cancelCredit.data.message).toMatch(/is a refund credit: only a payment \(debit\) can be cancelled/)
    })

    it("a refund emails the customer its credit link once, in French for a Québec order; the widget shows it unclaimed; Resend sends again; once claimed it reads so and Resend is refused", async () => {
      const { order } = await capturedOrder()
      const paymentId = order.payments[0].id
      expect((await adminPost(`/admin/payments/${paymentId}/refund`, { amount: 20 })).status).toBe(200)

      // The email goes once Medusa recorded the refund: one jetpay-refund email, its sending on the credit.
      const [credit] = await eventually(async () => {
        const credits = await creditsOf(order.id)
        return credits[0]?.refund_email?.sent_count === 1 && credits
      }, 30_000, "the refund email")
      expect(credit.refund_email).toEqual({
        claim: "unclaimed",
        unclaimed_since: credit.created_at,
        sent_count: 1,
        last_sent_at: expect.any(String),
        notification_error: null,
        language: "fr",
        tries: 0,
        next_try_at: null,
        gave_up: false,
        can_resend: true,
      })
      const [email] = await refundEmailsOf(order.id)
      expect(email).toMatchObject({ to: "marie.tremblay@example.com", channel: "email", template: "jetpay-refund", status: "success" })
      const { data: orderBody } = await adminGet(`/admin/orders/${order.id}?fields=display_id`)
      expect(email.data).toMatchObject({
        language: "fr",
        link: credit.link,
        amount: 2000,
        amount_formatted: "20,00\u00a0$",
        order_display_id: String(orderBody.order.display_id),
        jetpay_credit_id: credit.id,
      })
      expect(String(email.data!.subject)).toBe(`Votre remboursement pour la commande no\u00a0${orderBody.order.display_id}\u00a0: 20,00\u00a0$`)
      expect(String(email.data!.text)).toContain(credit.link)

      // The link stays out of what the storefront reads of the order.
      const storeHeaders = { headers: { "x-publishable-api-key": store.publishableKey } }
      const publicOrder = await api.get(`/store/orders/${order.id}?fields=*payment_collections.payments`, storeHeaders)
      expect(JSON.stringify(publicOrder.data)).not.toContain(credit.link)

      // Resend: a second email with the same link; bad input is a 400 and sends nothing.
      const badLanguage = await adminPost(`/admin/jetpay/transactions/${credit.id}/resend-refund-email`, { language: "de" })
      expect(badLanguage.status).toBe(400)
      expect(badLanguage.data.message).toMatch(/^Invalid request: .*language/)
      const ofDebit = await adminPost(`/admin/jetpay/transactions/${credit.debit_id}/resend-refund-email`)
      expect(ofDebit.status).toBe(400)
      expect(ofDebit.data.message).toMatch(/is a payment \(debit\): only a refund's email can be resent/)
      const resent = await adminPost(`/admin/jetpay/transactions/${credit.id}/resend-refund-email`)
      expect(resent.status).toBe(200)
      expect(resent.data.transaction.refund_email).toMatchObject({ claim: "unclaimed", sent_count: 2, notification_error: null })
      expect((await refundEmailsOf(order.id)).map((sent) => sent.data!.link)).toEqual([credit.link, credit.link])

      // Two presses at once: each sends once, one after the other.
      const presses = await Promise.all([1, 2].map(() => adminPost(`/admin/jetpay/transactions/${credit.id}/resend-refund-email`)))
      expect(presses.map((press) => press.status)).toEqual([200, 200])
      expect((await refundEmailsOf(order.id)).length).toBe(4)
      expect((await creditsOf(order.id))[0].refund_email.sent_count).toBe(4)

      // The customer opens the link and enters their bank account: claimed, paying out.
      await pay(credit.id)
      await allApplied(credit.id)
      const [claimed] = await creditsOf(order.id)
      expect(claimed).toMatchObject({ state: "processing", status: { code: "paying_out" } })
      expect(claimed.refund_email).toMatchObject({ claim: "claimed", unclaimed_since: null, sent_count: 4, can_resend: false })
      const refused = await adminPost(`/admin/jetpay/transactions/${credit.id}/resend-refund-email`)
      expect(refused.status).toBe(409)
      expect(refused.data.message).toBe(
        `Refund ${credit.id} was already claimed: the customer entered their bank account and the money is on its way, so no email is sent again.`
      )
      expect((await refundEmailsOf(order.id)).length).toBe(4)
    })

    it("refundSurcharge on_full_refund: the refund completing a card payment's full refund returns its card fee; a failing email provider leaves the refund made and its error shown, and the reconciliation sends the email by itself, once", async () => {
      const checkout = await startJetpayCheckout(api, store)
      await pay(checkout.transactionId, "card")
      await advance(checkout.transactionId, "completed")
      const order = await capturedOrderOf(getContainer(), checkout.cartId)
      await settled(checkout.transactionId, 3)
      const paymentId = order.payments[0].id

      // A partial refund returns no fee: Jetpay's credit is Medusa's refund.
      expect((await adminPost(`/admin/payments/${paymentId}/refund`, { amount: 20 })).status).toBe(200)
      await eventually(async () => (await creditsOf(order.id))[0]?.refund_email?.sent_count === 1, 30_000, "the first refund's email")
      const first = (await creditsOf(order.id))[0]

      // The email provider refuses the next refund's email twice (the Notification Module records each failed).
      const notifications = getContainer().resolve<INotificationModuleService>(Modules.NOTIFICATION) as any
      const providers = notifications.notificationProviderService_
      const send = providers.send.bind(providers)
      let refused = 0
      const spy = jest.spyOn(providers, "send").mockImplementation((async (provider: unknown, notification: any) => {
        if (notification.template === "jetpay-refund" && notification.data?.jetpay_credit_id !== first.id && refused < 2) {
          refused++
          throw new Error("SMTP server refused the message")
        }
        return send(provider, notification)
      }) as never)
      let second: any
      try {
        // The rest (79.98) completes the full refund: its credit adds the $3.50 card fee.
        const rest = await adminPost(`/admin/payments/${paymentId}/refund`, { amount: 79.98 })
        expect(rest.status).toBe(200)
        const credits = await eventually(async () => {
          const listed = await creditsOf(order.id)
          return listed[1]?.refund_email?.notification_error && listed
        }, 30_000, "the failed refund email")
        const atJetpay = await Promise.all(credits.map((credit: any) => control("GET", `/_sandbox/transactions/${credit.id}`)))
        expect(atJetpay.map((credit: any) => credit.amount)).toEqual([2000, 7998 + 350])
        expect(credits.map((credit: any) => [credit.amount, credit.surcharge])).toEqual([[2000, 0], [7998, 350]])
        // Medusa's refunds stay the order's amounts; the refund stands although its email failed.
        const [refunded] = await ordersOfCart(getContainer(), checkout.cartId)
        const payments = getContainer().resolve<IPaymentModuleService>(Modules.PAYMENT)
        const refunds = await payments.listRefunds({ payment_id: paymentId })
        expect(refunds.map((refund) => Number(refund.amount)).sort((a, b) => a - b)).toEqual([20, 79.98])
        expect(refunded.payments).toHaveLength(1)
        const view = await adminGet(`/admin/jetpay/orders/${order.id}`)
        expect(view.data.status.code).toBe("refunded")
        // The order shows the error, and that the email is tried again by itself.
        expect(credits[1].refund_email).toMatchObject({
          claim: "unclaimed",
          sent_count: 0,
          notification_error: expect.stringMatching(/SMTP server refused the message/),
          tries: expect.any(Number),
          next_try_at: expect.any(String),
          gave_up: false,
          can_resend: true,
        })

        // The reconciliation tries it again (the provider refuses once more), then it is sent: once.
        second = await eventually(async () => {
          const listed = await creditsOf(order.id)
          return listed[1]?.refund_email?.sent_count === 1 && listed[1]
        }, 30_000, "the refund email sent by the reconciliation")
        expect(refused).toBe(2)
        expect(second.refund_email).toMatchObject({ sent_count: 1, notification_error: null, tries: 0, next_try_at: null, gave_up: false })
      } finally {
        spy.mockRestore()
      }
      // More runs send nothing more.
      await reconciliationRun()
      await reconciliationRun()
      const ofSecond = async () => (await refundEmailsOf(order.id)).filter((email) => email.data!.jetpay_credit_id === second.id)
      expect((await ofSecond()).map((email) => email.status)).toEqual(["failure", "failure", "success"])
      expect((await creditsOf(order.id))[1].refund_email.sent_count).toBe(1)

      // Resent by the admin: the email says what the customer receives, fee included.
      const resent = await adminPost(`/admin/jetpay/transactions/${second.id}/resend-refund-email`, { language: "en" })
      expect(resent.status).toBe(200)
      expect(resent.data.transaction.refund_email).toMatchObject({ sent_count: 2, notification_error: null, language: "en" })
      const sent = (await ofSecond()).filter((email) => email.status === "success")
      expect(sent).toHaveLength(2)
      expect(sent[1].data).toMatchObject({ amount: 8348, amount_formatted: "$83.48", surcharge_formatted: "$3.50", language: "en" })
      expect(String(sent[1].data!.text)).toContain("This includes the card fee of $3.50 you paid.")
    })

    it("refund emails a process death left: one the Notification Module sent is never sent again, one that never began is sent by the reconciliation; one that keeps failing is given up and shown on the order until Resend sends it", async () => {
      const { order } = await capturedOrder()
      const paymentId = order.payments[0].id
      expect((await adminPost(`/admin/payments/${paymentId}/refund`, { amount: 20 })).status).toBe(200)
      const sentOnce = await eventually(async () => {
        const [credit] = await creditsOf(order.id)
        return credit?.refund_email?.sent_count === 1 && credit
      }, 30_000, "the refund's email")
      const emailsOf = async (creditId: string) =>
        (await refundEmailsOf(order.id)).filter((email) => email.data!.jetpay_credit_id === creditId)
      expect(await emailsOf(sentOnce.id)).toHaveLength(1)

      // Its process died between the Notification Module's send and the record of it: the record
      // says a sending began and never reported, and its try is due.
      const [record] = await jetpayModule().listJetpayTransactions({ jetpay_id: sentOnce.id })
      const email = record.refund_email as { last_key: number; sendings: unknown[] }
      await jetpayModule().updateJetpayTransactions({
        id: record.id,
        refund_email: { ...email, sendings: [], in_flight: email.last_key },
        refund_email_retry_at: new Date(Date.now() - 1000),
      })
      // That process still holds the credit's email lock until its lease ends: the reconciliation's
      // runs go on without waiting for it (one waited 30 s a credit), the email still due.
      const locking = getContainer().resolve<ILockingModule>(Modules.LOCKING)
      const deadOwner = { ownerId: "a process that died while sending it" }
      await locking.acquire(refundEmailLockKey(record.id), { ...deadOwner, expire: 120 })
      try {
        await reconciliationRun(10_000)
        await reconciliationRun(10_000)
        expect((await recordOf(sentOnce.id)).refund_email_retry_at).not.toBeNull()
        expect(await emailsOf(sentOnce.id)).toHaveLength(1)
      } finally {
        await locking.release(refundEmailLockKey(record.id), deadOwner)
      }
      await reconciliationRun()
      // The module had it: recorded as sent, not sent again, nothing left to try.
      expect(await emailsOf(sentOnce.id)).toHaveLength(1)
      expect((await creditsOf(order.id))[0].refund_email).toMatchObject({ sent_count: 1, notification_error: null, next_try_at: null, gave_up: false })

      // A refund whose payment.refunded was lost with its process: its email never began. The
      // reconciliation sends it once Medusa has surely kept the refund.
      const eventBus = getContainer().resolve<IEventBusModuleService>(Modules.EVENT_BUS) as any
      const emit = eventBus.emit.bind(eventBus)
      let dropped = 0
      const lose = jest.spyOn(eventBus, "emit").mockImplementation((async (events: any, options: unknown) => {
        const all: Array<{ name: string }> = Array.isArray(events) ? events : [events]
        const kept = all.filter((event) => event.name !== "payment.refunded")
        dropped += all.length - kept.length
        return kept.length ? emit(kept, options) : undefined
      }) as never)
      let lostCredit: any
      try {
        expect((await adminPost(`/admin/payments/${paymentId}/refund`, { amount: 5 })).status).toBe(200)
        lostCredit = (await creditsOf(order.id)).find((credit: any) => credit.amount === 500)
        expect(lostCredit.refund_email).toMatchObject({ sent_count: 0, notification_error: null, next_try_at: expect.any(String) })
        expect(dropped).toBe(1)
      } finally {
        lose.mockRestore()
      }
      const lostSent = await eventually(async () => {
        const credit = (await creditsOf(order.id)).find((candidate: any) => candidate.id === lostCredit.id)
        return credit?.refund_email?.sent_count === 1 && credit
      }, 30_000, "the lost refund's email sent by the reconciliation")
      expect(lostSent.refund_email).toMatchObject({ notification_error: null, next_try_at: null, gave_up: false })
      await reconciliationRun()
      expect((await emailsOf(lostCredit.id)).map((sent) => [sent.status, sent.data!.link])).toEqual([["success", lostCredit.link]])

      // A refund whose email the provider always refuses.
      const notifications = getContainer().resolve<INotificationModuleService>(Modules.NOTIFICATION) as any
      const providers = notifications.notificationProviderService_
      const send = providers.send.bind(providers)
      const spy = jest.spyOn(providers, "send").mockImplementation((async (provider: unknown, notification: any) => {
        if (notification.template === "jetpay-refund" && ![sentOnce.id, lostCredit.id].includes(notification.data?.jetpay_credit_id)) {
          throw new Error("SMTP server refused the message")
        }
        return send(provider, notification)
      }) as never)
      try {
        expect((await adminPost(`/admin/payments/${paymentId}/refund`, { amount: 10 })).status).toBe(200)
        const failing = await eventually(async () => {
          const credit = (await creditsOf(order.id)).find((candidate: any) => candidate.amount === 1000)
          return credit?.refund_email?.notification_error && credit
        }, 30_000, "the failed refund email")
        // Its last try is due after all the others failed: the next run gives it up, without sending.
        const [second] = await jetpayModule().listJetpayTransactions({ jetpay_id: failing.id })
        await jetpayModule().updateJetpayTransactions({
          id: second.id,
          refund_email: { ...(second.refund_email as object), tries: 8 },
          refund_email_retry_at: new Date(Date.now() - 1000),
        })
        const tried = (await emailsOf(failing.id)).length
        await reconciliationRun()
        const givenUp = (await creditsOf(order.id)).find((credit: any) => credit.id === failing.id)
        expect(givenUp.refund_email).toMatchObject({ sent_count: 0, tries: 8, next_try_at: null, gave_up: true, can_resend: true })
        await reconciliationRun()
        expect(await emailsOf(failing.id)).toHaveLength(tried)
        expect((await recordOf(failing.id)).refund_email_retry_at).toBeNull()
      } finally {
        spy.mockRestore()
      }

      // Resend sends it once the provider works; the order no longer shows it given up.
      const failed = (await creditsOf(order.id)).find((credit: any) => credit.amount === 1000)
      const resent = await adminPost(`/admin/jetpay/transactions/${failed.id}/resend-refund-email`)
      expect(resent.status).toBe(200)
      expect(resent.data.transaction.refund_email).toMatchObject({ sent_count: 1, notification_error: null, gave_up: false })
    })

    it("answers 404 for an unknown order and an empty list for an order paid without Jetpay", async () => {
      const unknown = await adminGet("/admin/jetpay/orders/order_does_not_exist")
      expect(unknown.status).toBe(404)
      expect(unknown.data.message).toMatch(/Order order_does_not_exist was not found/)
      // Odd ids are a 400 naming the id, never a database error.
      for (const path of [
        "/admin/jetpay/orders/order_%00x",
        "/admin/jetpay/orders/order_%00x/payment-requests",
        "/admin/jetpay/orders/order_%01x",
      ]) {
        const odd = await adminGet(path)
        expect([path, odd.status, odd.data.message]).toEqual([path, 400, expect.stringMatching(/order id/)])
      }

      const orders = getContainer().resolve<IOrderModuleService>(Modules.ORDER)
      const order = await orders.createOrders({
        currency_code: "cad",
        email: "walk-in@example.com",
        items: [{ title: "Gift wrapping", quantity: 1, unit_price: 5 }],
      })
      const view = await adminGet(`/admin/jetpay/orders/${order.id}`)
      expect(view.status).toBe(200)
      expect(view.data).toMatchObject({ order_id: order.id, status: null, transactions: [] })
    })

    /** The order as Medusa's admin API shows it, with its payment sessions and payments. */
    const adminOrder = async (orderId: string) => {
      const response = await adminGet(
        `/admin/orders/${orderId}?fields=payment_status,*payment_collections.payment_sessions,*payment_collections.payments,*payment_collections.payments.captures`
      )
      expect(response.status).toBe(200)
      return response.data.order
    }
    const sessionsOf = (order: any) => order.payment_collections.flatMap((collection: any) => collection.payment_sessions)
    const paymentsOf = (order: any) => order.payment_collections.flatMap((collection: any) => collection.payments)
    /** Medusa's admin "Check status" on an order's awaiting payment: the route the dashboard's button calls. */
    const checkStatus = (orderId: string, sessionId: string) =>
      adminPost(`/admin/orders/${orderId}/payment-sessions/authorize`, { payment_session_id: sessionId })

    it("an EFT the payer signed: the order awaits its payment; Check status changes nothing while Jetpay pulls the funds, and authorizes and captures it once Jetpay settled, before any webhook", async () => {
      const checkout = await startJetpayCheckout(api, store)
      await pay(checkout.transactionId, "eft")
      // The webhook's sync makes the order, its payment awaiting (Medusa's pending_authorization).
      const placed = await placedOrder(getContainer(), checkout.cartId, 30_000, "the order awaiting its payment")
      await allApplied(checkout.transactionId)
      const awaiting = await adminOrder(placed.id)
      expect(awaiting.payment_status).toBe("awaiting")
      expect(sessionsOf(awaiting).map((session: any) => session.status)).toEqual(["pending_authorization"])
      expect(paymentsOf(awaiting)).toEqual([])
      expect((await adminGet(`/admin/jetpay/orders/${placed.id}`)).data.transactions[0]).toMatchObject({ state: "initiated" })

      // Check status while the funds are still being pulled: Jetpay says initiated, nothing changes.
      const early = await checkStatus(placed.id, checkout.sessionId)
      expect(early.status).toBe(200)
      expect(early.data.is_authorized).toBe(false)
      const still = await adminOrder(placed.id)
      expect(still.payment_status).toBe("awaiting")
      expect(sessionsOf(still).map((session: any) => session.status)).toEqual(["pending_authorization"])
      expect(paymentsOf(still)).toEqual([])

      // Jetpay settles while its webhooks are held: Check status reads it and authorizes and captures the payment.
      await control("POST", "/_sandbox/webhooks/faults", { hold: true })
      await advance(checkout.transactionId, "completed")
      const checked = await checkStatus(placed.id, checkout.sessionId)
      expect(checked.status).toBe(200)
      expect(checked.data.is_authorized).toBe(true)
      const captured = await adminOrder(placed.id)
      expect(captured.payment_status).toBe("captured")
      expect(paymentsOf(captured)).toHaveLength(1)
      expect(paymentsOf(captured)[0].captured_at).toBeTruthy()

      // The held webhooks arrive: nothing is captured twice.
      await control("POST", "/_sandbox/webhooks/faults", { hold: false })
      await control("POST", "/_sandbox/webhooks/flush")
      await allApplied(checkout.transactionId)
      const after = await adminOrder(placed.id)
      expect(after.payment_status).toBe("captured")
      expect(paymentsOf(after)).toHaveLength(1)
      expect(paymentsOf(after)[0].captures).toHaveLength(1)
      expect((await recordOf(checkout.transactionId)).settled_at).toBeTruthy()
    })

    it("Check status pressed while the webhook's sync applies the same settlement: both succeed, in turn, and the payment is captured once", async () => {
      const checkout = await startJetpayCheckout(api, store)
      await pay(checkout.transactionId, "eft")
      const placed = await placedOrder(getContainer(), checkout.cartId, 30_000, "the order awaiting its payment")
      await allApplied(checkout.transactionId)

      // Jetpay settles; its webhook waits. Its next two status reads are slow: the sync's, then the press's.
      await control("POST", "/_sandbox/webhooks/faults", { hold: true })
      await advance(checkout.transactionId, "completed")
      const statusPath = `/transaction/${checkout.transactionId}/status`
      const syncRead = await control<{ id: number }>("POST", "/_sandbox/faults", { method: "GET", path: statusPath, latency_ms: 1500 })
      await control("POST", "/_sandbox/faults", { method: "GET", path: statusPath, latency_ms: 1500 })
      await control("POST", "/_sandbox/webhooks/faults", { hold: false })
      // Released, the held batch goes out by itself or by this flush, whichever comes first.
      const delivery = control("POST", "/_sandbox/webhooks/flush")
      // The press comes while the sync is reading Jetpay, before it authorized anything.
      await eventually(
        async () => !(await control<Array<{ id: number }>>("GET", "/_sandbox/faults")).some((rule) => rule.id === syncRead.id),
        30_000,
        "the sync reading Jetpay's status"
      )
      const [checked] = await Promise.all([checkStatus(placed.id, checkout.sessionId), delivery])
      // The press answers the payment as it is, never an error.
      expect(checked.status).toBe(200)
      expect(checked.data.is_authorized).toBe(true)
      expect(checked.data.order.id).toBe(placed.id)
      // The store accepted the delivery: every event Jetpay made was delivered and applied.
      await allApplied(checkout.transactionId)
      // The sync did not fail either: each of the transaction's events was applied at its first try.
      const events = await jetpayModule().listJetpayWebhookEvents({ jetpay_transaction_id: checkout.transactionId }, { take: null })
      expect(events.map((event) => [event.state, event.attempts, event.last_error])).toEqual(events.map((event) => [event.state, 1, null]))

      const after = await adminOrder(placed.id)
      expect(after.payment_status).toBe("captured")
      expect(paymentsOf(after)).toHaveLength(1)
      expect(paymentsOf(after)[0].captures).toHaveLength(1)
      expect((await recordOf(checkout.transactionId)).settled_at).toBeTruthy()

      // Pressed again once all is done: the current state, still no error and nothing captured twice.
      const again = await checkStatus(placed.id, checkout.sessionId)
      expect(again.status).toBe(200)
      expect(again.data.is_authorized).toBe(true)
      expect(paymentsOf(await adminOrder(placed.id))[0].captures).toHaveLength(1)
    })

    it("refresh applies what Jetpay did while webhooks were held, through the webhook's own path, once", async () => {
      const checkout = await startJetpayCheckout(api, store)
      await settled(checkout.transactionId, 1)
      await control("POST", "/_sandbox/webhooks/faults", { hold: true })
      await pay(checkout.transactionId, "card")
      expect(await ordersOfCart(getContainer(), checkout.cartId)).toHaveLength(0)

      const refreshed = await adminPost(`/admin/jetpay/transactions/${checkout.transactionId}/refresh`)
      expect(refreshed.status).toBe(200)
      expect(refreshed.data.transaction).toMatchObject({
        id: checkout.transactionId,
        kind: "debit",
        state: "paid",
        status: { code: "authorized", label: "Authorized" },
        link: null,
        status_checked_at: expect.any(String),
      })
      // The order exists now, as if the webhook had come.
      const [order] = await ordersOfCart(getContainer(), checkout.cartId)
      expect(order.payments).toHaveLength(1)
      expect(refreshed.data.transaction).toMatchObject({ order_id: order.id, payment_id: order.payments[0].id })
      const view = await adminGet(`/admin/jetpay/orders/${order.id}`)
      expect(view.data.status.code).toBe("authorized")

      // Refreshing again, and the held webhooks arriving later, change nothing more.
      expect((await adminPost(`/admin/jetpay/transactions/${checkout.transactionId}/refresh`)).data.transaction.state).toBe("paid")
      await control("POST", "/_sandbox/webhooks/faults", { hold: false })
      await control("POST", "/_sandbox/webhooks/flush")
      await settled(checkout.transactionId, 2)
      const orders = await ordersOfCart(getContainer(), checkout.cartId)
      expect(orders).toHaveLength(1)
      expect(orders[0].payments).toHaveLength(1)
      expect((await recordOf(checkout.transactionId)).state).toBe("paid")

      expect((await adminPost("/admin/jetpay/transactions/00000000-0000-4000-8000-000000000000/refresh")).status).toBe(404)
    })

    it("refresh says so when Jetpay cannot be read, and changes nothing", async () => {
      const checkout = await startJetpayCheckout(api, store)
      await settled(checkout.transactionId, 1)
      await failStatusReads(checkout.transactionId)
      const failed = await adminPost(`/admin/jetpay/transactions/${checkout.transactionId}/refresh`)
      expect(failed.status).toBe(500)
      expect(failed.data.message).toMatch(/Refreshing Jetpay transaction .* failed: .*503/)
      expect((await recordOf(checkout.transactionId)).state).toBe("requested")
    })

    it("cancels a debit the payer has not paid yet: Jetpay cancels it and Medusa follows; a second cancel is a no-op", async () => {
      const checkout = await startJetpayCheckout(api, store)
      // Jetpay not knowing the debit (another account or environment) is said plainly.
      await control("POST", "/_sandbox/faults", { method: "DELETE", path: `/transaction/${checkout.transactionId}`, status: 404 })
      const unknown = await adminPost(`/admin/jetpay/transactions/${checkout.transactionId}/cancel`)
      expect(unknown.status).toBe(400)
      expect(unknown.data.message).toMatch(/Jetpay does not know payment .*: there is nothing to cancel at Jetpay/)
      expect((await recordOf(checkout.transactionId)).state).toBe("requested")

      const cancelled = await adminPost(`/admin/jetpay/transactions/${checkout.transactionId}/cancel`)
      expect(cancelled.status).toBe(200)
      expect(cancelled.data.transaction).toMatchObject({
        id: checkout.transactionId,
        state: "cancelled",
        status: { code: "cancelled", label: "Cancelled" },
        link: null,
      })
      expect((await control("GET", `/_sandbox/transactions/${checkout.transactionId}`)).state).toBe("cancelled")
      expect((await recordOf(checkout.transactionId)).state).toBe("cancelled")
      // The link is dead: the shopper can no longer pay it, and no Medusa payment was made.
      await expect(pay(checkout.transactionId)).rejects.toThrow(/409/)
      const payments = getContainer().resolve<IPaymentModuleService>(Modules.PAYMENT)
      expect(await payments.listPayments({ payment_session_id: checkout.sessionId })).toHaveLength(0)

      const again = await adminPost(`/admin/jetpay/transactions/${checkout.transactionId}/cancel`)
      expect(again.status).toBe(200)
      expect(again.data.transaction.state).toBe("cancelled")
      expect((await adminPost("/admin/jetpay/transactions/00000000-0000-4000-8000-000000000000/cancel")).status).toBe(404)
    })

    it("refuses to cancel a debit the payer already paid, says why and what to do, and changes nothing", async () => {
      const checkout = await startJetpayCheckout(api, store)
      await pay(checkout.transactionId, "eft")
      const order = await orderOfCart(checkout.cartId)
      await settled(checkout.transactionId, 2)
      const eventsBefore = await jetpayModule().listJetpayWebhookEvents({ jetpay_transaction_id: checkout.transactionId })

      const refused = await adminPost(`/admin/jetpay/transactions/${checkout.transactionId}/cancel`)
      expect(refused.status).toBe(400)
      expect(refused.data.message).toBe(
        `Jetpay payment ${checkout.transactionId} can no longer be cancelled. The payer has already paid (initiated): refund it once it is captured.`
      )
      expect((await control("GET", `/_sandbox/transactions/${checkout.transactionId}`)).state).toBe("initiated")
      expect(await recordOf(checkout.transactionId)).toMatchObject({ state: "initiated", order_id: order.id })
      // The order's payment still awaits settlement: nothing canceled, nothing authorized.
      const [current] = await ordersOfCart(getContainer(), checkout.cartId)
      expect(current).toMatchObject({ id: order.id, payments: [], sessions: ["pending_authorization"] })
      expect(await jetpayModule().listJetpayWebhookEvents({ jetpay_transaction_id: checkout.transactionId })).toHaveLength(
        eventsBefore.length
      )
    })

    it("health: the token, the webhook registered for /hooks/jetpay or not, and the event log; register/repair is idempotent", async () => {
      const appUrl: string = api.defaults.baseURL
      const checkout = await startJetpayCheckout(api, store)
      const [created] = await settled(checkout.transactionId, 1)

      // No webhook at Jetpay (deleted through Jetpay's own API).
      for (const webhook of await control<Array<{ identifier: string }>>("GET", "/_sandbox/webhooks")) {
        await fetch(`${sandbox.current().url}/webhooks/${webhook.identifier}`, {
          method: "DELETE",
          headers: { authorization: "Bearer sandbox-token" },
        })
      }
      const none = await adminGet("/admin/jetpay/health")
      expect(none.status).toBe(200)
      expect(none.data).toMatchObject({
        provider_id: "pp_jetpay_jetpay",
        base_url: sandbox.current().url,
        // A local sandbox is not Jetpay's demo host: no "Test mode" badge.
        test_mode: false,
        api: { ok: true, error: null },
        webhook: { registered: false, other: null },
      })
      expect(new Date(none.data.events.last_received_at).getTime()).toBeGreaterThanOrEqual(new Date(created.received_at).getTime())
      expect(none.data.events).toEqual({ last_received_at: expect.any(String), waiting: expect.any(Number), failed: expect.any(Number) })

      // Without store_url (and no admin.backendUrl in medusa-config), nothing is guessed from the
      // request's Host header, which whoever sends the request chooses.
      const guessed = await answer(api.post("/admin/jetpay/webhook", {}, { headers: { ...admin.headers, host: "attacker.example" } }))
      expect(guessed.status).toBe(400)
      expect(guessed.data.message).toMatch(/^store_url is required/)
      expect(await control<unknown[]>("GET", "/_sandbox/webhooks")).toHaveLength(0)

      // The settings page's button sends the backend URL the admin talks to: registered, then nothing changes.
      const registered = await adminPost("/admin/jetpay/webhook", { store_url: appUrl })
      expect(registered.status).toBe(200)
      expect(registered.data).toEqual({
        action: "registered",
        needs_attention: null,
        // The events this store recorded through its earlier webhook go on without a hole.
        replayed_from: expect.any(Number),
        webhook: {
          identifier: expect.any(String),
          url: `${appUrl}/hooks/jetpay`,
          state: "active",
          last_sent_event_id: expect.any(Number),
          max_batch_size: 100,
          max_wait_seconds: 0,
        },
      })
      const again = await adminPost("/admin/jetpay/webhook", { store_url: `${appUrl}/` })
      expect(again.data).toEqual({ action: "unchanged", webhook: registered.data.webhook, needs_attention: null, replayed_from: null })
      expect(await control<unknown[]>("GET", "/_sandbox/webhooks")).toHaveLength(1)

      const healthy = await adminGet("/admin/jetpay/health")
      expect(healthy.data.webhook).toEqual({ registered: true, ...registered.data.webhook })

      // A webhook moved elsewhere is no longer this store's: another one is registered, the moved one is left alone.
      const [{ identifier }] = await control<Array<{ identifier: string }>>("GET", "/_sandbox/webhooks")
      await fetch(`${sandbox.current().url}/webhooks/${identifier}`, {
        method: "PATCH",
        headers: { authorization: "Bearer sandbox-token", "content-type": "application/json" },
        body: JSON.stringify({ callback_url: `${appUrl}/hooks/payment/jetpay_jetpay`, state: "paused" }),
      })
      const elsewhere = await adminGet("/admin/jetpay/health")
      expect(elsewhere.data.webhook).toMatchObject({
        registered: false,
        other: { url: `${appUrl}/hooks/payment/jetpay_jetpay`, state: "paused" },
      })
      const repaired = await adminPost("/admin/jetpay/webhook", { store_url: appUrl })
      expect(repaired.data).toMatchObject({ action: "registered", webhook: { url: `${appUrl}/hooks/jetpay`, state: "active" } })
      const webhooks = await control<Array<{ identifier: string; callback_url: string; state: string }>>("GET", "/_sandbox/webhooks")
      expect(webhooks.find((webhook) => webhook.identifier === identifier)).toMatchObject({
        callback_url: `${appUrl}/hooks/payment/jetpay_jetpay`,
        state: "paused",
      })

      // Bad input and a URL Jetpay refuses: 400 with the reason, nothing changed.
      const invalid = await adminPost("/admin/jetpay/webhook", { store_url: "not a url" })
      expect(invalid.status).toBe(400)
      expect(invalid.data.message).toMatch(/^Invalid request: .*store_url/)
      const refused = await adminPost("/admin/jetpay/webhook", { store_url: "http://shop.example.com" })
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/Registering the Jetpay webhook failed: .*422/)
      expect((await adminGet("/admin/jetpay/health")).data.webhook).toMatchObject({ registered: true, url: `${appUrl}/hooks/jetpay` })
    })

    it("health counts events that failed to process, and reports a refused token without showing it", async () => {
      const checkout = await startJetpayCheckout(api, store)
      await settled(checkout.transactionId, 1)
      await failStatusReads(checkout.transactionId)
      await pay(checkout.transactionId, "eft")
      await eventually(async () => {
        const [event] = await jetpayModule().listJetpayWebhookEvents({ jetpay_transaction_id: checkout.transactionId, state: "initiated" })
        return event?.last_error
      }, 30_000, "a failed event")
      const failing = await adminGet("/admin/jetpay/health")
      expect(failing.data.events.failed).toBeGreaterThanOrEqual(1)
      // The reconciliation job's retry then applies it, and nothing is left failing.
      await orderOfCart(checkout.cartId, "the order after the retry")
      await settled(checkout.transactionId, 2)
      expect((await adminGet("/admin/jetpay/health")).data.events).toMatchObject({ waiting: 0, failed: 0 })

      // A one-time 401 on Jetpay's webhook endpoints; the reconciliation job reads them too and may
      // take it first, so it is set again until the health read is the one refused.
      const refused = await eventually(async () => {
        await control("POST", "/_sandbox/faults", { path: "/webhooks", status: 401, count: 1 })
        const answer = await adminGet("/admin/jetpay/health")
        return answer.data.api?.ok === false && answer
      }, 30_000, "the health read refused by Jetpay")
      await control("DELETE", "/_sandbox/faults")
      expect(refused.status).toBe(200)
      expect(refused.data.api).toEqual({ ok: false, error: expect.stringMatching(/Jetpay refused the API token \(401\)/) })
      expect(refused.data.webhook).toBeNull()
      expect(JSON.stringify(refused.data)).not.toContain("sandbox-token")
    })
    /** A CSV file's rows as objects by its header (RFC 4180 quoting; the byte-order mark dropped). */
    function parseCsv(text: string): Array<Record<string, string>> {
      const records: string[][] = []
      let field = ""
      let record: string[] = []
      let quoted = false
      const body = text.replace(/^\uFEFF/, "")
      for (let i = 0; i < body.length; i++) {
        const character = body[i]
        if (quoted) {
          if (character === '"' && body[i + 1] === '"') (field += '"'), i++
          else if (character === '"') quoted = false
          else field += character
        } else if (character === '"') quoted = true
        else if (character === ",") record.push(field), (field = "")
        else if (character === "\r" && body[i + 1] === "\n") {
          record.push(field), records.push(record), (record = []), (field = ""), i++
        } else field += character
      }
      const [header, ...rows] = records
      return rows.map((row) => Object.fromEntries(header.map((name, index) => [name, row[index]])))
    }

    it("lists every Jetpay debit and credit with its order, customer, card surcharge and settlement date; search, filters and pages narrow it; the CSV export has the same rows", async () => {
      // A card payment (the surcharge applies), settled, then partly refunded.
      const checkout = await startJetpayCheckout(api, store)
      await pay(checkout.transactionId, "card")
      await advance(checkout.transactionId, "completed")
      const order = await capturedOrderOf(getContainer(), checkout.cartId)
      await settled(checkout.transactionId, 3)
      const refund = await adminPost(`/admin/payments/${order.payments[0].id}/refund`, { amount: 20 })
      expect(refund.status).toBe(200)
      const [credit] = (await jetpayModule().listJetpayTransactions({ debit_jetpay_id: checkout.transactionId }))

      // Its own email to search by, and a customer whose name a spreadsheet would run as a formula.
      const email = `ledger-${checkout.cartId.slice(-8).toLowerCase()}@example.com`
      await getContainer().resolve<IOrderModuleService>(Modules.ORDER).updateOrders(order.id, { email })
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const {
        data: [details],
      } = await query.graph({ entity: "order", fields: ["display_id", "customer_id"], filters: { id: order.id } })
      await getContainer()
        .resolve<ICustomerModuleService>(Modules.CUSTOMER)
        .updateCustomers(details.customer_id, { first_name: "=HYPERLINK(\"http://evil.example\",\"Ada\")", last_name: "Tremblay" })
      const customerName = '=HYPERLINK("http://evil.example","Ada") Tremblay'

      const list = await adminGet(`/admin/jetpay/transactions?q=${encodeURIComponent(email)}`)
      expect(list.status).toBe(200)
      expect(list.data).toMatchObject({ count: 2, limit: 20, offset: 0 })
      const [newest, oldest] = list.data.transactions
      expect(oldest).toEqual({
        id: checkout.transactionId,
        kind: "debit",
        state: "completed",
        status: { code: "settled", label: "Settled" },
        method: "card",
        currency_code: "cad",
        amount: 9998,
        surcharge: 350,
        total: 10348,
        charged: true,
        created_at: expect.any(String),
        settled_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        order: { id: order.id, display_id: details.display_id },
        customer: { name: customerName, email },
      })
      expect(newest).toMatchObject({
        id: credit.jetpay_id,
        kind: "credit",
        state: "requested",
        status: { code: "awaiting_payee" },
        amount: 2000,
        surcharge: 0,
        total: 2000,
        settled_at: null,
        order: { id: order.id, display_id: details.display_id },
      })

      // The same two by the order's display id; the debit alone by its Jetpay id or its state.
      const ids = (answer: Answer) => answer.data.transactions.map((row: { id: string }) => row.id)
      expect(ids(await adminGet(`/admin/jetpay/transactions?q=${details.display_id}`))).toEqual(expect.arrayContaining([credit.jetpay_id, checkout.transactionId]))
      expect(ids(await adminGet(`/admin/jetpay/transactions?q=%23${details.display_id}&state=completed`))).toEqual([checkout.transactionId])
      expect(ids(await adminGet(`/admin/jetpay/transactions?q=${checkout.transactionId}`))).toEqual([checkout.transactionId])
      expect(ids(await adminGet(`/admin/jetpay/transactions?q=${encodeURIComponent(email)}&state=requested,processing`))).toEqual([credit.jetpay_id])
      expect(ids(await adminGet(`/admin/jetpay/transactions?q=${encodeURIComponent(email)}&kind=debit`))).toEqual([checkout.transactionId])
      // Dates: made at or after the credit, before the debit, in a day long past.
      const at = (iso: string) => encodeURIComponent(iso)
      expect(ids(await adminGet(`/admin/jetpay/transactions?q=${encodeURIComponent(email)}&created_after=${at(newest.created_at)}`))).toEqual([credit.jetpay_id])
      expect(ids(await adminGet(`/admin/jetpay/transactions?q=${encodeURIComponent(email)}&created_before=${at(oldest.created_at)}`))).toEqual([])
      expect(ids(await adminGet(`/admin/jetpay/transactions?q=${encodeURIComponent(email)}&created_after=2020-01-01&created_before=2020-01-02`))).toEqual([])
      // Pages.
      const first = await adminGet(`/admin/jetpay/transactions?q=${encodeURIComponent(email)}&limit=1`)
      const second = await adminGet(`/admin/jetpay/transactions?q=${encodeURIComponent(email)}&limit=1&offset=1`)
      expect([first.data.count, ids(first), second.data.count, ids(second)]).toEqual([2, [credit.jetpay_id], 2, [checkout.transactionId]])
      expect((await adminGet(`/admin/jetpay/transactions?q=${encodeURIComponent(email)}&limit=1&offset=5`)).data).toMatchObject({ count: 2, transactions: [] })

      // Bad filters: 400 naming the problem, never a 500.
      for (const [path, message] of [
        ["state=settled", /state must be one or more \(comma-separated\) of requested, initiated/],
        ["state=completed,nope", /state must be one or more/],
        ["created_after=yesterday", /created_after must be an ISO 8601 date/],
        ["created_after=2026-02-01&created_before=2026-01-01", /created_after must be before created_before/],
        ["limit=1000", /limit/],
        ["offset=-1", /offset/],
        ["kind=refund", /Expected: 'debit, credit' for field 'kind', but got: 'refund'/],
        ["sort=amount", /sort/],
      ] as const) {
        const bad = await adminGet(`/admin/jetpay/transactions?${path}`)
        expect([path, bad.status, bad.data.message]).toEqual([path, 400, expect.stringMatching(message)])
      }
      expect((await adminGet("/admin/jetpay/transactions/export?state=nope")).status).toBe(400)

      // The export: the same filtered rows, as a spreadsheet reads them.
      const exported = await adminGet(`/admin/jetpay/transactions/export?q=${encodeURIComponent(email)}`)
      expect(exported.status).toBe(200)
      expect(exported.headers["content-type"]).toMatch(/^text\/csv/)
      expect(exported.headers["content-disposition"]).toMatch(/^attachment; filename="jetpay-transactions-\d{4}-\d\d-\d\d\.csv"$/)
      expect(parseCsv(exported.data)).toEqual([
        expect.objectContaining({ jetpay_id: credit.jetpay_id, kind: "credit", amount: "20.00", surcharge: "0.00", total: "20.00", settled_at: "" }),
        {
          jetpay_id: checkout.transactionId,
          kind: "debit",
          state: "completed",
          status: "Settled",
          method: "card",
          order_display_id: String(details.display_id),
          order_id: order.id,
          customer_name: `'${customerName}`,
          customer_email: email,
          currency: "CAD",
          amount: "99.98",
          surcharge: "3.50",
          total: "103.48",
          created_at: oldest.created_at,
          settled_at: oldest.settled_at,
        },
      ])
      const filtered = await adminGet(`/admin/jetpay/transactions/export?q=${encodeURIComponent(email)}&state=completed`)
      expect(parseCsv(filtered.data).map((row) => row.jetpay_id)).toEqual([checkout.transactionId])
    })

    it("retention: the job deletes processed events past processedEventRetentionMs that nothing needs, and keeps unprocessed, open and recent ones", async () => {
      const retentionMs = jetpayServices(getContainer()).options.timings.processedEventRetentionMs
      expect(retentionMs).toBe(600_000)
      // Over: a debit cancelled before it was paid (nothing re-reads it).
      const over = await startJetpayCheckout(api, store)
      expect((await adminPost(`/admin/jetpay/transactions/${over.transactionId}/cancel`)).status).toBe(200)
      await allApplied(over.transactionId)
      // Open: a card payment Jetpay has not settled (its status is re-read until it does).
      const open = await startJetpayCheckout(api, store)
      await pay(open.transactionId, "card")
      await orderOfCart(open.cartId)
      await allApplied(open.transactionId)
      // Recent: a debit just made.
      const recent = await startJetpayCheckout(api, store)
      await allApplied(recent.transactionId)
      const events = (transactionId: string) => jetpayModule().listJetpayWebhookEvents({ jetpay_transaction_id: transactionId }, { take: null })
      expect((await recordOf(over.transactionId)).next_check_at).toBeNull()

      // Time passes for the first two: their events were processed 11 minutes ago.
      const longAgo = new Date(Date.now() - retentionMs - 60_000)
      const aged = [...(await events(over.transactionId)), ...(await events(open.transactionId))]
      await jetpayModule().updateJetpayWebhookEvents(aged.map((event) => ({ id: event.id, processed_at: longAgo, received_at: longAgo })))
      // And an event that failed long ago, still unprocessed (another environment's, so no gap here).
      const [failing] = await jetpayModule().createJetpayWebhookEvents([
        {
          environment: "retention.example",
          jetpay_event_id: "7",
          sequence: "00000000000000000007",
          type: "transactions.debits.updated",
          jetpay_transaction_id: "00000000-0000-4000-8000-00000000dead",
          state: "paid",
          received_at: longAgo,
          attempts: 3,
          last_error: "Jetpay answered 503",
          next_attempt_at: new Date(Date.now() + 86_400_000),
        },
      ])

      // The job's runs delete the first debit's events...
      const run = await eventually(async () => {
        const latest = await reconciliationRun()
        return (await events(over.transactionId)).length === 0 && latest
      }, 60_000, "a run that pruned the cancelled debit's events")
      expect(run.pruned_events).toBeGreaterThanOrEqual(1)
      // ...and a whole run after that leaves the others as they were.
      await reconciliationRun()
      expect((await events(open.transactionId)).map((event) => event.state)).toEqual(expect.arrayContaining(["requested", "paid"]))
      expect((await events(recent.transactionId)).length).toBeGreaterThanOrEqual(1)
      expect(await jetpayModule().listJetpayWebhookEvents({ id: failing.id })).toHaveLength(1)
      // The record keeps what the events said: the order page and the list still show it.
      expect(await recordOf(over.transactionId)).toMatchObject({ state: "cancelled" })
      const listed = await adminGet(`/admin/jetpay/transactions?q=${over.transactionId}`)
      expect(listed.data.transactions).toEqual([expect.objectContaining({ id: over.transactionId, state: "cancelled" })])
      await jetpayModule().deleteJetpayWebhookEvents([failing.id])
    })
  },
})
