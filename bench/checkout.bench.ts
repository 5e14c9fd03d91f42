// `npm run bench:checkout`: N shoppers at once through a whole checkout on one Medusa app, in
// rounds that alternate between Jetpay (against the sandbox in its own process on loopback) and Medusa's
// `pp_system_default` (no PSP), both offered by the same region; then, one outcome at a time,
// the Jetpay API calls each kind of order costs and where in the plugin each call comes from.
// BENCHMARKS.md explains the figures. The one test asserts only that every checkout ended
// with an order (and every Jetpay one with a captured payment): speed is printed, never asserted.
import { performance } from "node:perf_hooks"
import { setTimeout as sleep } from "node:timers/promises"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { updateRegionsWorkflow } from "@medusajs/core-flows"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { capturedOrder, eventually, placedOrder } from "../integration-tests/helpers/checkout-steps"
import { jetpaySteps } from "../integration-tests/helpers/jetpay-steps"
import { useJetpaySandbox } from "../integration-tests/helpers/sandbox-fixture"
import { useSandboxProcess } from "./sandbox-process"
import { DEFAULT_TIMINGS } from "../src/domain/timings"
import { JETPAY_PROVIDER_ID, createJetpayStore, type StoreFixture } from "../integration-tests/helpers/store-fixture"
import { countPaths, traceJetpayCalls, type TracedCall } from "./jetpay-call-stacks"
import { machineLine } from "./machine"
import { startCpuProfile } from "./cpu-profile"
import { percentile } from "./percentiles"
import { countCalls, formatCounts, takeRequests, type CallCounts } from "./sandbox-requests"
import { CHECKOUT_STEPS, checkout, logInNewCustomer, type CheckoutResult, type StoreTarget } from "./storefront-checkout"

const SHOPPERS = positiveInteger("BENCH_SHOPPERS", 20)
/** Measured rounds per provider (after one warm-up round each). */
const ROUNDS = positiveInteger("BENCH_ROUNDS", 5)
/** "jetpay" or "system" runs one provider only (for a CPU profile of it); default both. */
const ONLY = process.env.BENCH_ONLY as "jetpay" | "system" | undefined
/** "off" skips the calls-per-outcome part (a CPU profile of the rounds alone). */
const OUTCOMES = process.env.BENCH_OUTCOMES !== "off"
/** "1" counts the app's SQL statements per checkout by shape (it costs some CPU per statement, so it is off for the rates). */
const STATEMENTS = process.env.BENCH_STATEMENTS === "1"
/**
 * "test" keeps the test suite's short timings (the reconciliation every second); by default the store
 * runs the plugin's own timings, as a merchant's does (read by medusa-config.ts when the app boots).
 */
if (process.env.BENCH_TIMINGS !== "test") process.env.JETPAY_TIMINGS = JSON.stringify(DEFAULT_TIMINGS)
/** "in-process" runs the sandbox inside the bench's process, its CPU counted with the store's; default its own process. */
const SANDBOX_IN_PROCESS = process.env.BENCH_SANDBOX === "in-process"
const SYSTEM_PROVIDER_ID = "pp_system_default"

type Provider = "jetpay" | "system"
/** `paths`: where in the plugin the round's Jetpay calls came from (Jetpay rounds, tail included). */
/**
 * `cpuMs`: this process's CPU time (app and shoppers, and the sandbox with BENCH_SANDBOX=in-process) from the round's start to its last
 * event applied; `statements`: the SQL statements the app sent meanwhile, by shape (literals out).
 */
type Round = {
  provider: Provider
  ms: number
  cpuMs: number
  /** The sandbox process's CPU time over the same span (null when it runs in this process or /proc is missing). */
  sandboxCpuMs: number | null
  statements: Map<string, number>
  checkouts: CheckoutResult[]
  tailMs: number
  calls?: CallCounts
  paths?: TracedCall[]
}
/** `calls`: the order's own (its contact, its debits and what is about them); `background`: the rest of the window. */
type Outcome = { name: string; calls: CallCounts; background: CallCounts; paths: Array<[string, number]> }

const sandboxProcess = SANDBOX_IN_PROCESS ? null : useSandboxProcess()
const sandbox = sandboxProcess ?? useJetpaySandbox()
/** The sandbox process's CPU time so far, when it runs in a process of its own. */
const sandboxCpu = () => sandboxProcess?.cpuMs() ?? null

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let baseUrl: string
    const steps = jetpaySteps(sandbox, getContainer)
    const progress = (line: string) => process.stdout.write(`[bench] ${line}\n`)

    /** The statements of the round under way, by shape; every module's queries go through the app's one pg connection. */
    let statements = new Map<string, number>()
    beforeAll(async () => {
      if (STATEMENTS) {
        getContainer()
          .resolve(ContainerRegistrationKeys.PG_CONNECTION)
          .on("query", (query: { sql: string }) => {
            const shape = statementShape(query.sql)
            statements.set(shape, (statements.get(shape) ?? 0) + 1)
          })
      }
      store = await createJetpayStore(getContainer())
      // The same region offers both: each shopper picks one, nothing else differs.
      await updateRegionsWorkflow(getContainer()).run({
        input: { selector: { id: store.regionId }, update: { payment_providers: [JETPAY_PROVIDER_ID, SYSTEM_PROVIDER_ID] } },
      })
      baseUrl = api.defaults.baseURL as string
      await steps.registerWebhook(baseUrl)
    })

    const target = (provider: Provider, customerToken?: string): StoreTarget => ({
      baseUrl,
      publishableKey: store.publishableKey,
      regionId: store.regionId,
      variantId: store.variantId,
      providerId: provider === "jetpay" ? JETPAY_PROVIDER_ID : SYSTEM_PROVIDER_ID,
      customerToken,
    })
    const payByEft = async (session: { data: Record<string, unknown> }) => {
      await steps.pay(String(session.data.jetpay_transaction_id), "eft")
    }

    it(`checks out ${SHOPPERS} shoppers at a time with Jetpay and with the system provider`, async () => {
      const providers: Provider[] = ONLY ? [ONLY] : ["jetpay", "system"]
      progress(`warm-up: one round of ${SHOPPERS} per provider`)
      for (const provider of providers) await round(provider)

      const rounds: Round[] = []
      const stopProfile = await startCpuProfile()
      for (let index = 0; index < ROUNDS; index++) {
        // ABBA order, so a drift of the machine over the run falls on both alike.
        const order = index % 2 === 0 ? providers : [...providers].reverse()
        for (const provider of order) {
          const done = await round(provider)
          rounds.push(done)
          progress(
            `round ${index + 1}/${ROUNDS} ${provider}: ${SHOPPERS} checkouts in ${done.ms.toFixed(0)} ms` +
              (done.calls ? `; Jetpay calls ${formatCounts(done.calls)}, events applied ${done.tailMs.toFixed(0)} ms after the last order` : "")
          )
        }
      }

      const profile = await stopProfile()
      if (profile) progress(`CPU profile of the rounds: ${profile}`)

      const outcomes = ONLY === "system" || !OUTCOMES ? [] : await callsPerOutcome()
      report(rounds, outcomes)

      const orders = rounds.flatMap((done) => done.checkouts).filter((result) => result.orderId)
      expect(orders).toHaveLength(rounds.length * SHOPPERS)
    })

    /** One round: SHOPPERS checkouts at once, timed from the first request to the last order read back. */
    async function round(provider: Provider): Promise<Round> {
      const trace = provider === "jetpay" ? traceJetpayCalls() : null
      if (provider === "jetpay") await takeRequests(sandbox.current().url)
      statements = new Map()
      const started = performance.now()
      const cpuStarted = process.cpuUsage()
      const sandboxCpuStarted = sandboxCpu()
      const checkouts = await Promise.all(
        Array.from({ length: SHOPPERS }, () =>
          checkout(target(provider), provider === "jetpay" ? { payerPays: payByEft } : {})
        )
      )
      const ms = performance.now() - started
      const cpuMs = () => {
        const used = process.cpuUsage(cpuStarted)
        return (used.user + used.system) / 1000
      }
      const sandboxCpuMs = () => {
        const now = sandboxCpu()
        return now === null || sandboxCpuStarted === null ? null : now - sandboxCpuStarted
      }
      if (provider === "system" || !trace) return { provider, ms, cpuMs: cpuMs(), sandboxCpuMs: sandboxCpuMs(), statements, checkouts, tailMs: 0 }
      // The webhooks of this round are applied before the next round starts (not timed).
      const tailStarted = performance.now()
      await allApplied(checkouts.map((result) => result.transactionId!))
      const tailMs = performance.now() - tailStarted
      trace.stop()
      const calls = countCalls(await takeRequests(sandbox.current().url))
      return { provider, ms, cpuMs: cpuMs(), sandboxCpuMs: sandboxCpuMs(), statements, checkouts, tailMs, calls, paths: trace.calls }
    }

    /** Every event the sandbox made was delivered, and every event of these transactions applied. */
    async function allApplied(transactionIds: string[]) {
      await eventually(async () => {
        const events = await steps.control<Array<{ id: number }>>("GET", "/_sandbox/events")
        const [webhook] = await steps.control<Array<{ last_sent_event_id: number }>>("GET", "/_sandbox/webhooks")
        return webhook.last_sent_event_id >= Math.max(0, ...events.map((event) => event.id))
      }, 120_000, "every webhook event delivered")
      await eventually(async () => {
        const unprocessed = await steps
          .jetpayModule()
          .listJetpayWebhookEvents({ jetpay_transaction_id: transactionIds, processed_at: null }, { take: null, select: ["id"] })
        return unprocessed.length === 0
      }, 120_000, "every recorded event applied")
    }

    /**
     * Each outcome alone, from the first storefront call until Jetpay settled it and every
     * event was applied, with the sandbox's request log emptied before: what one order costs.
     */
    async function callsPerOutcome(): Promise<Outcome[]> {
      const trace = traceJetpayCalls()
      const outcomes: Outcome[] = []
      const measure = async (name: string, run: () => Promise<void>) => {
        await sleep(500)
        const before = new Set(await transactionIds())
        await takeRequests(sandbox.current().url)
        trace.reset()
        await run()
        await sleep(500)
        const requests = await takeRequests(sandbox.current().url)
        // The reconciliation job may re-read earlier payments meanwhile: not this order's cost.
        const mine = new Set((await transactionIds()).filter((id) => !before.has(id)))
        const isMine = (transactionId: string | null) => transactionId === null || mine.has(transactionId)
        const ownRequests = requests.filter((request) => isMine(transactionOfPath(request.path)) && !request.path.startsWith("/webhooks"))
        outcomes.push({
          name,
          calls: countCalls(ownRequests),
          background: countCalls(requests.filter((request) => !ownRequests.includes(request))),
          paths: countPaths(trace.calls.filter((call: TracedCall) => isMine(call.transactionId))),
        })
        progress(`${name}: ${formatCounts(outcomes.at(-1)!.calls)}`)
      }
      /** The payer pays, the webhook alone makes the order (the storefront never polls), Jetpay settles. */
      const webhookOrder = async (options: { method: "eft" | "card"; email?: string; cartChanges?: number; customerToken?: string; complete?: boolean }) => {
        const result = await checkout(target("jetpay", options.customerToken), {
          email: options.email,
          cartChanges: options.cartChanges,
          complete: options.complete ?? false,
          payerPays: (session) => steps.pay(String(session.data.jetpay_transaction_id), options.method).then(() => undefined),
        })
        await placedOrder(getContainer(), result.cartId, 30_000, "the webhook's order")
        await steps.advance(result.transactionId!, "completed")
        const order = await capturedOrder(getContainer(), result.cartId, 30_000, "the captured payment")
        await allApplied([result.transactionId!])
        if (order.payments.length !== 1 || order.payments[0].captures.length !== 1) {
          throw new Error(`order ${order.id}: expected one payment captured once, got ${JSON.stringify(order.payments)}`)
        }
      }
      try {
        const guest = `guest-${Date.now()}@example.com`
        await measure("guest, EFT, paid and settled (no storefront polling)", () => webhookOrder({ method: "eft", email: guest }))
        await measure("returning guest (same email), EFT, settled", () => webhookOrder({ method: "eft", email: guest }))
        await measure("guest, card, paid and settled", () => webhookOrder({ method: "card" }))
        await measure("guest, cart changed twice before paying, EFT, settled", () => webhookOrder({ method: "eft", cartChanges: 2 }))
        const member = `member-${Date.now()}@example.com`
        const token = await logInNewCustomer(baseUrl, store.publishableKey, member)
        await measure("logged-in customer, first order, EFT, settled", () => webhookOrder({ method: "eft", email: member, customerToken: token }))
        await measure("logged-in customer, second order, EFT, settled", () => webhookOrder({ method: "eft", email: member, customerToken: token }))
        await measure("guest, EFT, the storefront completes the cart on return (as in the rounds), settled", () =>
          webhookOrder({ method: "eft", complete: true })
        )
      } finally {
        trace.stop()
      }
      return outcomes
    }

    async function transactionIds(): Promise<string[]> {
      const transactions = await steps.control<Array<{ identifier?: string; id?: string }>>("GET", "/_sandbox/transactions")
      return transactions.map((transaction) => String(transaction.identifier ?? transaction.id))
    }

    function report(rounds: Round[], outcomes: Outcome[]) {
      const lines = ["", `Checkout benchmark: ${SHOPPERS} shoppers at a time, ${ROUNDS} rounds per provider (machine: ${machineLine()})`]
      const rate: Partial<Record<Provider, number>> = {}
      const cpu: Partial<Record<Provider, number>> = {}
      const byShape: Partial<Record<Provider, Map<string, number>>> = {}
      for (const provider of ["jetpay", "system"] as Provider[]) {
        const mine = rounds.filter((done) => done.provider === provider)
        if (!mine.length) continue
        const checkouts = mine.flatMap((done) => done.checkouts)
        const seconds = mine.reduce((sum, done) => sum + done.ms, 0) / 1000
        rate[provider] = checkouts.length / seconds
        const perRound = mine.map((done) => (SHOPPERS / (done.ms / 1000)).toFixed(1)).join(", ")
        cpu[provider] = mine.reduce((sum, done) => sum + done.cpuMs, 0) / checkouts.length
        lines.push(`${provider === "jetpay" ? "Jetpay (pp_jetpay_jetpay)" : "system (pp_system_default)"}: ` +
          `${rate[provider]!.toFixed(2)} checkouts/s (${checkouts.length} checkouts in ${seconds.toFixed(1)} s; per round ${perRound})`)
        lines.push(`  CPU of this process per checkout: ${cpu[provider]!.toFixed(0)} ms (app and shoppers${SANDBOX_IN_PROCESS ? ", sandbox" : ""}; Jetpay's until its round's events are applied)`)
        const sandboxMs = mine.map((done) => done.sandboxCpuMs)
        if (sandboxMs.every((value): value is number => value !== null)) {
          lines.push(`  CPU of the sandbox's process per checkout: ${(sandboxMs.reduce((sum, value) => sum + value, 0) / checkouts.length).toFixed(0)} ms (over the same span, on the same cores)`)
        }
        if (STATEMENTS) {
          byShape[provider] = perCheckout(mine.map((done) => done.statements), checkouts.length)
          const total = [...byShape[provider]!.values()].reduce((sum, count) => sum + count, 0)
          lines.push(`  SQL statements per checkout: ${total.toFixed(1)}`)
        }
        for (const step of CHECKOUT_STEPS) {
          const samples = checkouts.map((result) => result.ms[step]).filter((ms): ms is number => ms !== undefined)
          if (!samples.length) continue
          lines.push(`  ${step.padEnd(16)} p50 ${ms(percentile(samples, 50))}  p95 ${ms(percentile(samples, 95))}`)
        }
        const whole = checkouts.map((result) => Object.values(result.ms).reduce((sum, value) => sum + (value ?? 0), 0))
        lines.push(`  ${"whole checkout".padEnd(16)} p50 ${ms(percentile(whole, 50))}  p95 ${ms(percentile(whole, 95))}`)
        if (provider === "jetpay") {
          const calls = mine.reduce((sum, done) => sum + done.calls!.total, 0)
          const all = mine.map((done) => done.calls!).reduce(addCounts)
          lines.push(`  Jetpay calls per checkout (storefront completes the cart): ${formatCounts(all, checkouts.length)} [${calls} in all]`)
          const tails = mine.map((done) => done.tailMs)
          lines.push(`  webhooks applied after a round's last order: p50 ${ms(percentile(tails, 50))} (not in the rate)`)
          lines.push(`  where the rounds' Jetpay calls came from (per checkout):`)
          for (const [path, count] of countPaths(mine.flatMap((done) => done.paths ?? []))) {
            lines.push(`    ${(count / checkouts.length).toFixed(2)} x ${path}`)
          }
        }
      }
      if (rate.jetpay && rate.system) lines.push(`Jetpay / system checkout rate: ${(rate.jetpay / rate.system).toFixed(2)}x`)
      if (cpu.jetpay && cpu.system) {
        lines.push(`System / Jetpay CPU per checkout (this process; less sensitive to the machine's other load): ${(cpu.system / cpu.jetpay).toFixed(2)}x`)
      }
      if (byShape.jetpay && byShape.system) {
        const extra = [...new Set([...byShape.jetpay.keys(), ...byShape.system.keys()])]
          .map((shape): [string, number] => [shape, (byShape.jetpay!.get(shape) ?? 0) - (byShape.system!.get(shape) ?? 0)])
          .filter(([, more]) => Math.abs(more) >= 0.5)
          .sort((a, b) => b[1] - a[1])
        lines.push("SQL statements per checkout, Jetpay minus system (the shapes that differ by half a statement or more):")
        for (const [shape, more] of extra.slice(0, 40)) lines.push(`  ${more >= 0 ? "+" : ""}${more.toFixed(1)}  ${shape.slice(0, 220)}`)
      }
      if (outcomes.length) {
        lines.push("", "Jetpay calls per order, one order at a time (sandbox request log):")
        for (const outcome of outcomes) {
          const background = outcome.background.total ? `   [meanwhile, not this order's: ${formatCounts(outcome.background)}]` : ""
          lines.push(`  ${outcome.name}: ${formatCounts(outcome.calls)}${background}`)
          for (const [path, count] of outcome.paths) lines.push(`      ${count} x ${path}`)
        }
      }
      process.stdout.write(lines.join("\n") + "\n\n")
    }
  },
})

/** A statement without its literals and parameters, so each run of the same query counts under one shape. */
function statementShape(sql: string): string {
  return sql
    .replace(/'(?:[^']|'')*'/g, "?")
    .replace(/\$\d+/g, "?")
    .replace(/\b\d+\b/g, "?")
    .replace(/(\?\s*,\s*)+\?/g, "?, ...")
    .replace(/\s+/g, " ")
    .trim()
}

/** The rounds' counts by shape, summed, per checkout. */
function perCheckout(rounds: Array<Map<string, number>>, checkouts: number): Map<string, number> {
  const sum = new Map<string, number>()
  for (const round of rounds) for (const [shape, count] of round) sum.set(shape, (sum.get(shape) ?? 0) + count)
  return new Map([...sum].map(([shape, count]) => [shape, count / checkouts]))
}

/** The transaction a Jetpay API path is about (/transaction/{id}/status, /transaction/{id}), else null. */
function transactionOfPath(path: string): string | null {
  return /^\/transaction\/([^/]+)/.exec(path)?.[1] ?? null
}

function addCounts(a: CallCounts, b: CallCounts): CallCounts {
  const sum = { ...a }
  for (const key of Object.keys(b) as Array<keyof CallCounts>) sum[key] = (a[key] ?? 0) + b[key]
  return sum
}

function ms(value: number): string {
  return `${Number.isNaN(value) ? "-" : value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`.padStart(8)
}

function positiveInteger(name: string, fallback: number): number {
  const value = process.env[name]
  if (value === undefined || value === "") return fallback
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1) throw new Error(`${name} must be a whole number above 0, got ${value}`)
  return number
}
