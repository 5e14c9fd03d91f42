import { JETPAY_TRANSACTION_STATES, normalizeTransactionState } from "../transaction-state"

describe("normalizeTransactionState", () => {
  it.each(JETPAY_TRANSACTION_STATES.map((state) => [state]))("%s is known as itself", (state) => {
    expect(normalizeTransactionState(state)).toEqual({ known: true, state })
  })

  it.each([
    ["canceled", "cancelled"],
    ["CANCELED", "cancelled"],
    // The guide calls a cancelled transaction "deleted"; a status read may say so.
    ["deleted", "cancelled"],
    [" Deleted ", "cancelled"],
    ["Paid", "paid"],
    [" completed ", "completed"],
  ])("%j is known as %s", (raw, state) => {
    expect(normalizeTransactionState(raw)).toEqual({ known: true, state })
  })

  it.each(["refunded", "", "pending", "paid_out", "cancel"])(
    "%j is unknown, and kept as it came (no silent default)",
    (raw) => {
      expect(normalizeTransactionState(raw)).toEqual({ known: false, raw })
    },
  )

  it("lists the documented states (processing: credits only)", () => {
    expect(JETPAY_TRANSACTION_STATES).toEqual(["requested", "initiated", "paid", "completed", "failed", "cancelled", "processing"])
  })
})
