// Jetpay's webhooks are company-wide: besides this store's transaction events, a batch may hold
// events that are not about transactions (company, KYC, card tokenization, platform notices) and
// events about transactions another integration made. While switched on, this adds such events
// after this store's own ones, so a receiver meets them interleaved, with ascending ids.

import { randomUUID } from "node:crypto"
import type { TransitionAction } from "./state-machine"
import type { Store, TransactionRecord } from "./store"

/** Event types Jetpay names but does not describe; their `data` here is the sandbox's invention. */
export const PLATFORM_EVENT_TYPES = [
  "company.updated",
  "kyc.status_changed",
  "cards.tokenization.completed",
  "platform.notice",
] as const
export type PlatformEventType = (typeof PLATFORM_EVENT_TYPES)[number]

/** Data that "varies by event type", never with a transactionId or a state. */
export function platformEventData(type: PlatformEventType, sequence: number): Record<string, unknown> {
  switch (type) {
    case "company.updated":
      return { companyId: COMPANY_ID, changed: ["display_name"], displayName: `Sandbox Company ${sequence}` }
    case "kyc.status_changed":
      return { companyId: COMPANY_ID, status: sequence % 2 === 0 ? "approved" : "in_review", previousStatus: "pending" }
    case "cards.tokenization.completed":
      return { tokenId: randomUUID(), contactId: randomUUID(), brand: "visa", last4: "4242" }
    case "platform.notice":
      return { severity: "info", message: `Scheduled maintenance window ${sequence}` }
  }
}

const COMPANY_ID = "0b5e7a52-6c1f-4c57-9d2e-3f8a1b6c9d40"

/**
 * Which foreign event comes next: platform events and another integration's transaction steps
 * alternate, so a few switched-on events already show every kind.
 */
export function foreignEventKind(sequence: number): PlatformEventType | "other_transaction" {
  return sequence % 2 === 1 ? "other_transaction" : PLATFORM_EVENT_TYPES[(sequence / 2) % PLATFORM_EVENT_TYPES.length]
}

interface Plan {
  kind: "debit" | "credit"
  steps: TransitionAction[]
}

/** How another integration's transactions move on: paid and settled, paid out, or declined. */
const PLANS: Plan[] = [
  { kind: "debit", steps: [{ type: "pay", method: "eft" }, { type: "complete" }] },
  { kind: "credit", steps: [{ type: "enter_bank_details" }, { type: "initiate" }, { type: "complete" }] },
  { kind: "debit", steps: [{ type: "pay", method: "card" }, { type: "fail", reason: "declined" }] },
]

/** Another integration keeps at most this many transactions moving at a time. */
const IN_PROGRESS = 2

export interface ForeignEventSettings {
  enabled: boolean
  /** The chance (0..1) that one foreign event follows each of this store's events. */
  probability: number
}

export class ForeignEvents {
  private settings: ForeignEventSettings = { enabled: false, probability: 1 }
  private sequence = 0
  private emitted = 0
  private plans = 0
  private inProgress: { identifier: string; steps: TransitionAction[] }[] = []

  constructor(
    private readonly store: Store,
    private readonly random: () => number = Math.random
  ) {
    store.onEvent((_, source) => {
      if (source !== "store" || !this.settings.enabled) return
      if (this.random() < this.settings.probability) this.emitNext()
    })
  }

  configure(update: Partial<ForeignEventSettings>): void {
    this.settings = {
      enabled: update.enabled ?? this.settings.enabled,
      probability: update.probability ?? this.settings.probability,
    }
  }

  view() {
    return {
      ...this.settings,
      emitted: this.emitted,
      transactions: this.store.listForeignTransactions().map(({ identifier, kind, state }) => ({ identifier, kind, state })),
    }
  }

  reset(): void {
    this.settings = { enabled: false, probability: 1 }
    this.emitted = 0
    this.inProgress = []
  }

  private emitNext(): void {
    const kind = foreignEventKind(this.sequence++)
    this.emitted += 1
    if (kind === "other_transaction") this.stepOtherTransaction()
    else this.store.appendEvent(kind, platformEventData(kind, this.sequence), "platform")
  }

  private stepOtherTransaction(): void {
    while (this.inProgress.length >= IN_PROGRESS) {
      const oldest = this.inProgress[0]
      const step = oldest.steps.shift()
      if (!step || oldest.steps.length === 0) this.inProgress.shift()
      // A refused step (someone cancelled it through the API) just ends that transaction's run.
      if (step && this.store.applyAction(oldest.identifier, step)?.ok) return
    }
    this.create()
  }

  private create(): TransactionRecord {
    const plan = PLANS[this.plans++ % PLANS.length]
    const record = this.store.createTransaction(
      {
        kind: plan.kind,
        state: "requested",
        amount: 1000 + (this.plans % 50) * 100,
        customer_surcharge_amount: 0,
        contact_id: randomUUID(),
        statement: "OTHER INTEGRATION",
        note: null,
        to_bank_account: null,
        from_bank_account: null,
      },
      "other_integration"
    )
    this.inProgress.push({ identifier: record.identifier, steps: [...plan.steps] })
    return record
  }
}
