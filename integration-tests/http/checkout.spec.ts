import { jetpayTestApp } from "../helpers/test-app"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { eventually, startJetpayCheckout } from "../helpers/checkout-steps"
import { sandboxControl, useJetpaySandbox } from "../helpers/sandbox-fixture"
import { createJetpayStore, JETPAY_PROVIDER_ID, type StoreFixture } from "../helpers/store-fixture"
import { createAdmin } from "../helpers/admin-auth"

jest.setTimeout(120_000)

const sandbox = useJetpaySandbox()

jetpayTestApp({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let headers: { headers: Record<string, string> }

    beforeAll(async () => {
      store = await createJetpayStore(getContainer())
      headers = { headers: { "x-publishable-api-key": store.publishableKey } }
    })

    it("takes a guest from picking Jetpay to an order whose EFT payment awaits settlement, captured once Jetpay settles", async () => {
      const { cartId, session, data } = await startJetpayCheckout(api, store)

      // The session holds a sandbox payment link for the cart's total, in cents.
      expect(session.provider_id).toBe(JETPAY_PROVIDER_ID)
      expect(session.status).toBe("pending")
      expect(data.link).toBe(`${sandbox.current().url}/payment/pay/${data.jetpay_transaction_id}`)
      expect(data.amount).toBe(9998)
      expect(data.surcharge).toBe(350) // 3.5 % of $99.98, rounded half up

      // Jetpay got a contact built on the server from the cart: email, name, French for Quebec.
      const debit = await sandboxControl<{ contact_id: string; amount: number; statement: string }>(
        sandbox.current(),
        "GET",
        `/_sandbox/transactions/${data.jetpay_transaction_id}`
      )
      expect(debit.amount).toBe(9998)
      expect(debit.statement).toBe("Jetpay plugin tests")
      const contact = await sandboxControl<{ email: string; name: string; language: string }>(
        sandbox.current(),
        "GET",
        `/_sandbox/contacts/${debit.contact_id}`
      )
      expect(contact).toMatchObject({ email: "marie.tremblay@example.com", name: "Marie Tremblay", language: "fr" })

      // Completing before the shopper paid is refused and creates no order.
      const early = await api.post(`/store/carts/${cartId}/complete`, {}, headers).catch((e) => e.response)
      expect(early.data.type).not.toBe("order")

      // The shopper pays by EFT on the link, then the storefront completes the cart.
      await sandboxControl(sandbox.current(), "POST", `/_sandbox/transactions/${data.jetpay_transaction_id}/pay`, {
        method: "eft",
      })
      const { data: completed } = await api.post(`/store/carts/${cartId}/complete`, {}, headers)
      expect(completed.type).toBe("order")

      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const orderNow = async () =>
        (
          await query.graph({
            entity: "order",
            fields: ["id", "email", "total", "payment_collections.status", "payment_collections.payment_sessions.status", "payment_collections.payments.*"],
            filters: { id: completed.order.id },
          })
        ).data[0]
      // The payer signed the PAD; the funds are still being pulled: the order exists, its payment
      // awaiting (Medusa's pending_authorization), no Medusa payment authorized yet.
      const order = await orderNow()
      expect(order.email).toBe("marie.tremblay@example.com")
      expect(order.payment_collections).toHaveLength(1)
      expect(order.payment_collections[0].status).toBe("awaiting")
      expect(order.payment_collections[0].payment_sessions.map((each: { status: string }) => each.status)).toEqual(["pending_authorization"])
      expect(order.payment_collections[0].payments).toEqual([])
      const admin = await createAdmin(api, getContainer())
      const paymentStatus = async () => (await api.get(`/admin/orders/${completed.order.id}?fields=payment_status`, admin)).data.order.payment_status
      expect(await paymentStatus()).toBe("awaiting")

      // Jetpay settles: the same order's payment is authorized and captured, once.
      await sandboxControl(sandbox.current(), "POST", `/_sandbox/transactions/${data.jetpay_transaction_id}/advance`, { state: "completed" })
      await eventually(async () => (await paymentStatus()) === "captured", 30_000, "the capture")
      const settledOrder = await orderNow()
      expect(settledOrder.payment_collections[0].status).toBe("completed")
      expect(settledOrder.payment_collections[0].payments).toHaveLength(1)
      const [payment] = settledOrder.payment_collections[0].payments
      expect(payment.provider_id).toBe(JETPAY_PROVIDER_ID)
      expect(Number(payment.amount)).toBe(99.98)
      expect(payment.captured_at).not.toBeNull()
      expect(payment.data.jetpay_transaction_id).toBe(data.jetpay_transaction_id)
    })

    it("links the Jetpay debit to its order, cart and payment session for a store's own queries (read-only module links)", async () => {
      const { cartId, session, data } = await startJetpayCheckout(api, store)
      await sandboxControl(sandbox.current(), "POST", `/_sandbox/transactions/${data.jetpay_transaction_id}/pay`, { method: "eft" })
      const { data: completed } = await api.post(`/store/carts/${cartId}/complete`, {}, headers)
      const orderId = completed.order.id as string
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)

      // The debit's record learns its order from the webhook's sync, just after the completion.
      const order = await eventually(async () => {
        const { data: [found] } = await query.graph({
          entity: "order",
          fields: ["id", "jetpay_transactions.jetpay_id", "jetpay_transactions.kind", "jetpay_transactions.amount"],
          filters: { id: orderId },
        })
        return found.jetpay_transactions.length > 0 && found
      }, 30_000, "the order's Jetpay transactions")
      expect(order.jetpay_transactions).toEqual([
        expect.objectContaining({ jetpay_id: data.jetpay_transaction_id, kind: "debit", amount: 9998 }),
      ])

      const { data: [debit] } = await query.graph({
        entity: "jetpay_transaction",
        fields: ["jetpay_id", "order.id", "cart.id", "payment_session.id"],
        filters: { jetpay_id: data.jetpay_transaction_id },
      })
      expect(debit).toMatchObject({ order: { id: orderId }, cart: { id: cartId }, payment_session: { id: session.id } })

      const { data: [cart] } = await query.graph({ entity: "cart", fields: ["id", "jetpay_transactions.jetpay_id"], filters: { id: cartId } })
      expect(cart.jetpay_transactions.map((row: { jetpay_id: string }) => row.jetpay_id)).toEqual([data.jetpay_transaction_id])
      const { data: [paymentSession] } = await query.graph({
        entity: "payment_session",
        fields: ["id", "jetpay_transactions.jetpay_id"],
        filters: { id: session.id },
      })
      expect(paymentSession.jetpay_transactions.map((row: { jetpay_id: string }) => row.jetpay_id)).toEqual([data.jetpay_transaction_id])

      // The store API does not hand the links to a stranger holding the order or cart id: refused, on
      // every supported Medusa version (2.18 checks no store fields itself), and the payment link stays out.
      for (const url of [
        `/store/orders/${orderId}?fields=id,*jetpay_transactions`,
        `/store/carts/${cartId}?fields=id,jetpay_transactions.link`,
        `/store/carts/${cartId}?fields=*payment_collection.payment_sessions.jetpay_transactions`,
      ]) {
        const asked = await api.get(url, headers).catch((error: { response: { status: number; data: unknown } }) => error.response)
        expect({ url, status: asked.status }).toEqual({ url, status: 400 })
        expect(JSON.stringify(asked.data)).not.toContain(data.link)
      }
      const { data: plain } = await api.get(`/store/orders/${orderId}`, headers)
      expect(plain.order).toMatchObject({ id: orderId })
    })

    it("makes a new Jetpay contact for a returning guest whose earlier one Jetpay no longer knows", async () => {
      const debitOf = (id: string) =>
        sandboxControl<{ contact_id: string }>(sandbox.current(), "GET", `/_sandbox/transactions/${id}`)
      const first = await startJetpayCheckout(api, store)
      const { contact_id: gone } = await debitOf(first.data.jetpay_transaction_id)
      await sandboxControl(sandbox.current(), "DELETE", `/_sandbox/contacts/${gone}`)

      // The same guest again: the plugin reuses the contact it knows, Jetpay answers 404, a new one is made.
      const again = await startJetpayCheckout(api, store)
      expect(again.session.status).toBe("pending")
      const { contact_id: made } = await debitOf(again.data.jetpay_transaction_id)
      expect(made).not.toBe(gone)
      const contact = await sandboxControl<{ email: string }>(sandbox.current(), "GET", `/_sandbox/contacts/${made}`)
      expect(contact.email).toBe("marie.tremblay@example.com")

      // And that one is reused from then on.
      const third = await startJetpayCheckout(api, store)
      expect((await debitOf(third.data.jetpay_transaction_id)).contact_id).toBe(made)
    })

    it("keeps what the browser sends out of the session: the server's link and amount, no personal data", async () => {
      const { data } = await startJetpayCheckout(api, store, {
        browserData: {
        amount: 1,
        link: "https://evil.example/pay",
        status: "authorized",
          jetpay_payer: { email: "attacker@example.com", name: "Attacker", language: "en" },
        },
      })
      // Exactly what the storefront needs: the transaction id, the link, the amount and the surcharge.
      expect(Object.keys(data).sort()).toEqual(["amount", "jetpay_transaction_id", "link", "surcharge"])
      expect(data.amount).toBe(9998)
      expect(data.link).toContain(sandbox.current().url)
      expect(JSON.stringify(data)).not.toMatch(/example\.com|Tremblay|Attacker/)

      const debit = await sandboxControl<{ contact_id: string }>(
        sandbox.current(),
        "GET",
        `/_sandbox/transactions/${data.jetpay_transaction_id}`
      )
      const contact = await sandboxControl<{ email: string }>(sandbox.current(), "GET", `/_sandbox/contacts/${debit.contact_id}`)
      expect(contact.email).toBe("marie.tremblay@example.com")
    })
  },
})
