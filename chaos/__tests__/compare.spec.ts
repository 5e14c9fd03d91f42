import { compareCart, type ExpectedDebit, type ObservedCart, type ObservedPayment } from "../compare"
import { classifyDebit } from "../outcomes"

function debit(id: string, history: string[], amount = 4999): ExpectedDebit {
  const state = history[history.length - 1]
  return { id, state, history, amount, ...classifyDebit({ state, history }) }
}

function payment(debitId: string, overrides: Partial<ObservedPayment> = {}): ObservedPayment {
  return { id: `pay_${debitId}`, debitId, amountCents: 4999, capturedAt: null, canceledAt: null, captures: [], ...overrides }
}

function cart(orders: ObservedCart["orders"], overrides: Partial<ObservedCart> = {}): ObservedCart {
  const orderIds = orders.map((order) => order.id)
  return { cartId: "cart_1", orderIds, statusOrderId: orderIds[0] ?? null, orders, sessions: [], ...overrides }
}

const order = (
  payments: ObservedPayment[],
  extra: { metadata?: Record<string, unknown>; reversedDebits?: string[]; canceledAt?: string } = {}
) => ({
  id: "order_1",
  metadata: extra.metadata ?? null,
  canceledAt: extra.canceledAt ?? null,
  payments,
  reversedDebits: extra.reversedDebits ?? [],
})

const captured = { capturedAt: "2026-01-01T00:00:00Z", captures: [{ amountCents: 4999 }] }

describe("one cart against its debits' expectations", () => {
  it.each([
    ["never paid, no order", [debit("d1", ["requested"])], cart([]), []],
    ["never paid, an order", [debit("d1", ["requested"])], cart([order([payment("d1")])]), [/order order_1 exists/, /order order_1 pays with it/]],
    ["never paid, an unpaid order", [debit("d1", ["requested"])], cart([order([])]), [/order order_1 exists/]],
    ["never paid, an unpaid order canceled", [debit("d1", ["requested"])], cart([order([], { canceledAt: "t" })]), []],
    ["cancelled, an unpaid order canceled", [debit("d1", ["requested", "cancelled"])], cart([order([], { canceledAt: "t" })]), []],
    ["authorized, its order canceled unpaid", [debit("d1", ["requested", "paid"])], cart([order([], { canceledAt: "t" })]), [/no Medusa payment for it/]],
    ["authorized, no order", [debit("d1", ["requested", "paid"])], cart([]), [/no order/]],
    ["authorized", [debit("d1", ["requested", "paid"])], cart([order([payment("d1")])]), []],
    ["authorized but captured", [debit("d1", ["requested", "paid"])], cart([order([payment("d1", captured)])]), [/captured \(1 captures\)/]],
    ["settled", [debit("d1", ["requested", "initiated", "completed"])], cart([order([payment("d1", captured)])]), []],
    ["settled, not captured", [debit("d1", ["requested", "initiated", "completed"])], cart([order([payment("d1")])]), [/not captured/]],
    [
      "settled, captured twice",
      [debit("d1", ["requested", "initiated", "completed"])],
      cart([order([payment("d1", { ...captured, captures: [{ amountCents: 4999 }, { amountCents: 4999 }] })])]),
      [/captured 2 times/],
    ],
    [
      "settled, partly captured",
      [debit("d1", ["requested", "initiated", "completed"])],
      cart([order([payment("d1", { ...captured, captures: [{ amountCents: 100 }] })])]),
      [/captured 100 of 4999/],
    ],
    ["failed after authorization, canceled", [debit("d1", ["requested", "initiated", "failed"])], cart([order([payment("d1", { canceledAt: "t" })])]), []],
    ["failed after authorization, known before any order: none", [debit("d1", ["requested", "initiated", "failed"])], cart([]), []],
    ["failed after authorization, not canceled", [debit("d1", ["requested", "initiated", "failed"])], cart([order([payment("d1")])]), [/not canceled/]],
    ["failed unpaid", [debit("d1", ["requested", "failed"])], cart([]), []],
    // eftAuthorizedOn "completed" (the default): an EFT the payer signed awaits settlement.
    [
      "signed EFT, the order's payment awaiting",
      [debit("d1", ["requested", "initiated"])],
      cart([order([])], { sessions: [{ debitId: "d1", status: "pending_authorization" }] }),
      [],
    ],
    ["signed EFT, no order", [debit("d1", ["requested", "initiated"])], cart([]), [/no order, although Jetpay says the payer authorized/]],
    [
      "signed EFT, a Medusa payment authorized before it settled",
      [debit("d1", ["requested", "initiated"])],
      cart([order([payment("d1")])], { sessions: [{ debitId: "d1", status: "authorized" }] }),
      [/Medusa payment pay_d1 for it, expected its payment awaiting settlement/],
    ],
    [
      "signed EFT, its session no longer awaiting and no payment",
      [debit("d1", ["requested", "initiated"])],
      cart([order([])], { sessions: [{ debitId: "d1", status: "error" }] }),
      [/its payment session is error, expected pending_authorization/],
    ],
    [
      "failed while awaiting settlement: no payment, its session ended",
      [debit("d1", ["requested", "initiated", "failed"])],
      cart([order([])], { sessions: [{ debitId: "d1", status: "error" }] }),
      [],
    ],
    [
      "failed while awaiting settlement, still awaiting",
      [debit("d1", ["requested", "initiated", "failed"])],
      cart([order([])], { sessions: [{ debitId: "d1", status: "pending_authorization" }] }),
      [/no Medusa payment for it \(expected canceled\)/],
    ],
    [
      "returned, flagged by metadata",
      [debit("d1", ["requested", "initiated", "completed", "failed"])],
      cart([order([payment("d1", captured)], { metadata: { jetpay_payment_reversed: true } })]),
      [],
    ],
    [
      "returned, flagged by the admin route",
      [debit("d1", ["requested", "initiated", "completed", "failed"])],
      cart([order([payment("d1", captured)], { reversedDebits: ["d1"] })]),
      [],
    ],
    [
      "returned, its settlement seen in events only: canceled, never captured",
      [debit("d1", ["requested", "initiated", "completed", "failed"])],
      cart([order([payment("d1", { canceledAt: "t" })])]),
      [],
    ],
    [
      "returned while its payment awaited settlement, the settlement seen in events only: no payment, its session ended",
      [debit("d1", ["requested", "initiated", "completed", "failed"])],
      cart([order([])], { sessions: [{ debitId: "d1", status: "error" }] }),
      [],
    ],
    [
      "returned, its payment still awaiting settlement",
      [debit("d1", ["requested", "initiated", "completed", "failed"])],
      cart([order([])], { sessions: [{ debitId: "d1", status: "pending_authorization" }] }),
      [/no Medusa payment for it \(expected reversed\)/],
    ],
    ["returned, seen late before any order: none", [debit("d1", ["requested", "initiated", "completed", "failed"])], cart([]), []],
    [
      "returned, neither captured nor canceled",
      [debit("d1", ["requested", "initiated", "completed", "failed"])],
      cart([order([payment("d1")])]),
      [/neither captured and flagged reversed, nor canceled/],
    ],
    [
      "returned, not flagged",
      [debit("d1", ["requested", "initiated", "completed", "failed"])],
      cart([order([payment("d1", captured)])]),
      [/not flagged as reversed/],
    ],
    [
      "changed cart: old cancelled, new paid",
      [debit("d1", ["requested", "cancelled"]), debit("d2", ["requested", "paid"], 9998)],
      cart([order([payment("d2", { amountCents: 9998 })])]),
      [],
    ],
    [
      "changed cart: the order pays with the cancelled debit",
      [debit("d1", ["requested", "cancelled"]), debit("d2", ["requested", "paid"], 9998)],
      cart([order([payment("d1")])]),
      [/d1 \(cancelled\): order order_1 pays with it/, /d2 \(paid\): no Medusa payment/],
    ],
    [
      "a session authorized by a cancelled debit",
      [debit("d1", ["requested", "cancelled"])],
      cart([], { sessions: [{ debitId: "d1", status: "authorized" }] }),
      [/its payment session is authorized/],
    ],
    [
      "the status route disagrees",
      [debit("d1", ["requested", "paid"])],
      cart([order([payment("d1")])], { statusOrderId: null }),
      [/status route shows order none/],
    ],
    ["unknown state", [debit("d1", ["requested", "processing"])], cart([]), [/no expectation rule/]],
  ])("%s", (_name, debits, observed, expected) => {
    const verdict = compareCart(debits, observed)
    expect(verdict.differences).toHaveLength(expected.length)
    expected.forEach((pattern, index) => expect(verdict.differences[index]).toMatch(pattern))
  })

  it("counts duplicate orders and captures", () => {
    const twice = { ...captured, captures: [{ amountCents: 4999 }, { amountCents: 4999 }, { amountCents: 4999 }] }
    const observed = cart([order([payment("d1", twice)]), { ...order([]), id: "order_2" }])
    const verdict = compareCart([debit("d1", ["requested", "initiated", "completed"])], observed)
    expect(verdict).toMatchObject({ duplicateOrders: 1, duplicateCaptures: 2 })
    expect(verdict.differences[0]).toMatch(/2 orders for one cart/)
  })

  it("counts a refund made twice: Jetpay credits beyond Medusa's refunds, or refunds beyond the capture", () => {
    const settled = debit("d1", ["requested", "initiated", "completed"])
    const credit = (id: string) => ({ id, amount: 4999, state: "processing" })
    const refundedOnce = payment("d1", { ...captured, refunds: [{ amountCents: 4999 }] })
    const once = compareCart([{ ...settled, credits: [credit("c1")] }], cart([order([refundedOnce])]))
    expect(once).toMatchObject({ duplicateCredits: 0, differences: [] })

    const twoCredits = compareCart([{ ...settled, credits: [credit("c1"), credit("c2")] }], cart([order([refundedOnce])]))
    expect(twoCredits.duplicateCredits).toBe(1)
    expect(twoCredits.differences).toEqual([
      expect.stringMatching(/2 Jetpay credits .* for 1 Medusa refunds/),
      expect.stringMatching(/Jetpay credited 9998 cents of a 4999-cent debit/),
    ])

    const refundedTwice = payment("d1", { ...captured, refunds: [{ amountCents: 4999 }, { amountCents: 4999 }] })
    const twoRefunds = compareCart([{ ...settled, credits: [credit("c1"), credit("c2")] }], cart([order([refundedTwice])]))
    expect(twoRefunds.duplicateCredits).toBe(1)
    expect(twoRefunds.differences[0]).toMatch(/refunded 9998 cents of 4999 captured/)
  })
})
