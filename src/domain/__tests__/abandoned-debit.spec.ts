import { abandonAt, isAbandoned, type AbandonInput } from "../abandoned-debit"
import { DEFAULT_TIMINGS } from "../timings"

const now = new Date("2026-11-30T12:00:00Z")
const DAY = 24 * 60 * 60_000
const unused: AbandonInput = {
  kind: "debit",
  purpose: "checkout",
  facts: { outcome: "pending", authorized: false, state: "requested", unknownLiveState: null },
  createdAt: new Date(now.getTime() - 8 * DAY),
}

describe("abandoned checkout debits", () => {
  it("default: a week", () => {
    expect(DEFAULT_TIMINGS.abandonedDebitAfterMs).toBe(7 * DAY)
  })

  it.each<[string, Partial<AbandonInput>, boolean]>([
    ["an unused checkout debit 8 days old", {}, true],
    ["one exactly 7 days old", { createdAt: new Date(now.getTime() - 7 * DAY) }, true],
    ["one 6 days old", { createdAt: new Date(now.getTime() - 6 * DAY) }, false],
    ["the payer authorized it (EFT being pulled)", { facts: { outcome: "authorized", authorized: true, state: "initiated" } }, false],
    ["it failed", { facts: { outcome: "failed", authorized: false, state: "failed" } }, false],
    ["it is cancelled already", { facts: { outcome: "cancelled", authorized: false, state: "cancelled" } }, false],
    ["Jetpay answers a state this plugin does not know", { facts: { outcome: "pending", authorized: false, state: "requested", unknownLiveState: "on_hold" } }, false],
    ["a payment request the merchant emailed", { purpose: "payment_request" }, false],
    ["a refund credit", { kind: "credit" }, false],
  ])("%s: abandoned %s", (_name, change, abandoned) => {
    expect(isAbandoned({ ...unused, ...change }, now)).toBe(abandoned)
  })

  it("is abandoned from createdAt + abandonedDebitAfterMs, as the store sets it", () => {
    expect(abandonAt(unused, { abandonedDebitAfterMs: 60_000 })).toEqual(new Date(unused.createdAt.getTime() + 60_000))
    expect(abandonAt({ ...unused, purpose: "payment_request" }, { abandonedDebitAfterMs: 60_000 })).toBeNull()
  })
})
