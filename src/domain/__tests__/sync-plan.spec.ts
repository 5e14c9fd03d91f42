import { paymentFacts } from "../payment-facts"
import { DEFAULT_TIMINGS } from "../timings"
import { planSync, type MedusaSide } from "../sync-plan"

const nothingTold = { authorized: false, settled: false, failed: false, reversed: false }
const cartDebit = (over: Partial<MedusaSide> = {}): MedusaSide => ({
  kind: "debit",
  hasSession: true,
  payment: null,
  forCart: true,
  hasOrder: false,
  told: nothingTold,
  ...over,
})
// A settlement is confirmed once the record says settled: it is set only from a status read that said so.
const plan = (seen: string[], live: string, medusa: MedusaSide) =>
  planSync(paymentFacts(seen, live, { settlementConfirmed: medusa.told.settled }), medusa)

describe("planSync: Medusa follows the facts, and a second run changes nothing", () => {
  it("pending: nothing to do", () => {
    expect(plan([], "requested", cartDebit())).toMatchObject({ authorize: false, capture: false, cancelPayment: false, emit: [] })
  })

  it("authorized: authorize and complete the cart, tell it once", () => {
    expect(plan(["requested"], "initiated", cartDebit())).toMatchObject({ authorize: true, capture: false, emit: ["authorized"] })
    const again = plan(["requested", "initiated"], "initiated", cartDebit({
      payment: { captured: false, canceled: false }, hasOrder: true, told: { ...nothingTold, authorized: true },
    }))
    expect(again).toMatchObject({ authorize: false, capture: false, cancelPayment: false, flagReversal: false, emit: [] })
  })

  it("a payment without its order (the cart could not be completed last time) is completed again", () => {
    expect(plan(["initiated"], "paid", cartDebit({ payment: { captured: false, canceled: false }, hasOrder: false })).authorize).toBe(true)
  })

  it("settled all at once: authorize, capture, and both events", () => {
    expect(plan(["requested"], "completed", cartDebit())).toMatchObject({
      authorize: true, capture: true, emit: ["authorized", "captured"],
    })
  })

  it("completed by its events only, then failed at the first status read: no order, no capture, the failure is told", () => {
    expect(plan(["requested", "initiated", "completed"], "failed", cartDebit())).toMatchObject({
      authorize: false, capture: false, cancelPayment: false, flagReversal: false, emit: ["failed"],
      record: { authorized: true, settled: false, failed: true, reversed: false },
    })
  })

  // Issue 19, point 14: a signed `completed` event never confirmed by a status read must not turn a later failure into a capture.
  it.each([
    ["the order exists, its payment authorized", { payment: { captured: false, canceled: false }, hasOrder: true, told: { ...nothingTold, authorized: true } }],
    ["the order exists, the event recorded earlier", { payment: { captured: false, canceled: false }, hasOrder: true, told: { ...nothingTold, authorized: true } }, ["completed"]],
    ["no order yet", {}],
  ] as Array<[string, Partial<MedusaSide>, string[]?]>)(
    "completed by its events only, live status failed (%s): the payment is canceled, never captured",
    (_, over, extra = []) => {
      const medusa = cartDebit(over)
      const result = plan(["requested", "initiated", "completed", ...extra], "failed", medusa)
      expect(result).toMatchObject({ capture: false, flagReversal: false, refundCanceledOrder: false, emit: ["failed"] })
      expect(result.cancelPayment).toBe(!!medusa.payment)
      expect(result.record).toMatchObject({ settled: false, reversed: false, failed: true })
    }
  )

  it("completed by its events only while the status read lags (paid): not captured until a status read says completed", () => {
    const ordered = cartDebit({ payment: { captured: false, canceled: false }, hasOrder: true, told: { ...nothingTold, authorized: true } })
    expect(plan(["requested", "initiated", "completed"], "paid", ordered)).toMatchObject({ capture: false, emit: [], record: { settled: false } })
    expect(plan(["requested", "initiated", "completed"], "completed", ordered)).toMatchObject({ capture: true, emit: ["captured"], record: { settled: true } })
  })

  it("settled then returned, seen step by step: only the reversal is new", () => {
    const medusa = cartDebit({ payment: { captured: true, canceled: false }, hasOrder: true, told: { ...nothingTold, authorized: true, settled: true } })
    expect(plan(["requested", "initiated", "completed"], "failed", medusa)).toMatchObject({
      authorize: false, capture: false, cancelPayment: false, flagReversal: true, emit: ["reversed"],
    })
  })

  it("a payment canceled on an earlier reading is not captured when its settlement shows later; the return is flagged", () => {
    const medusa = cartDebit({ payment: { captured: false, canceled: true }, hasOrder: true, told: { ...nothingTold, authorized: true, failed: true } })
    expect(plan(["requested", "initiated"], "completed", medusa)).toMatchObject({ capture: false, cancelPayment: false, record: { settled: true } })
    const settledSince = { ...medusa, told: { ...medusa.told, settled: true } }
    expect(plan(["requested", "initiated", "completed"], "failed", settledSince)).toMatchObject({ capture: false, flagReversal: true, cancelPayment: false })
  })

  it("settled for an order canceled while the money was on its way: captured, then refunded; once refunded or reversed, nothing more", () => {
    const canceledOrder = cartDebit({ payment: { captured: false, canceled: false }, hasOrder: true, orderCanceled: true, told: { ...nothingTold, authorized: true } })
    expect(plan(["requested", "initiated"], "completed", canceledOrder)).toMatchObject({ capture: true, refundCanceledOrder: true, emit: ["captured"] })
    // Before it settles, nothing: Jetpay cannot cancel the debit, the refund waits for the money.
    expect(plan(["requested", "initiated"], "initiated", canceledOrder)).toMatchObject({ capture: false, refundCanceledOrder: false })
    // The step refunds only what is not refunded yet: the plan says so on every settled reading.
    const captured = { ...canceledOrder, payment: { captured: true, canceled: false }, told: { ...nothingTold, authorized: true, settled: true } }
    expect(plan(["requested", "initiated", "completed"], "completed", captured)).toMatchObject({ capture: false, refundCanceledOrder: true, emit: [] })
    // The money came back by itself: no refund on top of it.
    expect(plan(["requested", "initiated", "completed"], "failed", captured)).toMatchObject({ refundCanceledOrder: false, flagReversal: true })
    // An order that is not canceled is never refunded by the sync.
    expect(plan(["requested", "initiated", "completed"], "completed", { ...captured, orderCanceled: false }).refundCanceledOrder).toBe(false)
    // A Medusa payment canceled before it settled cannot be captured or refunded through Medusa.
    expect(plan(["requested", "initiated"], "completed", { ...canceledOrder, payment: { captured: false, canceled: true } }).refundCanceledOrder).toBe(false)
  })

  it("authorized then failed, seen late: no order is made for a payment known to have failed; the failure is told", () => {
    expect(plan(["requested", "initiated"], "failed", cartDebit())).toMatchObject({
      authorize: false, capture: false, cancelPayment: false, emit: ["failed"], record: { authorized: true, failed: true, settled: false, reversed: false },
    })
  })

  it("authorized then failed, seen step by step: the order made meanwhile stays and its payment is canceled", () => {
    const ordered = cartDebit({ payment: { captured: false, canceled: false }, hasOrder: true, told: { ...nothingTold, authorized: true } })
    expect(plan(["requested", "initiated"], "failed", ordered)).toMatchObject({ authorize: false, cancelPayment: true, emit: ["failed"] })
  })

  it("failed without ever being authorized: no order", () => {
    expect(plan(["requested"], "failed", cartDebit())).toMatchObject({ authorize: false, cancelPayment: false, emit: ["failed"] })
  })

  it("a debit whose session is gone (the cart changed) only records", () => {
    const result = plan(["requested"], "cancelled", cartDebit({ hasSession: false }))
    expect(result).toMatchObject({ authorize: false, cancelPayment: false, emit: [], record: { failed: true } })
  })

  it("a credit records its facts, reversal included, and touches no Medusa payment", () => {
    const credit: MedusaSide = { ...cartDebit(), kind: "credit", hasSession: false }
    expect(plan(["requested", "processing"], "completed", credit)).toMatchObject({ emit: [], record: { settled: true } })
    const result = plan(["requested", "processing", "completed"], "failed", { ...credit, told: { ...nothingTold, settled: true } })
    expect(result).toMatchObject({ authorize: false, capture: false, flagReversal: false, emit: ["refund_failed"], record: { reversed: true } })
    // Completed by its events only, then failed: a failed refund.
    expect(plan(["requested", "processing", "completed"], "failed", credit)).toMatchObject({ emit: ["refund_failed"], record: { settled: false, failed: true } })
  })

  it("a refund credit that fails is told once", () => {
    const credit = { ...cartDebit(), kind: "credit" as const, hasSession: false }
    expect(plan(["requested", "processing"], "failed", credit).emit).toEqual(["refund_failed"])
    expect(plan(["requested", "processing"], "failed", { ...credit, told: { ...nothingTold, failed: true } }).emit).toEqual([])
    expect(plan(["requested"], "completed", credit).emit).toEqual([])
  })

  describe("an order a cart completion left unpaid (the completion died between the order and the payment)", () => {
    const stranded = (completionAgeMs: number | null, over: Partial<MedusaSide> = {}) =>
      cartDebit({ hasOrder: true, unpaidOrder: true, completionAgeMs, ...over })
    const old = DEFAULT_TIMINGS.unpaidOrderAfterMs
    const young = DEFAULT_TIMINGS.unpaidOrderAfterMs - 1

    it.each([
      ["never paid", ["requested"], "requested"],
      ["failed before the payer authorized", ["requested"], "failed"],
      ["cancelled", ["requested"], "cancelled"],
    ])("%s: once the completion is long enough ago, the debit and the order are canceled", (_label, seen, live) => {
      expect(plan(seen, live, stranded(old))).toMatchObject({ authorize: false, cancelUnpaidOrder: true, completionAccounted: true })
    })

    it("takes the store's unpaidOrderAfterMs, not the default, when it is given", () => {
      const facts = paymentFacts(["requested"], "requested")
      expect(planSync(facts, stranded(2_000), { unpaidOrderAfterMs: 2_000 })).toMatchObject({ cancelUnpaidOrder: true })
      expect(planSync(facts, stranded(1_999), { unpaidOrderAfterMs: 2_000 })).toMatchObject({ cancelUnpaidOrder: false })
    })

    it("while the completion may still be under way, nothing is canceled and its note stays", () => {
      expect(plan(["requested"], "requested", stranded(young))).toMatchObject({ cancelUnpaidOrder: false, completionAccounted: false })
    })

    it("the payer authorized: that order is paid (authorized directly), never canceled", () => {
      for (const live of ["initiated", "paid", "completed"]) {
        // The session is authorized directly; an EFT not settled leaves the order's payment awaiting.
        expect(plan(["requested"], live, stranded(old))).toMatchObject({
          authorize: live !== "initiated", awaitSettlement: live === "initiated", authorizeUnpaidOrder: true, cancelUnpaidOrder: false,
          completionAccounted: true, emit: ["authorized", ...(live === "completed" ? ["captured"] : [])],
        })
      }
      // An order whose payment awaits the EFT's settlement is not unpaid (the read step never calls it so).
      expect(plan(["requested", "initiated"], "initiated", cartDebit({ hasOrder: true, awaiting: true, completionAgeMs: old, told: { ...nothingTold, authorized: true } })))
        .toMatchObject({ authorize: false, authorizeUnpaidOrder: false, cancelUnpaidOrder: false, emit: [] })
      // A completion that may still be under way authorizes it itself, or the usual path does after it.
      expect(plan(["requested"], "paid", stranded(young))).toMatchObject({ authorize: true, authorizeUnpaidOrder: false })
      // An EFT not settled: that completion leaves the payment awaiting itself; nothing to authorize yet.
      // Its note stays until that completion is surely over: if it died, a later run authorizes the order's session then.
      expect(plan(["requested"], "initiated", stranded(young))).toMatchObject({
        authorize: false, awaitSettlement: true, authorizeUnpaidOrder: false, completionAccounted: false,
      })
      expect(plan(["requested"], "initiated", cartDebit())).toMatchObject({ authorize: true, authorizeUnpaidOrder: false })
      // Authorized, then failed before this sync: nobody paid that order, which is canceled.
      expect(plan(["requested", "initiated"], "failed", stranded(old))).toMatchObject({ authorize: false, cancelPayment: false, cancelUnpaidOrder: true })
    })

    it("without a noted completion (an order from before the note existed), nothing is canceled", () => {
      expect(plan(["requested"], "requested", stranded(null)).cancelUnpaidOrder).toBe(false)
    })

    it("no unpaid order: an old note is accounted for, a young one waits for the completion to end", () => {
      expect(plan(["requested"], "requested", cartDebit({ completionAgeMs: old }))).toMatchObject({ cancelUnpaidOrder: false, completionAccounted: true })
      expect(plan(["requested"], "requested", cartDebit({ completionAgeMs: young }))).toMatchObject({ cancelUnpaidOrder: false, completionAccounted: false })
    })

    it("a payment request's debit (no cart) never cancels its order", () => {
      expect(plan(["requested"], "requested", stranded(old, { forCart: false })).cancelUnpaidOrder).toBe(false)
    })
  })
})

describe("planSync: an abandoned checkout debit (abandoned-debit.ts)", () => {
  it.each<[string, Partial<MedusaSide>, boolean]>([
    ["its session still the cart's: cancel it", {}, true],
    ["its session gone (its link can still be paid): cancel it", { hasSession: false }, true],
    ["not abandoned: nothing", { abandoned: false }, false],
    ["an order a dead completion left unpaid: that order's cancel takes the debit", { hasOrder: true, unpaidOrder: true }, false],
  ])("%s", (_name, change, cancel) => {
    expect(plan(["requested"], "requested", cartDebit({ abandoned: true, ...change })).cancelAbandoned).toBe(cancel)
  })

  it("one the payer authorized meanwhile is authorized, never cancelled", () => {
    expect(plan(["requested"], "initiated", cartDebit({ abandoned: true }))).toMatchObject({ cancelAbandoned: false, authorize: true })
  })
})

describe("planSync: an EFT the payer signed awaits its settlement (eftAuthorizedOn, default \"completed\")", () => {
  const legacy = { eftAuthorizedOn: "initiated" } as const
  const planWith = (seen: string[], live: string, medusa: MedusaSide, eft: { eftAuthorizedOn: "completed" | "initiated" }) =>
    planSync(paymentFacts(seen, live, { settlementConfirmed: medusa.told.settled }), medusa, DEFAULT_TIMINGS, eft)
  const awaitingOrder = (over: Partial<MedusaSide> = {}) =>
    cartDebit({ hasOrder: true, awaiting: true, told: { ...nothingTold, authorized: true }, ...over })

  it("initiated, no order yet: the cart is completed, its payment left awaiting; the payer's authorization is told", () => {
    expect(plan(["requested"], "initiated", cartDebit())).toMatchObject({
      authorize: true, awaitSettlement: true, capture: false, emit: ["authorized"], record: { authorized: true },
    })
  })

  it("initiated, the order awaiting: nothing more until Jetpay settles", () => {
    expect(plan(["requested", "initiated"], "initiated", awaitingOrder())).toMatchObject({
      authorize: false, awaitSettlement: true, capture: false, cancelPayment: false, emit: [],
    })
  })

  it("settled: the awaiting payment is authorized on its order and captured, told once", () => {
    expect(plan(["requested", "initiated"], "completed", awaitingOrder())).toMatchObject({
      authorize: true, awaitSettlement: false, capture: true, cancelPayment: false, emit: ["captured"], record: { settled: true },
    })
    // Authorized and captured already (the admin's Check status): only the record and the event.
    const captured = awaitingOrder({ awaiting: false, payment: { captured: true, canceled: false } })
    expect(plan(["requested", "initiated"], "completed", captured)).toMatchObject({ authorize: false, capture: false, emit: ["captured"] })
  })

  it("failed while awaiting: the awaiting payment is canceled, never captured; the failure is told", () => {
    expect(plan(["requested", "initiated"], "failed", awaitingOrder())).toMatchObject({
      authorize: false, capture: false, cancelPayment: true, refundCanceledOrder: false, emit: ["failed"],
    })
    // Canceled on an earlier run (the session no longer awaiting): nothing twice.
    const canceled = awaitingOrder({ awaiting: false, told: { ...nothingTold, authorized: true, failed: true } })
    expect(plan(["requested", "initiated"], "failed", canceled)).toMatchObject({ authorize: false, cancelPayment: false, emit: [] })
  })

  it("failed before any order: none is made", () => {
    expect(plan(["requested", "initiated"], "failed", cartDebit())).toMatchObject({ authorize: false, cancelPayment: false, emit: ["failed"] })
  })

  it("the order canceled while the EFT was on its way: on settlement it is authorized, captured and refunded", () => {
    expect(plan(["requested", "initiated"], "completed", awaitingOrder({ orderCanceled: true }))).toMatchObject({
      authorize: true, capture: true, refundCanceledOrder: true,
    })
    expect(plan(["requested", "initiated"], "initiated", awaitingOrder({ orderCanceled: true }))).toMatchObject({
      authorize: false, capture: false, refundCanceledOrder: false,
    })
  })

  it("a card charge (paid) is authorized at once", () => {
    expect(plan(["requested"], "paid", cartDebit())).toMatchObject({ authorize: true, awaitSettlement: false, emit: ["authorized"] })
  })

  it("a payment authorized on initiated before (the former behaviour) is captured on settlement and canceled on failure", () => {
    const authorizedBefore = cartDebit({ hasOrder: true, payment: { captured: false, canceled: false }, told: { ...nothingTold, authorized: true } })
    expect(plan(["requested", "initiated"], "initiated", authorizedBefore)).toMatchObject({ authorize: false, awaitSettlement: false, capture: false, emit: [] })
    expect(plan(["requested", "initiated"], "completed", authorizedBefore)).toMatchObject({ authorize: false, capture: true, emit: ["captured"] })
    expect(plan(["requested", "initiated"], "failed", authorizedBefore)).toMatchObject({ authorize: false, cancelPayment: true, emit: ["failed"] })
  })

  it("eftAuthorizedOn \"initiated\": the payment is authorized when the payer signs", () => {
    expect(planWith(["requested"], "initiated", cartDebit(), legacy)).toMatchObject({ authorize: true, awaitSettlement: false, emit: ["authorized"] })
    // An order left awaiting under the default, after the merchant changed the option: authorized now.
    expect(planWith(["requested", "initiated"], "initiated", awaitingOrder(), legacy)).toMatchObject({ authorize: true, awaitSettlement: false })
  })

  it("a payment request's EFT (no cart): its session awaits settlement on its order once the payer signed, and is authorized and captured when it settles", () => {
    const request = cartDebit({ forCart: false, hasOrder: true })
    const awaitingRequest = cartDebit({ forCart: false, hasOrder: true, awaiting: true, told: { ...nothingTold, authorized: true } })
    // Signed: Medusa's payment workflow runs for the session, which the provider leaves awaiting; the authorization is told once.
    expect(plan(["requested"], "initiated", request)).toMatchObject({ authorize: true, awaitSettlement: true, capture: false, emit: ["authorized"] })
    // Awaiting already: nothing more until Jetpay settles.
    expect(plan(["requested", "initiated"], "initiated", awaitingRequest)).toMatchObject({ authorize: false, awaitSettlement: true, capture: false, emit: [] })
    // Settled: authorized on its order and captured.
    expect(plan(["requested", "initiated"], "completed", awaitingRequest)).toMatchObject({ authorize: true, capture: true, emit: ["captured"] })
    expect(plan(["requested", "initiated"], "completed", request)).toMatchObject({ authorize: true, capture: true })
    // Failed before settling: the awaiting session is canceled, nothing authorized.
    expect(plan(["requested", "initiated"], "failed", awaitingRequest)).toMatchObject({ authorize: false, cancelPayment: true, capture: false, emit: ["failed"] })
    // eftAuthorizedOn "initiated": authorized when the payer signs, as before.
    expect(planWith(["requested"], "initiated", request, legacy)).toMatchObject({ authorize: true, awaitSettlement: false, emit: ["authorized"] })
    // Not signed yet: nothing.
    expect(plan([], "requested", request)).toMatchObject({ authorize: false, awaitSettlement: false, emit: [] })
  })
})

describe("planSync: an order made before its payment (orderBeforePayment) expires unpaid", () => {
  const unpaid = (over: Partial<MedusaSide> = {}) => cartDebit({ hasOrder: true, awaiting: true, expired: true, ...over })

  it.each<[string, string[], string, Partial<MedusaSide>, boolean]>([
    ["unused past its expiry: the debit and the order are canceled", ["requested"], "requested", {}, true],
    ["unused before its expiry: nothing", ["requested"], "requested", { expired: false }, false],
    ["paid by the link (card) past its expiry: never canceled", ["requested"], "paid", {}, false],
    ["signed (EFT) past its expiry: never canceled", ["requested"], "initiated", {}, false],
    ["cancelled at Jetpay, its order not canceled yet (an expiry that stopped half-way): the order is canceled", ["requested"], "cancelled", {}, true],
    ["failed at Jetpay: a failure, not an expiry", ["requested"], "failed", {}, false],
    ["its order canceled already", ["requested"], "requested", { orderCanceled: true }, false],
    ["not awaiting (a Medusa payment exists)", ["requested"], "requested", { awaiting: false, payment: { captured: false, canceled: false } }, false],
  ])("%s", (_label, seen, live, over, expected) => {
    expect(plan(seen, live, unpaid(over)).expireUnpaidOrder).toBe(expected)
  })

  it("an unpaid order is never expired by a plan that records only", () => {
    expect(plan(["requested"], "requested", unpaid({ hasSession: false })).expireUnpaidOrder).toBe(false)
  })

  it("an expiry closes everything: the awaiting payment is canceled, the debit recorded as ended, no failure told", () => {
    expect(plan(["requested"], "requested", unpaid())).toMatchObject({
      expireUnpaidOrder: true, cancelPayment: true, remindUnpaidOrder: false, emit: [], record: { failed: true },
    })
    // Run again once the order is canceled and Jetpay reads cancelled: nothing more.
    expect(plan(["requested"], "cancelled", unpaid({ orderCanceled: true, awaiting: false, told: { ...nothingTold, failed: true } }))).toMatchObject({
      expireUnpaidOrder: false, cancelPayment: false, emit: [], record: { failed: false },
    })
  })
})

describe("planSync: an order made before its payment (orderBeforePayment) is reminded of once", () => {
  const due = (over: Partial<MedusaSide> = {}) => cartDebit({ hasOrder: true, awaiting: true, reminderDue: true, ...over })

  it.each<[string, string[], string, Partial<MedusaSide>, boolean]>([
    ["unused past its reminder time: reminded", ["requested"], "requested", {}, true],
    ["before its reminder time (or reminded already): nothing", ["requested"], "requested", { reminderDue: false }, false],
    ["paid by the link (card): never reminded", ["requested"], "paid", {}, false],
    ["signed (EFT): never reminded", ["requested"], "initiated", {}, false],
    ["settled: never reminded", ["requested"], "completed", {}, false],
    ["failed: never reminded", ["requested"], "failed", {}, false],
    ["cancelled: never reminded", ["requested"], "cancelled", {}, false],
    ["its order canceled", ["requested"], "requested", { orderCanceled: true }, false],
    ["a Medusa payment exists", ["requested"], "requested", { awaiting: false, payment: { captured: false, canceled: false } }, false],
    ["past its expiry too: expired, not reminded", ["requested"], "requested", { expired: true }, false],
    ["its session gone (the request canceled)", ["requested"], "requested", { hasSession: false }, false],
  ])("%s", (_label, seen, live, over, expected) => {
    expect(plan(seen, live, due(over)).remindUnpaidOrder).toBe(expected)
  })
})
