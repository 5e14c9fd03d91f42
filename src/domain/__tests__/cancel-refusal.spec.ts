import { cancelRefusal } from "../cancel-refusal"

describe("why Jetpay refused to cancel a debit", () => {
  it.each([
    ["initiated", /The payer has already paid \(initiated\): refund it once it is captured\./],
    ["paid", /The payer has already paid \(paid\): refund it once it is captured\./],
    ["completed", /already settled \(completed\): refund it instead/],
    ["requested", /refused although the payer has not paid yet \(Jetpay: Nope\)/],
    ["on_hold", /Jetpay reports it as "on_hold" \(Jetpay: Nope\)/],
  ])("%s -> %s", (state, message) => {
    const text = cancelRefusal("tx-1", state, "Nope")
    expect(text).toMatch(/^Jetpay payment tx-1 can no longer be cancelled\./)
    expect(text).toMatch(message)
  })

  it.each(["cancelled", "canceled", "failed"])("%s: nothing left to cancel, no refusal", (state) => {
    expect(cancelRefusal("tx-1", state)).toBeNull()
  })
})
