import {
  ATTENTION_EMAIL_ATTEMPTS,
  attentionEmail,
  attentionEmailSendingKey,
  beginAttentionEmailTry,
  dueAttentionEmails,
  finishAttentionEmailTry,
  forgetResolvedFailures,
  queueAttentionEmails,
  type StaffEmailState,
} from "../attention-email"
import { sendingCountsAsSent } from "../email-retry"
import type { AttentionItem } from "../attention-items"

const item = (id: string, overrides: Partial<AttentionItem> = {}): AttentionItem => ({
  id,
  kind: "failed_debit",
  transaction_id: id.split(":")[1] ?? null,
  order_id: "order_1",
  cart_id: "cart_1",
  amount: 9998,
  reason: "nsf",
  since: "2026-12-07T10:00:00.000Z",
  actions: ["cancel_order", "dismiss"],
  ...overrides,
})
const now = new Date("2026-12-07T12:00:00.000Z")
const at = (ms: number) => new Date(now.getTime() + ms)
const email = (id: string, overrides: Partial<AttentionItem> = {}) =>
  attentionEmail(item(id, overrides), { orderDisplayId: 42, currency: "cad", adminPath: "/app" })

describe("staff emails about Needs attention", () => {
  it.each<[string, Partial<AttentionItem>, RegExp, string]>([
    ["failed_debit:d1", {}, /^Do not ship/, "/app/orders/order_1"],
    ["reversal:d1", { kind: "reversal" }, /^Hold the shipment/, "/app/orders/order_1"],
    ["amount_mismatch:d1", { kind: "amount_mismatch", order_id: null }, /Refund the payer/, "/app/settings/jetpay"],
    ["events_lost:1-3", { kind: "events_lost", order_id: null, cart_id: null, transaction_id: null, amount: 0 }, /Jetpay's dashboard/, "/app/settings/jetpay"],
  ])("%s says what to do and where in the admin", (id, overrides, todo, path) => {
    const data = email(id, overrides)
    expect(data.what_to_do).toMatch(todo)
    expect(data.admin_path).toBe(path)
    expect(data.text).toContain(data.what_to_do)
    expect(data.text).toContain(path)
  })

  it("names the order by its display id and the amount in the account's currency", () => {
    const data = email("failed_debit:d1")
    expect(data).toMatchObject({ order_display_id: 42, amount: 9998, amount_formatted: "$99.98", kind: "failed_debit" })
    expect(data.subject).toBe("Jetpay needs attention: Payment failed after the order was placed (order #42)")
  })

  it("queues each item once per address, whatever is queued again", () => {
    const once = queueAttentionEmails(undefined, [email("failed_debit:d1")], ["a@x.ca", "b@x.ca"], now)
    expect(once.pending.map((entry) => entry.key)).toEqual(["jetpay-attention:failed_debit:d1:a@x.ca", "jetpay-attention:failed_debit:d1:b@x.ca"])
    const twice = queueAttentionEmails(once, [email("failed_debit:d1"), email("reversal:d2", { kind: "reversal" })], ["a@x.ca"], now)
    expect(twice.pending.map((entry) => entry.key)).toEqual([...once.pending.map((entry) => entry.key), "jetpay-attention:reversal:d2:a@x.ca"])
    expect(queueAttentionEmails(once, [], ["a@x.ca"], now)).toBe(once)
  })

  /** One try that fails with `error` (null: sent), begun at `when`. */
  const tryOnce = (state: StaffEmailState, key: string, error: string | null, when = now) =>
    finishAttentionEmailTry(beginAttentionEmailTry(state, key, when, 1_000)!.state, key, error)

  it("retries a failed send later, doubling the wait, and gives it up after its tries", () => {
    let state: StaffEmailState = queueAttentionEmails(undefined, [email("failed_debit:d1")], ["a@x.ca"], now)
    const key = state.pending[0].key
    expect(dueAttentionEmails(state, now)).toHaveLength(1)
    state = tryOnce(state, key, "smtp down")
    expect(state.pending[0]).toMatchObject({ attempts: 1, last_error: "smtp down", next_at: at(1_000).toISOString(), in_flight: null })
    expect(dueAttentionEmails(state, at(999))).toHaveLength(0)
    expect(dueAttentionEmails(state, at(1_000))).toHaveLength(1)
    state = tryOnce(state, key, "smtp down")
    expect(state.pending[0].next_at).toBe(at(2_000).toISOString())
    for (let tries = 2; tries < ATTENTION_EMAIL_ATTEMPTS; tries++) state = tryOnce(state, key, "smtp down")
    expect(state.pending).toEqual([])
    expect(state.failed).toEqual([expect.objectContaining({ key, attempts: ATTENTION_EMAIL_ATTEMPTS, last_error: "smtp down" })])
    // Given up: never queued again, never tried, and forgotten once its item is resolved.
    expect(queueAttentionEmails(state, [email("failed_debit:d1")], ["a@x.ca"], now)).toBe(state)
    expect(beginAttentionEmailTry(state, key, now, 1_000)).toBeNull()
    expect(forgetResolvedFailures(state, new Set(["failed_debit:d1"]))).toBe(state)
    expect(forgetResolvedFailures(state, new Set()).failed).toEqual([])
  })

  it("gives each sending its own idempotency key, recorded in flight before the send", () => {
    let state: StaffEmailState = queueAttentionEmails(undefined, [email("failed_debit:d1")], ["a@x.ca"], now)
    const key = state.pending[0].key
    const first = beginAttentionEmailTry(state, key, now, 1_000)!
    expect(first.sending).toBe(1)
    expect(attentionEmailSendingKey(first.state.pending[0], first.sending)).toBe("jetpay-attention:failed_debit:d1:a@x.ca:1")
    // A process that dies now leaves the sending in flight, counted, and due again after its wait.
    expect(first.state.pending[0]).toMatchObject({ in_flight: 1, attempts: 1, next_at: at(1_000).toISOString() })
    expect(dueAttentionEmails(first.state, at(999))).toHaveLength(0)
    state = finishAttentionEmailTry(first.state, key, "smtp down")
    const second = beginAttentionEmailTry(state, key, at(1_000), 1_000)!
    expect(second.sending).toBe(2)
    expect(second.state.pending[0]).toMatchObject({ in_flight: 2, attempts: 2 })
  })

  it.each<[string, { status: string } | undefined, boolean]>([
    ["the module has no notification under the key", undefined, false],
    ["the module recorded it failed", { status: "failure" }, false],
    ["the provider took it", { status: "success" }, true],
    ["the module was sending it when its process died", { status: "pending" }, true],
  ])("a sending whose outcome was not recorded: %s", (_case, notification, sent) => {
    expect(sendingCountsAsSent(notification)).toBe(sent)
  })

  it("drops a sent email from the list", () => {
    const state = queueAttentionEmails(undefined, [email("failed_debit:d1")], ["a@x.ca"], now)
    expect(tryOnce(state, state.pending[0].key, null).pending).toEqual([])
  })
})
