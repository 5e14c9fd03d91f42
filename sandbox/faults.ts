// Faults on demand, set through /_sandbox/. API faults are rules consumed by matching requests;
// webhook faults are counters (or chances) consumed by batches or deliveries. Both take their
// randomness from an injected function so their rules can be tested without luck.

export interface ApiFaultInput {
  method?: string
  path?: string
  /**
   * How many times the rule fires at most. Omitted: once, or without limit when `probability`
   * is given (a chaos rule that stays until DELETE /_sandbox/faults).
   */
  count?: number
  /** The chance (0 < p <= 1) that the rule fires on a matching request; omitted: always. */
  probability?: number
  status?: number
  /** One of these statuses, picked at random each time the rule fires (instead of `status`). */
  statuses?: number[]
  retry_after?: number
  latency_ms?: number
  timeout?: boolean
  process?: boolean
}

export interface ApiFault extends ApiFaultInput {
  id: number
  /** How many more times it may fire; null: no limit. */
  remaining: number | null
  /** How many times it fired. */
  hits: number
}

/** What the server does to one request: the rule's effects, with the status already picked. */
export interface ApiFaultHit {
  id: number
  status?: number
  retry_after?: number
  latency_ms?: number
  timeout?: boolean
  process?: boolean
}

export class ApiFaults {
  private rules: ApiFault[] = []
  private nextId = 1

  constructor(private readonly random: () => number = Math.random) {}

  add(input: ApiFaultInput): ApiFault {
    const remaining = input.count ?? (input.probability === undefined ? 1 : null)
    const fault: ApiFault = { ...input, id: this.nextId++, remaining, hits: 0 }
    this.rules.push(fault)
    return { ...fault }
  }

  list(): ApiFault[] {
    return this.rules.map((rule) => ({ ...rule }))
  }

  clear(): void {
    this.rules = []
  }

  /**
   * The first rule that matches the request and fires, used up by one. Rules are tried in the
   * order they were added; a rule whose chance did not come up is passed over as if it did not
   * match, so a later rule may still fire.
   */
  take(method: string, pathname: string): ApiFaultHit | undefined {
    for (const rule of this.rules) {
      if (!faultMatches(rule, method, pathname)) continue
      if (rule.probability !== undefined && !(this.random() < rule.probability)) continue
      rule.hits += 1
      if (rule.remaining !== null) {
        rule.remaining -= 1
        if (rule.remaining <= 0) this.rules = this.rules.filter((candidate) => candidate !== rule)
      }
      return {
        id: rule.id,
        status: rule.statuses ? pick(rule.statuses, this.random) : rule.status,
        retry_after: rule.retry_after,
        latency_ms: rule.latency_ms,
        timeout: rule.timeout,
        process: rule.process,
      }
    }
    return undefined
  }
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))]
}

export function faultMatches(rule: Pick<ApiFault, "method" | "path">, method: string, pathname: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false
  if (rule.path && !pathname.startsWith(rule.path)) return false
  return true
}

export interface WebhookFaultState {
  /** Batches still to be delivered twice. */
  duplicate: number
  /** The chance (0..1) that any other new batch is delivered twice. */
  duplicate_probability: number
  /** Send the two copies of a duplicated batch at the same time instead of one after the other. */
  concurrent: boolean
  /** Batches still to be sent with their events in descending id order. */
  reverse: number
  /** The chance (0..1) that any other new batch is sent in descending id order. */
  reverse_probability: number
  /** No automatic delivery while true; events accumulate (a flush still sends them). */
  hold: boolean
  /** While true, batches that come due are counted as delivered (the cursor moves on) but never sent. */
  drop: boolean
  /**
   * Event ids never sent to any webhook, replays included, while the cursor moves past them: to
   * the store, a permanent gap in Jetpay's ids (which Jetpay says never happens).
   */
  lose_event_ids: number[]
  /** Deliveries (HTTP requests) still to be signed with a stranger key under the real kid. */
  bad_signature: number
}

export function noWebhookFaults(): WebhookFaultState {
  return {
    duplicate: 0,
    duplicate_probability: 0,
    concurrent: false,
    reverse: 0,
    reverse_probability: 0,
    hold: false,
    drop: false,
    lose_event_ids: [],
    bad_signature: 0,
  }
}

export class WebhookFaults {
  private state = noWebhookFaults()

  constructor(private readonly random: () => number = Math.random) {}

  /** Sets the given fields; the others keep their value. */
  set(update: Partial<WebhookFaultState>): WebhookFaultState {
    const defined = Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined))
    this.state = { ...this.state, ...defined }
    return this.get()
  }

  get(): WebhookFaultState {
    return { ...this.state, lose_event_ids: [...this.state.lose_event_ids] }
  }

  clear(): void {
    this.state = noWebhookFaults()
  }

  get held(): boolean {
    return this.state.hold
  }

  get dropping(): boolean {
    return this.state.drop
  }

  /** Whether the lose fault keeps this event from every delivery. */
  isLost(eventId: number): boolean {
    return this.state.lose_event_ids.includes(eventId)
  }

  /**
   * Decides, once per new batch, whether it goes out reversed and/or twice: a counter left
   * is used first, else the chance decides.
   */
  takeBatchFaults(): { reverse: boolean; duplicate: boolean; concurrent: boolean } {
    const reverse = this.take("reverse", "reverse_probability")
    const duplicate = this.take("duplicate", "duplicate_probability")
    return { reverse, duplicate, concurrent: duplicate && this.state.concurrent }
  }

  takeBadSignature(): boolean {
    if (this.state.bad_signature <= 0) return false
    this.state.bad_signature -= 1
    return true
  }

  private take(counter: "reverse" | "duplicate", chance: "reverse_probability" | "duplicate_probability"): boolean {
    if (this.state[counter] > 0) {
      this.state[counter] -= 1
      return true
    }
    return this.state[chance] > 0 && this.random() < this.state[chance]
  }
}
