// `npm run bench:webhooks`: how fast the plugin's webhook route answers, and how soon a
// payment is captured after Jetpay's state change, through /hooks/jetpay and, side by side,
// through Medusa's generic /hooks/payment/jetpay_jetpay. BENCHMARKS.md explains the figures.
// The one test asserts only that every payment was captured: speed is reported, never asserted.
import os from "node:os"
import { performance } from "node:perf_hooks"
import { setTimeout as sleep } from "node:timers/promises"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import type { IPaymentModuleService } from "@medusajs/framework/types"
import { JETPAY_MODULE } from "../src/modules/jetpay"
import type JetpayModuleService from "../src/modules/jetpay/service"
import registerJetpayWebhook from "../src/scripts/register-jetpay-webhook"
import { completeCart, eventually, placedOrder, startJetpayCheckout } from "../integration-tests/helpers/checkout-steps"
import { sandboxControl, useJetpaySandbox } from "../integration-tests/helpers/sandbox-fixture"
import { createJetpayStore, type StoreFixture } from "../integration-tests/helpers/store-fixture"
import { summarize, type Summary } from "./percentiles"
import { RELAY_PATHS, startWebhookRelay, type RelayTarget, type WebhookRelay } from "./webhook-relay"

const PAYMENTS = positiveInteger("BENCH_PAYMENTS", 50)
const BATCH_ROUNDS = positiveInteger("BENCH_BATCHES", 20)
/** How often the bench looks for captured_at: the resolution of the capture figures. */
const POLL_MS = 20
/** Gap between the generic group's state changes, which run concurrently. */
const GENERIC_STAGGER_MS = 50
/** Medusa's generic route processes an event this long after answering (payment module default). */
const GENERIC_DELAY_MS = 5_000
const CAPTURE_TIMEOUT_MS = 60_000

const sandbox = useJetpaySandbox()

/** `placed`: its order was made (an EFT's payment awaiting settlement, no Medusa payment until Jetpay settles). */
type Payment = { target: RelayTarget; cartId: string; transactionId: string; sessionId: string; placed?: boolean }
type Capture = { transactionId: string; ms: number; stampMs: number }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let relay: WebhookRelay
    let webhookIdentifier: string

    const control = <T = unknown>(method: string, path: string, body?: unknown) =>
      sandboxControl<T>(sandbox.current(), method, path, body)
    const jetpayModule = () => getContainer().resolve<JetpayModuleService>(JETPAY_MODULE)
    const paymentModule = () => getContainer().resolve<IPaymentModuleService>(Modules.PAYMENT)
    const progress = (line: string) => process.stdout.write(`[bench] ${line}\n`)

    beforeAll(async () => {
      store = await createJetpayStore(getContainer())
      relay = await startWebhookRelay(api.defaults.baseURL as string)
      // The merchant's registration command, pointed at the relay: one event per delivery,
      // sent at once, which is what the generic route needs.
      process.env.JETPAY_WEBHOOK_MAX_BATCH_SIZE = "1"
      process.env.JETPAY_WEBHOOK_MAX_WAIT_SECONDS = "0"
      const { webhook } = await registerJetpayWebhook({ container: getContainer(), args: [relay.url] })
      webhookIdentifier = webhook.identifier
    })

    afterAll(async () => {
      await relay?.close()
    })

    it(`captures every payment through both routes (${PAYMENTS} payments each)`, async () => {
      const plugin = await prepareGroup("plugin")
      const generic = await prepareGroup("generic")

      progress(`capturing ${plugin.length} payments through ${RELAY_PATHS.plugin}, one at a time`)
      const pluginCaptures = await captureOneAtATime(plugin)
      progress(`capturing ${generic.length} payments through ${RELAY_PATHS.generic}, concurrently`)
      const genericCaptures = await captureConcurrently(generic)

      progress(`${BATCH_ROUNDS} batches of 100 events to ${RELAY_PATHS.plugin}`)
      await batchesOf100(plugin.slice(0, 20))

      report(pluginCaptures, genericCaptures)

      const captured = new Set([...pluginCaptures, ...genericCaptures].map((capture) => capture.transactionId))
      const uncaptured = [...plugin, ...generic].filter((payment) => !captured.has(payment.transactionId))
      expect(uncaptured).toEqual([])
    })

    /**
     * N orders with an authorized Jetpay payment whose events all went to `target`'s route:
     * checkout, the payer pays by EFT, the storefront completes the cart. Returns once every
     * event so far was delivered and applied, so the captures start from a quiet app.
     */
    async function prepareGroup(target: RelayTarget): Promise<Payment[]> {
      progress(`preparing ${PAYMENTS} authorized payments for ${RELAY_PATHS[target]}`)
      relay.setPhase("prepare")
      // A debit's `created` event can leave before its id is known here: route it by default.
      relay.setDefaultTarget(target)
      const payments: Payment[] = []
      for (let i = 0; i < PAYMENTS; i++) {
        const checkout = await startJetpayCheckout(api, store, { quantity: 1 })
        relay.assign(checkout.transactionId, target)
        await control("POST", `/_sandbox/transactions/${checkout.transactionId}/pay`, { method: "eft" })
        await completeCart(api, store, checkout.cartId)
        payments.push({ target, cartId: checkout.cartId, transactionId: checkout.transactionId, sessionId: checkout.sessionId })
      }
      await allDelivered()
      relay.setDefaultTarget("plugin")

      for (const payment of payments) {
        payment.placed = await placedOrder(getContainer(), payment.cartId, 30_000, `the order of cart ${payment.cartId}`).then(
          () => true,
          () => false
        )
      }
      if (target === "plugin") {
        await allProcessed(payments.map((payment) => payment.transactionId))
      } else {
        // The generic route applies each event 5 s after answering; let the `initiated` ones pass.
        await sleep(GENERIC_DELAY_MS + 1_000)
      }
      return payments
    }

    /** The plugin's route: one state change at a time, each waited for until applied. */
    async function captureOneAtATime(payments: Payment[]): Promise<Capture[]> {
      relay.setPhase("capture")
      const captures: Capture[] = []
      for (const payment of payments) {
        if (!payment.placed) continue
        const startedWall = Date.now()
        const started = performance.now()
        await control("POST", `/_sandbox/transactions/${payment.transactionId}/advance`, { state: "completed" })
        while (performance.now() - started < CAPTURE_TIMEOUT_MS) {
          const [current] = await paymentModule().listPayments({ payment_session_id: payment.sessionId }, { select: ["id", "captured_at"] })
          if (current?.captured_at) {
            captures.push({
              transactionId: payment.transactionId,
              ms: performance.now() - started,
              stampMs: new Date(current.captured_at).getTime() - startedWall,
            })
            break
          }
          await sleep(POLL_MS)
        }
        await allProcessed([payment.transactionId])
      }
      return captures
    }

    /**
     * The generic route: each capture takes at least 5 s, so the state changes start
     * GENERIC_STAGGER_MS apart and one poll watches them all.
     */
    async function captureConcurrently(payments: Payment[]): Promise<Capture[]> {
      relay.setPhase("capture")
      const watched = payments.filter((payment) => payment.placed)
      const started = new Map<string, { at: number; wall: number }>()
      const captures: Capture[] = []
      const advancing = Promise.all(
        watched.map(async (payment, index) => {
          await sleep(index * GENERIC_STAGGER_MS)
          started.set(payment.sessionId, { at: performance.now(), wall: Date.now() })
          await control("POST", `/_sandbox/transactions/${payment.transactionId}/advance`, { state: "completed" })
        })
      )
      const pending = new Map(watched.map((payment) => [payment.sessionId, payment]))
      const deadline = performance.now() + CAPTURE_TIMEOUT_MS + watched.length * GENERIC_STAGGER_MS
      while (pending.size && performance.now() < deadline) {
        const ids = [...pending.keys()].filter((id) => started.has(id))
        const current = ids.length
          ? await paymentModule().listPayments({ payment_session_id: ids }, { select: ["id", "payment_session_id", "captured_at"], take: null })
          : []
        const now = performance.now()
        for (const row of current) {
          if (!row.captured_at) continue
          const sessionId = row.payment_session_id as string
          const start = started.get(sessionId)!
          captures.push({
            transactionId: pending.get(sessionId)!.transactionId,
            ms: now - start.at,
            stampMs: new Date(row.captured_at).getTime() - start.wall,
          })
          pending.delete(sessionId)
        }
        await sleep(POLL_MS)
      }
      await advancing
      return captures
    }

    /**
     * Batches of 100 `updated` events (20 transactions x 5 touches, with 50 payments), held while they are made
     * and then flushed, so each goes out as one delivery; each round waits until the subscriber
     * applied the previous one.
     */
    async function batchesOf100(payments: Payment[]) {
      const ids = payments.map((payment) => payment.transactionId)
      await patchWebhook({ max_batch_size: 100 })
      relay.setPhase("batches")
      try {
        for (let round = 0; round < BATCH_ROUNDS; round++) {
          await control("POST", "/_sandbox/webhooks/faults", { hold: true })
          for (let touch = 0; touch < 100; touch++) {
            await control("POST", `/_sandbox/transactions/${ids[touch % ids.length]}/touch`)
          }
          await control("POST", "/_sandbox/webhooks/faults", { hold: false })
          await control("POST", "/_sandbox/webhooks/flush")
          await allDelivered()
          await allProcessed(ids)
        }
      } finally {
        await control("DELETE", "/_sandbox/webhooks/faults")
        await patchWebhook({ max_batch_size: 1 })
      }
    }

    async function patchWebhook(body: Record<string, unknown>) {
      const response = await fetch(`${sandbox.current().url}/webhooks/${webhookIdentifier}`, {
        method: "PATCH",
        headers: { authorization: "Bearer sandbox-token", "content-type": "application/json" },
        body: JSON.stringify(body),
      })
      if (!response.ok) throw new Error(`PATCH /webhooks answered ${response.status}: ${await response.text()}`)
    }

    /** Every event the sandbox made so far was acknowledged by the receiver. */
    async function allDelivered() {
      await eventually(async () => {
        const events = await control<Array<{ id: number }>>("GET", "/_sandbox/events")
        const [webhook] = await control<Array<{ last_sent_event_id: number }>>("GET", "/_sandbox/webhooks")
        const newest = Math.max(0, ...events.map((event) => event.id))
        return webhook.last_sent_event_id >= newest
      }, 60_000, "every webhook event delivered")
    }

    /** Every event the plugin's route recorded for these transactions was applied by its subscriber. */
    async function allProcessed(transactionIds: string[]) {
      await eventually(async () => {
        const unprocessed = await jetpayModule().listJetpayWebhookEvents(
          { jetpay_transaction_id: transactionIds, processed_at: null },
          { take: null, select: ["id"] }
        )
        return unprocessed.length === 0
      }, 60_000, "every recorded event processed")
    }

    function report(pluginCaptures: Capture[], genericCaptures: Capture[]) {
      const answers = (target: RelayTarget, events: number, phase?: string) =>
        summarize(
          relay.timings
            .filter((timing) => timing.target === target && timing.events === events && (!phase || timing.phase === phase))
            .map((timing) => timing.ms)
        )
      const refused = relay.timings.filter((timing) => timing.status < 200 || timing.status >= 300)
      const plugin = summarize(pluginCaptures.map((capture) => capture.ms))
      const generic = summarize(genericCaptures.map((capture) => capture.ms))
      const pluginStamp = summarize(pluginCaptures.map((capture) => capture.stampMs))
      const genericStamp = summarize(genericCaptures.map((capture) => capture.stampMs))
      const cpus = os.cpus()
      const machine =
        `${cpus[0]?.model.trim() ?? "unknown cpu"}, ${cpus.length} cores, ` +
        `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`
      const lines = [
        "",
        `Jetpay webhooks benchmark (${PAYMENTS} payments per path; machine: ${machine})`,
        `route answer, batch of 1   (${RELAY_PATHS.plugin}):                ${figures(answers("plugin", 1))}`,
        `  of which the \`completed\` events, one payment at a time:          ${figures(answers("plugin", 1, "capture"))}`,
        `route answer, batch of 100 (${RELAY_PATHS.plugin}):                ${figures(answers("plugin", 100))}`,
        `route answer, batch of 1   (${RELAY_PATHS.generic}): ${figures(answers("generic", 1))}`,
        `state change -> captured, ${RELAY_PATHS.plugin}:                ${figures(plugin)}  [one at a time]`,
        `state change -> captured, ${RELAY_PATHS.generic}: ${figures(generic)}  [concurrent, ${GENERIC_STAGGER_MS} ms apart]`,
        `  same, from the payment's captured_at stamp: ${RELAY_PATHS.plugin} ${figures(pluginStamp)}; ` +
          `${RELAY_PATHS.generic} ${figures(genericStamp)}`,
        `plugin route captures ${(generic.p50 / plugin.p50).toFixed(1)} x sooner (p50), ` +
          `${(generic.p95 / plugin.p95).toFixed(1)} x (p95)`,
        `(captured_at polled every ${POLL_MS} ms; ${relay.timings.length} deliveries relayed, ${refused.length} not 2xx)`,
        "",
      ]
      process.stdout.write(lines.join("\n") + "\n")
    }
  },
})

function figures(summary: Summary): string {
  const ms = (value: number) => (Number.isNaN(value) ? "-" : value < 10 ? value.toFixed(1) : value.toFixed(0))
  return `p50 ${ms(summary.p50)} ms, p95 ${ms(summary.p95)} ms (n=${summary.n})`
}

function positiveInteger(name: string, fallback: number): number {
  const value = process.env[name]
  if (value === undefined || value === "") return fallback
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1) throw new Error(`${name} must be a whole number above 0, got ${value}`)
  return number
}
