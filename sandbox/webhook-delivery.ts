// Sends each registered webhook every event as signed batches, at least once and in order:
// one lane per webhook (its own cursor, timers and batch in flight), a failed batch retried as
// is (fresh JWT) with exponential backoff, the cursor (last_sent_event_id) moved only by a 2xx,
// and a give-up to `failed` after too many failures in a row.

import { createHash, randomUUID } from "node:crypto"
import { microsToMillis } from "./clock"
import type { WebhookFaults } from "./faults"
import type { SigningKeys } from "./signing-keys"
import type { Store, StoredEvent, Webhook, WireEvent } from "./store"
import { shouldGiveUp, type DeliveryPhase } from "./webhook-states"
import { ActiveRequests, postJson } from "./webhook-transport"

/** Jetpay's limit for the receiver's answer. */
export const DELIVERY_TIMEOUT_MS = 15_000
export const MAX_RETRY_DELAY_MS = 60_000
/**
 * With max_wait_seconds 0 a batch still waits this long after its first event, so events created
 * in one burst (a request that changes state twice, a test loop) can share a batch.
 */
export const BURST_WINDOW_MS = 25

export function payloadHash(body: Buffer): string {
  return createHash("sha256").update(body).digest("base64url")
}

/** The claims Jetpay documents for a webhook JWT. */
export function webhookClaims(body: Buffer, nowSeconds: number) {
  return {
    jti: randomUUID(),
    iat: nowSeconds,
    exp: nowSeconds + 90,
    iss: "jetpay",
    sub: "webhook",
    payload_hash: payloadHash(body),
  }
}

/**
 * Delay before retry number `attempt` (1 = first retry): base * 2^(attempt-1), capped, then
 * "equal jitter" (half fixed, half random) so retries after an outage do not arrive in lockstep.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), MAX_RETRY_DELAY_MS)
  return Math.round(exponential / 2 + random() * (exponential / 2))
}

interface Batch {
  /** In the order they go on the wire (descending under the reverse fault). */
  events: WireEvent[]
  maxId: number
  duplicate: boolean
  concurrent: boolean
  /** Attempts made so far. */
  attempts: number
}

interface Lane {
  generation: number
  waitTimer?: NodeJS.Timeout
  retryTimer?: NodeJS.Timeout
  /** A batch that failed and waits for its retry; nothing newer is sent before it. */
  failedBatch?: Batch
  inFlight?: Promise<boolean>
}

export interface WebhookDeliveryOptions {
  store: Store
  keys: SigningKeys
  faults: WebhookFaults
  retryBaseMs: number
  callbackApiKeyHeader: string
  /** Read at each failure, so a change through /_sandbox/settings applies at once. */
  giveUpAfter: () => number
  log: (line: string) => void
  random?: () => number
}

export class WebhookDelivery {
  private lanes = new Map<number, Lane>()
  private active = new ActiveRequests()
  private flushing = false
  private flushChain: Promise<unknown> = Promise.resolve()
  private closed = false
  /** Bumped by reset so that answers to deliveries begun before it are ignored. */
  private epoch = 0

  constructor(private readonly options: WebhookDeliveryOptions) {
    options.store.onEvent(() => this.pumpAll())
  }

  /** Call after a webhook was created, changed or deleted, or a webhook fault changed. */
  refresh(): void {
    const { store } = this.options
    for (const [id, lane] of this.lanes) {
      const hook = store.getWebhookById(id)
      clearTimeout(lane.waitTimer)
      lane.waitTimer = undefined
      if (!hook) {
        clearTimeout(lane.retryTimer)
        this.lanes.delete(id)
      } else if (hook.cursorGeneration !== lane.generation) {
        // A replay moved the cursor: the failed batch no longer follows it.
        clearTimeout(lane.retryTimer)
        lane.retryTimer = undefined
        lane.failedBatch = undefined
        lane.generation = hook.cursorGeneration
      }
    }
    this.pumpAll()
  }

  /** What an active webhook's delivery is doing, for the state its GET shows. */
  phase(hook: Webhook): DeliveryPhase {
    const lane = this.lanes.get(hook.id)
    if (!lane) return "idle"
    if (lane.inFlight) return "dispatching"
    if (lane.failedBatch) return "backing_off"
    if (lane.waitTimer) return "scheduled"
    return "idle"
  }

  /** Sends everything pending now, ignoring max_wait_seconds, pending retry delays and hold. */
  flush(): Promise<{ delivered: number; batches: number }> {
    const run = this.flushChain.then(() => this.flushNow())
    this.flushChain = run.catch(() => undefined)
    return run
  }

  /** Forgets every lane and abandons deliveries in flight (their outcome is not recorded). */
  reset(): void {
    this.epoch += 1
    this.clearTimers()
    this.lanes.clear()
    this.active.abortAll()
  }

  async close(): Promise<void> {
    this.closed = true
    this.epoch += 1
    this.clearTimers()
    this.active.abortAll()
    await Promise.allSettled([...this.lanes.values()].map((lane) => lane.inFlight))
    this.lanes.clear()
  }

  private clearTimers(): void {
    for (const lane of this.lanes.values()) {
      clearTimeout(lane.waitTimer)
      clearTimeout(lane.retryTimer)
      lane.waitTimer = undefined
      lane.retryTimer = undefined
    }
  }

  private lane(hook: Webhook): Lane {
    let lane = this.lanes.get(hook.id)
    if (!lane) {
      lane = { generation: hook.cursorGeneration }
      this.lanes.set(hook.id, lane)
    }
    return lane
  }

  private pumpAll(): void {
    for (const hook of this.options.store.listWebhooks()) this.pump(hook)
  }

  private pump(hook: Webhook, due = false): void {
    if (this.closed || this.flushing) return
    if (this.options.store.getWebhook(hook.identifier) !== hook) return
    const lane = this.lane(hook)
    if (hook.state !== "active" || this.options.faults.held) {
      clearTimeout(lane.waitTimer)
      lane.waitTimer = undefined
      return
    }
    if (lane.inFlight) return
    if (lane.failedBatch) {
      if (!lane.retryTimer) void this.start(hook, lane, lane.failedBatch)
      return
    }
    const pending = this.options.store.eventsAfter(hook.last_sent_event_id, hook.max_batch_size)
    if (pending.length === 0) {
      clearTimeout(lane.waitTimer)
      lane.waitTimer = undefined
      return
    }
    if (due || pending.length >= hook.max_batch_size) {
      clearTimeout(lane.waitTimer)
      lane.waitTimer = undefined
      void this.start(hook, lane, this.formBatch(pending))
      return
    }
    if (!lane.waitTimer) {
      const deadline = microsToMillis(pending[0].createdAtMicros) + hook.max_wait_seconds * 1000
      const delay = Math.max(deadline - Date.now(), BURST_WINDOW_MS)
      lane.waitTimer = setTimeout(() => {
        lane.waitTimer = undefined
        this.pump(hook, true)
      }, delay)
    }
  }

  private formBatch(pending: StoredEvent[]): Batch {
    const events = pending.map((event) => event.wire).filter((event) => !this.options.faults.isLost(event.id))
    const faults = this.options.faults.takeBatchFaults()
    if (faults.reverse) events.reverse()
    return {
      events,
      // Past the lost events too: Jetpay's cursor counts them as sent.
      maxId: Math.max(...pending.map((event) => event.wire.id)),
      duplicate: faults.duplicate,
      concurrent: faults.concurrent,
      attempts: 0,
    }
  }

  private start(hook: Webhook, lane: Lane, batch: Batch): Promise<boolean> {
    const run = this.attempt(hook, lane, batch)
    lane.inFlight = run
    void run.finally(() => {
      if (lane.inFlight === run) lane.inFlight = undefined
      this.pump(hook)
    })
    return run
  }

  private async attempt(hook: Webhook, lane: Lane, batch: Batch): Promise<boolean> {
    if (this.options.faults.dropping || batch.events.length === 0) {
      this.drop(hook, lane, batch)
      return true
    }
    const epoch = this.epoch
    const generation = hook.cursorGeneration
    batch.attempts += 1
    // Serialized once: the JWT's payload_hash must match these exact bytes, copies included.
    const body = Buffer.from(JSON.stringify({ webhookId: hook.id, events: batch.events }))
    const send = (duplicate: boolean) => this.post(hook, batch, body, duplicate, epoch)

    let statuses: (number | null)[]
    if (batch.duplicate && batch.concurrent) {
      statuses = await Promise.all([send(false), send(true)])
    } else {
      statuses = [await send(false)]
      if (batch.duplicate) statuses.push(await send(true))
    }
    const ok = statuses.some((status) => status !== null && status >= 200 && status < 300)

    const stillCurrent =
      epoch === this.epoch &&
      this.options.store.getWebhook(hook.identifier) === hook &&
      hook.cursorGeneration === generation
    if (!stillCurrent) return ok
    if (ok) {
      lane.failedBatch = undefined
      hook.consecutive_failures = 0
      hook.last_sent_event_id = Math.max(hook.last_sent_event_id, batch.maxId)
    } else if (shouldGiveUp((hook.consecutive_failures += 1), this.options.giveUpAfter())) {
      // Jetpay stops a webhook that keeps failing; it waits for a PATCH to `active`, which sends
      // again from the cursor (or from a replay point), so the batch itself is forgotten.
      lane.failedBatch = undefined
      hook.state = "failed"
      hook.updated_at = this.options.store.nowIso()
      this.options.log(`webhook ${hook.id} failed after ${hook.consecutive_failures} failed deliveries in a row`)
    } else {
      lane.failedBatch = batch
      clearTimeout(lane.retryTimer)
      lane.retryTimer = setTimeout(
        () => {
          lane.retryTimer = undefined
          this.pump(hook)
        },
        retryDelayMs(batch.attempts, this.options.retryBaseMs, this.options.random)
      )
    }
    return ok
  }

  /**
   * The drop fault (or a batch of lost events only): the batch counts as delivered, and its
   * events are lost unless replayed.
   */
  private drop(hook: Webhook, lane: Lane, batch: Batch): void {
    const { store, log } = this.options
    lane.failedBatch = undefined
    hook.consecutive_failures = 0
    hook.last_sent_event_id = Math.max(hook.last_sent_event_id, batch.maxId)
    const eventIds = batch.events.map((event) => event.id)
    store.logDelivery({
      webhook_id: hook.id,
      event_ids: eventIds,
      status: "dropped",
      attempt: 0,
      at: store.nowIso(),
      signature: null,
      duplicate: false,
    })
    log(`webhook ${hook.id} events [${eventIds.join(",")}] dropped (drop fault)`)
  }

  private async post(
    hook: Webhook,
    batch: Batch,
    body: Buffer,
    duplicate: boolean,
    epoch: number
  ): Promise<number | null> {
    const { keys, faults, store, callbackApiKeyHeader, log } = this.options
    // A reset or close between the copies of a duplicated batch must not start a new request.
    if (epoch !== this.epoch) return null
    const bad = faults.takeBadSignature()
    const token = await keys.sign(webhookClaims(body, Math.floor(Date.now() / 1000)), { bad })
    if (epoch !== this.epoch) return null
    const headers: Record<string, string> = {
      "content-type": "application/json",
      authorization: `Bearer ${token}`,
    }
    if (hook.callback_api_key) headers[callbackApiKeyHeader] = hook.callback_api_key
    const status = await postJson(hook.callback_url, body, headers, DELIVERY_TIMEOUT_MS, this.active)
    if (epoch !== this.epoch) return status
    const eventIds = batch.events.map((event) => event.id)
    store.logDelivery({
      webhook_id: hook.id,
      event_ids: eventIds,
      status,
      attempt: batch.attempts,
      at: store.nowIso(),
      signature: bad ? "bad" : "valid",
      duplicate,
    })
    log(
      `webhook ${hook.id} -> ${describeUrl(hook.callback_url)} events [${eventIds.join(",")}] ` +
        `attempt ${batch.attempts}${duplicate ? " (duplicate)" : ""}: ${status ?? "no answer"}`
    )
    return status
  }

  private async flushNow(): Promise<{ delivered: number; batches: number }> {
    this.flushing = true
    let delivered = 0
    let batches = 0
    try {
      for (const hook of this.options.store.listWebhooks()) {
        if (hook.state !== "active") continue
        const lane = this.lane(hook)
        clearTimeout(lane.waitTimer)
        clearTimeout(lane.retryTimer)
        lane.waitTimer = undefined
        lane.retryTimer = undefined
        while (lane.inFlight) await lane.inFlight
        while (!this.closed && this.options.store.getWebhook(hook.identifier) === hook && hook.state === "active") {
          const pending = this.options.store.eventsAfter(hook.last_sent_event_id, hook.max_batch_size)
          const batch = lane.failedBatch ?? (pending.length > 0 ? this.formBatch(pending) : undefined)
          if (!batch) break
          batches += 1
          const ok = await this.start(hook, lane, batch)
          if (!ok) break
          delivered += batch.events.length
        }
      }
    } finally {
      this.flushing = false
      this.pumpAll()
    }
    return { delivered, batches }
  }
}

/** Origin and path only: a callback URL's query string may carry a secret. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.origin}${parsed.pathname}`
  } catch {
    return "(invalid url)"
  }
}
