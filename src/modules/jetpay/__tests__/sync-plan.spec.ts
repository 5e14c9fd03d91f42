import { paymentFacts } from "../payment-facts"
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
const plan = (seen: string[], live: string, medusa: MedusaSide) => planSync(paymentFacts(seen, live), medusa)

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

  it("settled then returned, seen all at once: an order, a capture, a reversal flag, no cancel", () => {
    expect(plan(["requested", "initiated", "completed"], "failed", cartDebit())).toMatchObject({
      authorize: true, capture: true, cancelPayment: false, flagReversal: true, emit: ["authorized", "captured", "reversed"],
    })
  })

  it("settled then returned, seen step by step: only the reversal is new", () => {
    const medusa = cartDebit({ payment: { captured: true, canceled: false }, hasOrder: true, told: { ...nothingTold, authorized: true, settled: true } })
    expect(plan(["requested", "initiated", "completed"], "failed", medusa)).toMatchObject({
      authorize: false, capture: false, cancelPayment: false, flagReversal: true, emit: ["reversed"],
    })
  })

  it("a payment canceled on an earlier reading is not captured when its settlement shows later; the return is flagged", () => {
    const medusa = cartDebit({ payment: { captured: false, canceled: true }, hasOrder: true, told: { ...nothingTold, authorized: true, failed: true } })
    expect(plan(["requested", "initiated", "completed"], "failed", medusa)).toMatchObject({ capture: false, flagReversal: true, cancelPayment: false })
  })

  it("authorized then failed, seen late: the order exists and its payment is canceled", () => {
    expect(plan(["requested", "initiated"], "failed", cartDebit())).toMatchObject({
      authorize: true, capture: false, cancelPayment: true, emit: ["authorized", "failed"],
    })
  })

  it("failed without ever being authorized: no order", () => {
    expect(plan(["requested"], "failed", cartDebit())).toMatchObject({ authorize: false, cancelPayment: false, emit: ["failed"] })
  })

  it("a debit whose session is gone (the cart changed) only records", () => {
    const result = plan(["requested"], "cancelled", cartDebit({ hasSession: false }))
    expect(result).toMatchObject({ authorize: false, cancelPayment: false, emit: [], record: { failed: true } })
  })

  it("a credit records its facts, reversal included, and touches no Medusa payment", () => {
    const result = plan(["requested", "processing", "completed"], "failed", { ...cartDebit(), kind: "credit", hasSession: false })
    expect(result).toMatchObject({ authorize: false, capture: false, flagReversal: false, emit: ["refund_failed"], record: { settled: true, reversed: true } })
  })

  it("a refund credit that fails is told once", () => {
    const credit = { ...cartDebit(), kind: "credit" as const, hasSession: false }
    expect(plan(["requested", "processing"], "failed", credit).emit).toEqual(["refund_failed"])
    expect(plan(["requested", "processing"], "failed", { ...credit, told: { ...nothingTold, failed: true } }).emit).toEqual([])
    expect(plan(["requested"], "completed", credit).emit).toEqual([])
  })
})
