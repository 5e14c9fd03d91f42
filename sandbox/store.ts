// The sandbox's whole state, in memory. Route handlers validate input; the store only keeps
// records consistent (every state change goes through the state machine and emits one event).

import { randomUUID } from "node:crypto"
import { MicrosClock, formatIsoMicros } from "./clock"
import {
  transition,
  type FailDirection,
  type PaymentMethod,
  type TransactionKind,
  type TransactionState,
  type TransitionAction,
} from "./state-machine"

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

export type EventType =
  | "transactions.debits.created"
  | "transactions.debits.updated"
  | "transactions.credits.created"
  | "transactions.credits.updated"

/** An event exactly as Jetpay puts it in a webhook batch. */
export interface WireEvent {
  id: number
  createdAt: string
  type: EventType
  data: { state: TransactionState; transactionId: string }
}

export interface StoredEvent {
  wire: WireEvent
  createdAtMicros: bigint
}

export interface Webhook {
  id: number
  identifier: string
  callback_url: string
  callback_api_key: string | null
  max_batch_size: number
  max_wait_seconds: number
  state: "active" | "paused"
  last_sent_event_id: number
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
  /** HTTP status of the receiver's answer; null on a network error or the 15 s timeout. */
  status: number | null
  attempt: number
  at: string
  signature: "valid" | "bad"
  duplicate: boolean
}

// Long-running CLI sessions should not grow without bound; tests never come near this.
const LOG_LIMIT = 10_000

export class Store {
  /** `firstEventId`: where event ids start, so a restarted sandbox never reuses an id. */
  constructor(firstEventId = 1) {
    this.nextEventId = firstEventId
  }

  readonly clock = new MicrosClock()
  private contacts = new Map<string, Contact>()
  private transactions = new Map<string, TransactionRecord>()
  private events: StoredEvent[] = []
  private webhooks = new Map<string, Webhook>()
  private requests: RequestLogEntry[] = []
  private deliveries: DeliveryLogEntry[] = []
  // Event and webhook ids survive reset: a test database may still hold ids from before a reset,
  // and Jetpay's ids are never reused.
  private nextEventId: number
  private nextWebhookId = 1
  private listeners: ((event: WireEvent) => void)[] = []

  nowIso(): string {
    return formatIsoMicros(this.clock.now())
  }

  onEvent(listener: (event: WireEvent) => void): void {
    this.listeners.push(listener)
  }

  reset(): void {
    this.contacts.clear()
    this.transactions.clear()
    this.events = []
    this.webhooks.clear()
    this.requests = []
    this.deliveries = []
  }

  // --- contacts ---

  createContact(input: Omit<Contact, "identifier" | "created_at">): Contact {
    const contact: Contact = { identifier: randomUUID(), ...input, created_at: this.nowIso() }
    this.contacts.set(contact.identifier, contact)
    return contact
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
  }): TransactionRecord {
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
    this.emit(record, "created")
    return record
  }

  getTransaction(identifier: string): TransactionRecord | undefined {
    return this.transactions.get(identifier)
  }

  listTransactions(): TransactionRecord[] {
    return [...this.transactions.values()]
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
    const micros = this.clock.now()
    const wire: WireEvent = {
      id: this.nextEventId++,
      createdAt: formatIsoMicros(micros),
      type: `transactions.${record.kind}s.${change}`,
      data: { state: record.state, transactionId: record.identifier },
    }
    this.events.push({ wire, createdAtMicros: micros })
    for (const listener of this.listeners) listener(wire)
  }

  /** Events with an id above `afterId`, ascending, at most `limit`. */
  eventsAfter(afterId: number, limit = Number.POSITIVE_INFINITY): StoredEvent[] {
    const found: StoredEvent[] = []
    for (const event of this.events) {
      if (found.length >= limit) break
      if (event.wire.id > afterId) found.push(event)
    }
    return found
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
    const first = this.events.find((event) => event.createdAtMicros >= micros)
    return first ? first.wire.id - 1 : this.lastEventId()
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
      created_at: at,
      updated_at: at,
      cursorGeneration: 0,
    }
    this.webhooks.set(webhook.identifier, webhook)
    return webhook
  }

  getWebhook(identifier: string): Webhook | undefined {
    return this.webhooks.get(identifier)
  }

  getWebhookById(id: number): Webhook | undefined {
    return [...this.webhooks.values()].find((webhook) => webhook.id === id)
  }

  listWebhooks(): Webhook[] {
    return [...this.webhooks.values()]
  }

  deleteWebhook(identifier: string): boolean {
    return this.webhooks.delete(identifier)
  }

  // --- logs ---

  logRequest(entry: RequestLogEntry): void {
    pushBounded(this.requests, entry)
  }

  listRequests(): RequestLogEntry[] {
    return [...this.requests]
  }

  clearRequests(): void {
    this.requests = []
  }

  logDelivery(entry: DeliveryLogEntry): void {
    pushBounded(this.deliveries, entry)
  }

  listDeliveries(): DeliveryLogEntry[] {
    return [...this.deliveries]
  }
}

function pushBounded<T>(list: T[], entry: T): void {
  list.push(entry)
  if (list.length > LOG_LIMIT) list.splice(0, list.length - LOG_LIMIT)
}
