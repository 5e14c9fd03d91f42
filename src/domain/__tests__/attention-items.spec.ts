import { actionsFor, attentionItem, attentionKindOf, type AttentionKind, type AttentionRecord } from "../attention-items"

const now = new Date("2026-12-07T12:00:00Z")
const ago = (ms: number) => new Date(now.getTime() - ms)
const timings = { paidWithoutOrderGraceMs: 60_000, refundIntentStaleMs: 300_000 }

const record = (change: Partial<AttentionRecord> = {}): AttentionRecord => ({
  jetpay_id: "jp-1",
  kind: "debit",
  order_id: "order_1",
  cart_id: "cart_1",
  amount: 1000,
  fail_reason: null,
  last_error: null,
  amount_mismatch: null,
  refund_due_error: null,
  refund_outcome: null,
  failed_at: null,
  reversed_at: null,
  authorized_at: ago(3_600_000),
  authorized_event_at: null,
  created_at: ago(3_600_000),
  updated_at: now,
  ...change,
})

describe("attentionKindOf: which payments a person must act on", () => {
  it.each<[string, Partial<AttentionRecord>, boolean, AttentionKind | null]>([
    ["a paid debit with its order", {}, false, null],
    ["paid, no order, past the grace", { order_id: null }, false, "paid_without_order"],
    ["paid, no order, within the grace", { order_id: null, authorized_at: ago(10_000) }, false, null],
    ["paid for another amount", { order_id: null, amount_mismatch: { debit: 1000, session: 900, cart: 900 } }, false, "amount_mismatch"],
    ["failed after its order was made", { failed_at: ago(1_000), fail_reason: "NSF" }, false, "failed_debit"],
    ["failed after its order was canceled: nothing to do", { failed_at: ago(1_000) }, true, null],
    ["came back after it settled", { reversed_at: ago(1_000) }, false, "reversal"],
    ["settled for a canceled order, its refund refused", { refund_due_error: "Jetpay refused the credit" }, true, "refund_due"],
    ["settled for a canceled order, then came back: the money is back already", { refund_due_error: "refused", reversed_at: ago(1_000) }, true, "reversal"],
    ["a refund whose answer was lost", { kind: "credit", refund_outcome: "unknown" }, false, "refund_unknown"],
    ["a refund on its way", { kind: "credit", refund_outcome: "pending", created_at: ago(10_000) }, false, null],
    ["a refund whose process died", { kind: "credit", refund_outcome: "pending", created_at: ago(300_000) }, false, "refund_unknown"],
    ["a refund credit that failed", { kind: "credit", refund_outcome: "sent", failed_at: ago(1_000) }, false, "refund_failed"],
    ["a refund Jetpay refused at once (the admin saw it)", { kind: "credit", refund_outcome: "not_sent" }, false, null],
  ])("%s", (_name, change, orderCanceled, kind) => {
    expect(attentionKindOf(record(change), now, orderCanceled, timings)).toBe(kind)
  })

  it("a refund due says why it could not be made and offers the refund again or marking it handled", () => {
    const item = attentionItem(record({ refund_due_error: "Jetpay refused the credit: bank account closed" }), "refund_due")
    expect(item).toMatchObject({
      id: "refund_due:jp-1",
      kind: "refund_due",
      order_id: "order_1",
      reason: "Jetpay refused the credit: bank account closed",
      actions: ["refund", "dismiss"],
    })
    expect(actionsFor("refund_due")).toEqual(["refund", "dismiss"])
  })
})
