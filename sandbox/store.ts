// The sandbox's whole state, in memory. Route handlers validate input; the store only keeps
// records consistent (every state change goes through the state machine and emits one event).

import { randomUUID } from "node:crypto"
import { eventState } from "./cancelled-wording"
import { MicrosClock, formatIsoMicros } from "./clock"
import type { RuntimeSettings } from "./settings"
import {
  transition,
  type FailDirection,
  type PaymentMethod,
  type TransactionKind,
  type TransactionState,
  type TransitionAction,
} from "./state-machine"
import type { StoredWebhookState } from "./webhook-states"

export interface Contact {
  identifier: string
  email: string
  name: string
  tags: string[]
  language: "en" | "fr"
  created_at: string
}

export interface TransactionRecord {
  identifier: string
  kind: TransactionKind
  state: TransactionState
  amount: number
  /** Quoted at creation for debits; the payer pays it only when choosing card. 0 for credits. */
  customer_surcharge_amount: number
  method: PaymentMethod | null
  surcharge_applied: boolean
  fail_reason: string | null
  fail_direction: FailDirection | null
  contact_id: string
  statement: string
  note: string | null
  to_bank_account: string | null
  from_bank_account: string | null
  created_at: string
  updated_at: string
  history: { state: TransactionState; at: string }[]
}

/**
 * An event exactly as Jetpay puts it in a webhook batch. Transaction events carry
 * `{state, transactionId}`; Jetpay's other events carry data that "varies by event type".
 */
export interface WireEvent {
  id: number
  createdAt: string
  type: string
  data: Record<string, unknown>
}

export interface StoredEvent {
  wire: WireEvent
  createdAtMicros: bigint
}

/**
 * Who caused an event: this store's own API calls and control actions on them, another
 * integration of the same company, Jetpay itself (company, KYC, card events), or a test placing
 * one by hand (POST /_sandbox/events).
 */
export type EventSource = "store" | "other_integration" | "platform" | "injected"

export interface Webhook {
  id: number
  identifier: string
  callback_url: string
  callback_api_key: string | null
  max_batch_size: number
  max_wait_seconds: number
  /** Set by the API (active, paused) or by giving up (failed); delivery phases are not stored. */
  state: StoredWebhookState
  last_sent_event_id: number
  /** Failed deliveries in a row; a 2xx (or a dropped batch) sets it back to 0. */
  consecutive_failures: number
  created_at: string
  updated_at: string
  /** Bumped when the delivery cursor is moved by hand (replay), so a late answer cannot move it back. */
  cursorGeneration: number
}

export interface RequestLogEntry {
  method: string
  path: string
  /** null when the sandbox held the request without answering (timeout fault). */
  status: number | null
  at: string
}

export interface DeliveryLogEntry {
  webhook_id: number
  event_ids: number[]
  /**
   * HTTP status of the receiver's answer; null on a network error or the 15 s timeout;
   * "dropped" when the drop fault swallowed the batch (never sent, counted as delivered).
   */
  status: number | null | "dropped"
  /** 0 for a dropped batch: no request was made. */
  attempt: number
  at: string
  /** null for a dropped batch: nothing was signed. */
  signature: "valid" | "bad" | null
  duplicate: boolean
}

export interface TransactionFilter {
  kind?: TransactionKind
  state?: TransactionState
}

// Long-running CLI sessions should not grow without bound; tests never come near this.
const LOG_LIMIT = 10_000

export class Store {
  /**
   * `firstEventId`: where event ids start, so a restarted sandbox never reuses an id.
   * `settings`: read when an event is written (the wording of a cancelled state).
   */
  constructor(
    firstEventId: number,
    private readonly settings: Pick<RuntimeSettings, "cancelledWording">
  ) {
    this.nextEventId = firstEventId
  }

  readonly clock = new MicrosClock()
  private contacts = new Map<string, Contact>()
  private transactions = new Map<string, TransactionRecord>()
  /** Transactions another integration made: in the feed and readable, but never listed as this store's. */
  private foreignIds = new Set<string>()
  /**
   * Ascending, and ids are never skipped, so the event with id `n` sits at index
   * `n - events[0].wire.id`: lookups by id are index arithmetic, not scans (thousands of events
   * and a lookup per delivery would otherwise be quadratic).
   */
  private events: StoredEvent[] = []
  private webhooks = new Map<string, Webhook>()
  private webhooksById = new Map<number, Webhook>()
  private requests: RequestLogEntry[] = []
  private deliveries: DeliveryLogEntry[] = []
  // Event and webhook ids survive reset: a test database may still hold ids from before a reset,
  // and Jetpay's ids are never reused.
  private nextEventId: number
  private nextWebhookId = 1
  private listeners: ((event: WireEvent, source: EventSource) => void)[] = []

  nowIso(): string {
    return formatIsoMicros(this.clock.now())
  }

  onEvent(listener: (event: WireEvent, source: EventSource) => void): void {
    this.listeners.push(listener)
  }

  reset(): void {
    this.contacts.clear()
    this.transactions.clear()
    this.foreignIds.clear()
    this.events = []
    this.webhooks.clear()
    this.webhooksById.clear()
    this.requests = []
    this.deliveries = []
  }

  // --- contacts ---

  createContact(input: Omit<Contact, "identifier" | "created_at">): Contact {
    const contact: Contact = { identifier: randomUUID(), ...input, created_at: this.nowIso() }
    this.contacts.set(contact.identifier, contact)
    return contact
  }

  /** A contact removed at Jetpay (its dashboard): later debits to it answer 404. */
  removeContact(identifier: string): boolean {
    return this.contacts.delete(identifier)
  }

  getContact(identifier: string): Contact | undefined {
    return this.contacts.get(identifier)
  }

  listContacts(): Contact[] {
    return [...this.contacts.values()]
  }

  // --- transactions ---

  createTransaction(input: {
    kind: TransactionKind
    state: TransactionState
    amount: number
    customer_surcharge_amount: number
    contact_id: string
    statement: string
    note: string | null
    to_bank_account: string | null
    from_bank_account: string | null
    method?: PaymentMethod
  }, source: "store" | "other_integration" = "store"): TransactionRecord {
    const at = this.nowIso()
    const record: TransactionRecord = {
      identifier: randomUUID(),
      kind: input.kind,
      state: input.state,
      amount: input.amount,
      customer_surcharge_amount: input.customer_surcharge_amount,
      method: input.method ?? null,
      surcharge_applied: false,
      fail_reason: null,
      fail_direction: null,
      contact_id: input.contact_id,
      statement: input.statement,
      note: input.note,
      to_bank_account: input.to_bank_account,
      from_bank_account: input.from_bank_account,
      created_at: at,
      updated_at: at,
      history: [{ state: input.state, at }],
    }
    this.transactions.set(record.identifier, record)
    if (source === "other_integration") this.foreignIds.add(record.identifier)
    this.emit(record, "created")
    return record
  }

  /** This store's transactions and other integrations' alike: Jetpay answers for both. */
  getTransaction(identifier: string): TransactionRecord | undefined {
    return this.transactions.get(identifier)
  }

  isForeign(identifier: string): boolean {
    return this.foreignIds.has(identifier)
  }

  /** Transactions made through the API (never another integration's), optionally filtered. */
  listTransactions(filter: TransactionFilter = {}): TransactionRecord[] {
    const found: TransactionRecord[] = []
    for (const record of this.transactions.values()) {
      if (this.foreignIds.has(record.identifier)) continue
      if (filter.kind && record.kind !== filter.kind) continue
      if (filter.state && record.state !== filter.state) continue
      found.push(record)
    }
    return found
  }

  listForeignTransactions(): TransactionRecord[] {
    return [...this.foreignIds].flatMap((identifier) => this.transactions.get(identifier) ?? [])
  }

  /**
   * Applies a state machine action. Returns the refusal text when the transition is not allowed;
   * the record is then untouched and no event is emitted.
   */
  applyAction(
    identifier: string,
    action: TransitionAction
  ): { ok: true; record: TransactionRecord } | { ok: false; detail: string } | undefined {
    const record = this.transactions.get(identifier)
    if (!record) return undefined
    const result = transition(record.kind, record.state, action)
    if (!result.ok) return result
    const at = this.nowIso()
    record.state = result.state
    record.updated_at = at
    record.history.push({ state: result.state, at })
    if (result.method) {
      record.method = result.method
      record.surcharge_applied = record.kind === "debit" && result.method === "card"
    }
    if (result.state === "failed") {
      record.fail_reason = result.failReason ?? null
      record.fail_direction = result.failDirection ?? null
    }
    this.emit(record, "updated")
    return { ok: true, record }
  }

  /**
   * Emits an `updated` event without a state change, as Jetpay does when something
   * other than the state changes. Returns undefined for an unknown transaction.
   */
  touch(identifier: string): TransactionRecord | undefined {
    const record = this.transactions.get(identifier)
    if (!record) return undefined
    record.updated_at = this.nowIso()
    this.emit(record, "updated")
    return record
  }

  // --- events ---

  private emit(record: TransactionRecord, change: "created" | "updated"): void {
    this.appendEvent(
      `transactions.${record.kind}s.${change}`,
      { state: eventState(record.state, this.settings.cancelledWording), transactionId: record.identifier },
      this.foreignIds.has(record.identifier) ? "other_integration" : "store"
    )
  }

  /** The one place event ids are given out: the next id, now. */
  appendEvent(type: string, data: Record<string, unknown>, source: EventSource): WireEvent {
    const micros = this.clock.now()
    const wire: WireEvent = { id: this.nextEventId++, createdAt: formatIsoMicros(micros), type, data }
    this.events.push({ wire, createdAtMicros: micros })
    for (const listener of this.listeners) listener(wire, source)
    return wire
  }

  /** Events with an id above `afterId`, ascending, at most `limit`. */
  eventsAfter(afterId: number, limit = Number.POSITIVE_INFINITY): StoredEvent[] {
    if (this.events.length === 0) return []
    const start = Math.max(0, afterId + 1 - this.events[0].wire.id)
    return this.events.slice(start, start + limit)
  }

  listEvents(): WireEvent[] {
    return this.events.map((event) => event.wire)
  }

  /** The id of the newest event, or 0; a fresh webhook starts after it. */
  lastEventId(): number {
    return this.nextEventId - 1
  }

  /** The cursor that makes delivery start at the first event created at or after `micros`. */
  cursorBeforeTimestamp(micros: bigint): number {
    // The clock never goes back, so events are sorted by time too: binary search.
    let low = 0
    let high = this.events.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.events[middle].createdAtMicros >= micros) high = middle
      else low = middle + 1
    }
    return low < this.events.length ? this.events[low].wire.id - 1 : this.lastEventId()
  }

  // --- webhooks ---

  createWebhook(
    input: Pick<
      Webhook,
      "callback_url" | "callback_api_key" | "max_batch_size" | "max_wait_seconds" | "last_sent_event_id"
    >
  ): Webhook {
    const at = this.nowIso()
    const webhook: Webhook = {
      id: this.nextWebhookId++,
      identifier: randomUUID(),
      ...input,
      state: "active",
      consecutive_failures: 0,
      created_at: at,
      updated_at: at,
      cursorGeneration: 0,
    }
    this.webhooks.set(webhook.identifier, webhook)
    this.webhooksById.set(webhook.id, webhook)
    return webhook
  }

  getWebhook(identifier: string): Webhook | undefined {
    return this.webhooks.get(identifier)
  }

  getWebhookById(id: number): Webhook | undefined {
    return this.webhooksById.get(id)
  }

  /** The company's webhook with this callback_url (Jetpay keeps them unique per company). */
  findWebhookByUrl(callbackUrl: string): Webhook | undefined {
    for (const webhook of this.webhooks.values()) if (webhook.callback_url === callbackUrl) return webhook
    return undefined
  }

  listWebhooks(): Webhook[] {
    return [...this.webhooks.values()]
  }

  deleteWebhook(identifier: string): boolean {
    const webhook = this.webhooks.get(identifier)
    if (webhook) this.webhooksById.delete(webhook.id)
    return this.webhooks.delete(identifier)
  }

  // --- logs ---

  logRequest(entry: RequestLogEntry): void {
    pushBounded(this.requests, entry)
  }

  listRequests(): RequestLogEntry[] {
    return this.requests.slice(-LOG_LIMIT)
  }

  clearRequests(): void {
    this.requests = []
  }

  logDelivery(entry: DeliveryLogEntry): void {
    pushBounded(this.deliveries, entry)
  }

  listDeliveries(): DeliveryLogEntry[] {
    return this.deliveries.slice(-LOG_LIMIT)
  }
}

/** Trims in steps of a tenth, so a long run does not shift 10,000 entries on every request. */
function pushBounded<T>(list: T[], entry: T): void {
  list.push(entry)
  if (list.length > LOG_LIMIT + LOG_LIMIT / 10) list.splice(0, list.length - LOG_LIMIT)
}
