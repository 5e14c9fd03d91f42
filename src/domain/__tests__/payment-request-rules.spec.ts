import { decidePaymentRequest, outstandingAmount, type CollectionFacts, type OutstandingInput } from "../payment-request-rules"

const settled: CollectionFacts = { id: "pay_col_1", status: "completed", payments: [{ amount: 99.98, captured_at: "2026-11-30", canceled_at: null }] }
const base: OutstandingInput = {
  order_status: "pending",
  currency_code: "cad",
  email: "marie@example.com",
  pending_difference: 49.99,
  collections: [settled, { id: "pay_col_2", status: "not_paid", payments: [] }],
}

describe("outstandingAmount", () => {
  it.each<[string, Partial<OutstandingInput>, number, number]>([
    ["an order edit that raised the total", {}, 49.99, 4999],
    ["Medusa's BigNumber raw value", { pending_difference: { value: "49.99", precision: 20 } as never }, 49.99, 4999],
    ["tax arithmetic with more decimals rounds half up", { pending_difference: "10.005" }, 10.005, 1001],
    ["nothing pending", { pending_difference: 0 }, 0, 0],
    ["a refund due to the customer is nothing to collect", { pending_difference: -20 }, 0, 0],
    ["no summary yet", { pending_difference: undefined }, 0, 0],
    [
      "money authorized and on its way is not asked again",
      { pending_difference: 149.97, collections: [{ id: "c", status: "authorized", payments: [{ amount: 99.98, captured_at: null, canceled_at: null }] }] },
      49.99,
      4999,
    ],
    [
      "a canceled payment does not count",
      { pending_difference: 49.99, collections: [{ id: "c", status: "not_paid", payments: [{ amount: 49.99, captured_at: null, canceled_at: "2026-11-30" }] }] },
      49.99,
      4999,
    ],
  ])("%s", (_name, change, amount, cents) => {
    const outstanding = outstandingAmount({ ...base, ...change })
    expect(outstanding.amount.numeric).toBeCloseTo(amount, 6)
    expect(outstanding.cents).toBe(cents)
  })
})

describe("decidePaymentRequest", () => {
  it.each<[string, Partial<OutstandingInput>, Array<{ id: string; amount: number }>, string | null]>([
    ["requests the difference", {}, [], null],
    ["refuses a canceled order", { order_status: "canceled" }, [], "order_canceled"],
    ["refuses an order without an email", { email: null }, [], "no_email"],
    ["refuses when nothing is outstanding", { pending_difference: 0 }, [], "nothing_outstanding"],
    ["refuses when the customer is owed money", { pending_difference: -5 }, [], "nothing_outstanding"],
    [
      "refuses while a payment is authorized and not settled",
      { pending_difference: 149.97, collections: [{ id: "c", status: "authorized", payments: [{ amount: 99.98, captured_at: null, canceled_at: null }] }] },
      [],
      "authorized_pending",
    ],
    [
      "refuses while a payment awaits settlement (no Medusa payment yet, still in the difference)",
      { collections: [settled, { id: "c", status: "awaiting", payments: [], payment_sessions: [{ amount: 49.99, status: "pending_authorization" }] }] },
      [],
      "awaiting_settlement",
    ],
    [
      "an authorized or canceled session is not awaiting",
      { collections: [settled, { id: "c", status: "not_paid", payments: [], payment_sessions: [{ amount: 49.99, status: "canceled" }, { amount: 10, status: "error" }] }] },
      [],
      null,
    ],
    ["refuses a second request for the same amount", {}, [{ id: "jptx_1", amount: 4999 }], "already_requested"],
    ["supersedes an open request for another amount", {}, [{ id: "jptx_1", amount: 2500 }], null],
  ])("%s", (_name, change, open, refusal) => {
    const decision = decidePaymentRequest({ ...base, ...change }, open)
    if (refusal === null) {
      expect(decision.ok).toBe(true)
      if (decision.ok) expect(decision.supersede).toEqual(open.map((request) => request.id))
    } else {
      expect(decision.ok).toBe(false)
      if (!decision.ok) {
        expect(decision.refusal.code).toBe(refusal)
        expect(decision.refusal.message).toMatch(/\.$/)
      }
    }
  })

  it("says the open request's amount in its refusal", () => {
    const decision = decidePaymentRequest(base, [{ id: "jptx_1", amount: 4999 }])
    expect(!decision.ok && decision.refusal.message).toBe(
      "A payment request for $49.99 is already open for this order. Resend it, or cancel it before requesting again."
    )
  })

  it("says what awaits in its refusal", () => {
    const awaiting: CollectionFacts = { id: "c", status: "awaiting", payments: [], payment_sessions: [{ amount: 49.99, status: "pending_authorization" }] }
    const decision = decidePaymentRequest({ ...base, collections: [settled, awaiting] }, [])
    expect(!decision.ok && decision.refusal.message).toBe(
      "A payment of $49.99 awaits on this order (an EFT Jetpay is still pulling, or a Jetpay link not paid yet). Request more once it has settled or been canceled."
    )
  })
})
