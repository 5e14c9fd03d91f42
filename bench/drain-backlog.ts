import { performance } from "node:perf_hooks"
import { setTimeout as sleep } from "node:timers/promises"
import { percentile } from "./percentiles"
import { countCalls, takeRequests, type CallCounts, type JetpayRequest } from "./sandbox-requests"
import { checkout, type StoreTarget } from "./storefront-checkout"
import type { WebhookRelay } from "./webhook-relay"

/**
 * The backlog after a Jetpay outage, and how one store drains it. Shared by the in-process
 * and the server + worker drain benches: they differ in how the database is read and which
 * processes' memory is sampled.
 */

/** Events per payment: created, initiated (the payer paid), updated, completed (settled), updated. */
export const EVENTS_PER_PAYMENT = 5

export type Sql = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>

export type Backlog = { cartIds: string[]; transactionIds: string[]; events: number; firstEventId: number; buildMs: number }

type Control = <T = any>(method: string, path: string, body?: unknown) => Promise<T>

export function sandboxControl(sandboxUrl: string): Control {
  return async (method, path, body) => {
    const response = await fetch(`${sandboxUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`sandbox ${method} ${path} answered ${response.status}: ${await response.text()}`)
    return (await response.json()) as any
  }
}

/**
 * `payments` guest checkouts (the storefront never completes the cart: the webhook makes each
 * order), each paid by EFT, updated, settled and updated again at Jetpay, while Jetpay's
 * deliveries are held and its status endpoint answers 503 (the outage: nothing reaches the
 * store, and its reconciliation job cannot read its way ahead of the replay).
 */
export async function buildBacklog(options: {
  sandboxUrl: string
  store: StoreTarget
  payments: number
  concurrency: number
  say: (line: string) => void
}): Promise<Backlog> {
  const control = sandboxControl(options.sandboxUrl)
  const started = performance.now()
  const events = await control<Array<{ id: number }>>("GET", "/_sandbox/events")
  const firstEventId = Math.max(0, ...events.map((event) => event.id)) + 1
  await control("POST", "/_sandbox/webhooks/faults", { hold: true })
  await control("POST", "/_sandbox/faults", { method: "GET", path: "/transaction/", status: 503, count: 1_000_000_000 })

  const cartIds: string[] = []
  const transactionIds: string[] = []
  let next = 0
  const worker = async () => {
    while (next < options.payments) {
      next += 1
      const result = await checkout(options.store, {
        complete: false,
        payerPays: async (session) => {
          await control("POST", `/_sandbox/transactions/${session.data.jetpay_transaction_id}/pay`, { method: "eft" })
        },
      })
      const id = result.transactionId!
      await control("POST", `/_sandbox/transactions/${id}/touch`)
      await control("POST", `/_sandbox/transactions/${id}/advance`, { state: "completed" })
      await control("POST", `/_sandbox/transactions/${id}/touch`)
      cartIds.push(result.cartId)
      transactionIds.push(id)
      if (cartIds.length % 250 === 0) options.say(`backlog: ${cartIds.length}/${options.payments} payments`)
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker))
  await control("DELETE", "/_sandbox/faults")
  await takeRequests(options.sandboxUrl)
  const after = await control<Array<{ id: number }>>("GET", "/_sandbox/events")
  return {
    cartIds,
    transactionIds,
    events: after.filter((event) => event.id >= firstEventId).length,
    firstEventId,
    buildMs: performance.now() - started,
  }
}

export type DrainResult = {
  /** Route answer times of the relayed deliveries, by batch size. */
  answers: { n: number; p50: number; p95: number; p99: number; max: number; notOk: number; batchSizes: string }
  allAppliedMs: number
  eventsApplied: number
  appliedPerSecond: number
  /** Events applied in each second after the release, for the shape of the drain. */
  perSecond: number[]
  calls: CallCounts
  statusReadsPerEvent: number
}

/**
 * Releases the held deliveries (hold off, then a flush) and waits until every event of the
 * backlog was recorded and applied. `sample` runs every second meanwhile (memory).
 */
export async function drain(options: {
  sandboxUrl: string
  relay: WebhookRelay
  sql: Sql
  backlog: Backlog
  sample: () => void
  say: (line: string) => void
  timeoutMs?: number
}): Promise<DrainResult> {
  const { sql, backlog } = options
  const control = sandboxControl(options.sandboxUrl)
  const timeoutMs = options.timeoutMs ?? 20 * 60_000
  const requests: JetpayRequest[] = []
  options.relay.setPhase("drain")
  const releasedAt = new Date()
  const started = performance.now()
  await control("POST", "/_sandbox/webhooks/faults", { hold: false })
  const flushing = control("POST", "/_sandbox/webhooks/flush").catch((error: Error) => options.say(`flush: ${error.message}`))

  const ids = backlog.transactionIds
  let lastSay = 0
  for (;;) {
    options.sample()
    requests.push(...(await takeRequests(options.sandboxUrl)))
    const [counts] = await sql<{ recorded: string; applied: string }>(
      `select count(*) as recorded, count(processed_at) as applied from jetpay_webhook_event
        where jetpay_transaction_id = any($1::text[]) and deleted_at is null`,
      [ids]
    )
    const recorded = Number(counts.recorded)
    const applied = Number(counts.applied)
    if (recorded >= backlog.events && applied === recorded) break
    if (performance.now() - started > timeoutMs) {
      throw new Error(`drain: after ${timeoutMs / 1000} s, ${recorded}/${backlog.events} events recorded, ${applied} applied`)
    }
    if (performance.now() - lastSay > 10_000) {
      lastSay = performance.now()
      options.say(`drain: ${recorded}/${backlog.events} recorded, ${applied} applied, ${((performance.now() - started) / 1000).toFixed(0)} s`)
    }
    await sleep(1000)
  }
  const allAppliedMs = performance.now() - started
  await flushing
  options.sample()
  requests.push(...(await takeRequests(options.sandboxUrl)))

  const rows = await sql<{ second: string; applied: string }>(
    `select floor(extract(epoch from (processed_at - $2::timestamptz))) as second, count(*) as applied
       from jetpay_webhook_event where jetpay_transaction_id = any($1::text[]) and deleted_at is null
      group by 1 order by 1`,
    [ids, releasedAt.toISOString()]
  )
  const perSecond: number[] = []
  for (const row of rows) perSecond[Math.max(0, Number(row.second))] = (perSecond[Math.max(0, Number(row.second))] ?? 0) + Number(row.applied)
  const eventsApplied = rows.reduce((sum, row) => sum + Number(row.applied), 0)

  const timings = options.relay.timings.filter((timing) => timing.phase === "drain")
  const ms = timings.map((timing) => timing.ms)
  const sizes = new Map<number, number>()
  for (const timing of timings) sizes.set(timing.events, (sizes.get(timing.events) ?? 0) + 1)
  const calls = countCalls(requests)
  return {
    answers: {
      n: ms.length,
      p50: percentile(ms, 50),
      p95: percentile(ms, 95),
      p99: percentile(ms, 99),
      max: Math.max(...ms),
      notOk: timings.filter((timing) => timing.status < 200 || timing.status >= 300).length,
      batchSizes: [...sizes].sort((a, b) => b[0] - a[0]).map(([size, count]) => `${count} x ${size}`).join(", "),
    },
    allAppliedMs,
    eventsApplied,
    appliedPerSecond: eventsApplied / (allAppliedMs / 1000),
    perSecond: Array.from(perSecond, (value) => value ?? 0),
    calls,
    statusReadsPerEvent: calls.status / Math.max(1, backlog.events),
  }
}

/** Carts whose order, payment or capture is not exactly one: every payment must end right. */
export async function wrongPayments(sql: Sql, cartIds: string[]): Promise<Array<Record<string, unknown>>> {
  return sql(
    `select c.id as cart_id,
            (select count(*) from order_cart oc where oc.cart_id = c.id and oc.deleted_at is null)::int as orders,
            (select count(*) from payment p join cart_payment_collection cpc on cpc.payment_collection_id = p.payment_collection_id
              where cpc.cart_id = c.id and cpc.deleted_at is null and p.deleted_at is null)::int as payments,
            (select count(*) from capture k join payment p on p.id = k.payment_id
               join cart_payment_collection cpc on cpc.payment_collection_id = p.payment_collection_id
              where cpc.cart_id = c.id and cpc.deleted_at is null and k.deleted_at is null)::int as captures
       from cart c where c.id = any($1::text[])`,
    [cartIds]
  ).then((rows) => rows.filter((row) => row.orders !== 1 || row.payments !== 1 || row.captures !== 1))
}

/** Lines for the report; RSS figures in MiB. */
export function drainReport(title: string, backlog: Backlog, result: DrainResult, memory: string[]): string[] {
  const ms = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0))
  const shape = result.perSecond
  const busiest = Math.max(0, ...shape)
  return [
    "",
    title,
    `backlog: ${backlog.cartIds.length} payments, ${backlog.events} events (built in ${(backlog.buildMs / 1000).toFixed(0)} s while held)`,
    `route answer while draining: p50 ${ms(result.answers.p50)} ms, p95 ${ms(result.answers.p95)} ms, p99 ${ms(result.answers.p99)} ms, ` +
      `max ${ms(result.answers.max)} ms (n=${result.answers.n} deliveries: ${result.answers.batchSizes}; ${result.answers.notOk} not 2xx)`,
    `all ${result.eventsApplied} events applied ${(result.allAppliedMs / 1000).toFixed(1)} s after the release: ` +
      `${result.appliedPerSecond.toFixed(0)} events/s on average, busiest second ${busiest}`,
    `events applied per second after the release: ${compactSeries(shape)}`,
    `Jetpay calls while draining: ${result.calls.total} (status ${result.calls.status}, other ${result.calls.total - result.calls.status}): ` +
      `${result.statusReadsPerEvent.toFixed(2)} status reads per event`,
    ...memory,
  ]
}

/** "40 0 0 12 ..." for a short drain; for a long one, the sum per 10 s ("[10 s] 400 380 ..."). */
function compactSeries(series: number[]): string {
  if (series.length <= 40) return series.join(" ")
  const tens: number[] = []
  series.forEach((value, second) => (tens[Math.floor(second / 10)] = (tens[Math.floor(second / 10)] ?? 0) + value))
  return `[per 10 s] ${Array.from(tens, (value) => value ?? 0).join(" ")}`
}
