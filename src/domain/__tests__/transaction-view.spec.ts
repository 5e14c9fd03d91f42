import { orderJetpayView, transactionView, type TransactionRecordInput, type WebhookEventRecordInput } from "../transaction-view"

const record = (overrides: Partial<TransactionRecordInput> = {}): TransactionRecordInput => ({
  jetpay_id: "debit-1",
  kind: "debit",
  state: "requested",
  amount: 9998,
  surcharge: 350,
  fail_reason: null,
  fail_direction: null,
  link: "https://pay.example/debit-1",
  reversed_at: null,
  payment_id: null,
  order_id: null,
  debit_jetpay_id: null,
  status_checked_at: null,
  created_at: new Date("2026-01-01T10:00:00Z"),
  ...overrides,
})

const event = (id: string, transaction: string, state: string): WebhookEventRecordInput => ({
  jetpay_event_id: id,
  jetpay_transaction_id: transaction,
  type: "transactions.debits.updated",
  state,
  occurred_at: null,
  received_at: new Date("2026-01-01T10:00:00Z"),
  processed_at: null,
  attempts: 0,
  last_error: null,
})

describe("transactionView", () => {
  it("shows a debit's link only while it can be paid", () => {
    expect(transactionView(record(), [], "cad").link).toBe("https://pay.example/debit-1")
    for (const state of ["initiated", "paid", "completed", "failed", "cancelled"]) {
      expect(transactionView(record({ state }), [], "cad").link).toBeNull()
    }
  })

  it("always shows a credit's payee link, and the debit it refunds", () => {
    const credit = record({ jetpay_id: "credit-1", kind: "credit", state: "processing", link: "https://pay.example/receive", debit_jetpay_id: "debit-1" })
    expect(transactionView(credit, [], "cad")).toMatchObject({ kind: "credit", link: "https://pay.example/receive", debit_id: "debit-1" })
  })

  it("lists only its own events, in Jetpay's order (by number, not text)", () => {
    const events = [event("10", "debit-1", "completed"), event("9", "debit-1", "initiated"), event("11", "other", "paid")]
    expect(transactionView(record(), events, "cad").events.map((e) => e.id)).toEqual(["9", "10"])
  })

  it("formats amounts and flags a reversal", () => {
    const view = transactionView(record({ state: "failed", reversed_at: "2026-01-02T00:00:00.000Z" }), [], "cad")
    expect(view).toMatchObject({ amount_formatted: "$99.98", surcharge_formatted: "$3.50", reversed: true, reversed_at: "2026-01-02T00:00:00.000Z" })
    expect(view.status.code).toBe("reversed")
  })
})

describe("orderJetpayView", () => {
  it("follows the debit that paid the order, adds up live refunds and sorts oldest first", () => {
    const older = record({ jetpay_id: "old", state: "cancelled", created_at: new Date("2026-01-01T09:00:00Z") })
    const paid = record({ state: "completed", payment_id: "pay_1" })
    const refund = record({ jetpay_id: "c1", kind: "credit", amount: 2000, created_at: new Date("2026-01-02T00:00:00Z") })
    const failedRefund = record({ jetpay_id: "c2", kind: "credit", state: "failed", amount: 500, created_at: new Date("2026-01-03T00:00:00Z") })
    const view = orderJetpayView("order_1", "cad", [failedRefund, refund, paid, older], [])
    expect(view.transactions.map((t) => t.id)).toEqual(["old", "debit-1", "c1", "c2"])
    expect(view.status).toEqual({ code: "partially_refunded", label: "Partially refunded" })
    expect(view).toMatchObject({ debit_id: "debit-1", refunded_amount: 2000, refunded_amount_formatted: "$20.00" })
  })

  it("has no status without a Jetpay payment", () => {
    expect(orderJetpayView("order_1", "cad", [], [])).toEqual({
      order_id: "order_1",
      currency_code: "cad",
      status: null,
      debit_id: null,
      refunded_amount: 0,
      refunded_amount_formatted: "$0.00",
      transactions: [],
    })
  })
})
