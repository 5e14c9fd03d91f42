// Faults on demand, set through /_sandbox/. API faults are rules consumed by matching requests;
// webhook faults are counters consumed by batches or deliveries.

export interface ApiFaultInput {
  method?: string
  path?: string
  count: number
  status?: number
  retry_after?: number
  latency_ms?: number
  timeout?: boolean
  process?: boolean
}

export interface ApiFault extends ApiFaultInput {
  id: number
  /** How many more matching requests it applies to. */
  remaining: number
}

export class ApiFaults {
  private rules: ApiFault[] = []
  private nextId = 1

  add(input: ApiFaultInput): ApiFault {
    const fault: ApiFault = { ...input, id: this.nextId++, remaining: input.count }
    this.rules.push(fault)
    return fault
  }

  list(): ApiFault[] {
    return this.rules.map((rule) => ({ ...rule }))
  }

  clear(): void {
    this.rules = []
  }

  /** The first rule matching the request, used up by one; rules apply in the order they were added. */
  take(method: string, pathname: string): ApiFault | undefined {
    const rule = this.rules.find((candidate) => faultMatches(candidate, method, pathname))
    if (!rule) return undefined
    rule.remaining -= 1
    if (rule.remaining <= 0) this.rules = this.rules.filter((candidate) => candidate !== rule)
    return { ...rule }
  }
}

export function faultMatches(rule: Pick<ApiFault, "method" | "path">, method: string, pathname: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false
  if (rule.path && !pathname.startsWith(rule.path)) return false
  return true
}

export interface WebhookFaultState {
  /** Batches still to be delivered twice. */
  duplicate: number
  /** Send the two copies of a duplicated batch at the same time instead of one after the other. */
  concurrent: boolean
  /** Batches still to be sent with their events in descending id order. */
  reverse: number
  /** No automatic delivery while true; events accumulate (a flush still sends them). */
  hold: boolean
  /** Deliveries (HTTP requests) still to be signed with a stranger key under the real kid. */
  bad_signature: number
}

export function noWebhookFaults(): WebhookFaultState {
  return { duplicate: 0, concurrent: false, reverse: 0, hold: false, bad_signature: 0 }
}

export class WebhookFaults {
  private state = noWebhookFaults()

  /** Sets the given fields; the others keep their value. */
  set(update: Partial<WebhookFaultState>): WebhookFaultState {
    const current = this.state
    this.state = {
      duplicate: update.duplicate ?? current.duplicate,
      concurrent: update.concurrent ?? current.concurrent,
      reverse: update.reverse ?? current.reverse,
      hold: update.hold ?? current.hold,
      bad_signature: update.bad_signature ?? current.bad_signature,
    }
    return this.get()
  }

  get(): WebhookFaultState {
    return { ...this.state }
  }

  clear(): void {
    this.state = noWebhookFaults()
  }

  get held(): boolean {
    return this.state.hold
  }

  /** Decides, once per new batch, whether it goes out reversed and/or twice. */
  takeBatchFaults(): { reverse: boolean; duplicate: boolean; concurrent: boolean } {
    const reverse = this.state.reverse > 0
    const duplicate = this.state.duplicate > 0
    if (reverse) this.state.reverse -= 1
    if (duplicate) this.state.duplicate -= 1
    return { reverse, duplicate, concurrent: duplicate && this.state.concurrent }
  }

  takeBadSignature(): boolean {
    if (this.state.bad_signature <= 0) return false
    this.state.bad_signature -= 1
    return true
  }
}
