import { DEFAULT_TIMINGS } from "../timings"
import { recentStatus as recentStatusFor, rememberStatus } from "../recent-status"

const RECENT_STATUS_MS = DEFAULT_TIMINGS.recentStatusMs
const recentStatus = (baseUrl: string, id: string, now: number) => recentStatusFor(baseUrl, id, RECENT_STATUS_MS, now)

describe("recentStatus: a status this process read a moment ago", () => {
  it("stands for the recentStatusMs timing, per Jetpay host and transaction", () => {
    rememberStatus("https://a", "tx-1", { state: "initiated" }, 1_000)
    expect(recentStatus("https://a", "tx-1", 1_000 + RECENT_STATUS_MS - 1)).toEqual({ state: "initiated" })
    expect(recentStatus("https://a", "tx-1", 1_000 + RECENT_STATUS_MS)).toBeUndefined()
    expect(recentStatus("https://b", "tx-1", 1_001)).toBeUndefined()
    expect(recentStatus("https://a", "tx-2", 1_001)).toBeUndefined()
  })
  it("never reuses a waiting read: the payer may have paid since", () => {
    rememberStatus("https://a", "tx-4", { state: "requested" }, 20_000)
    expect(recentStatus("https://a", "tx-4", 20_001)).toBeUndefined()
    rememberStatus("https://a", "tx-4", { state: "on_hold" }, 20_002)
    expect(recentStatus("https://a", "tx-4", 20_003)).toBeUndefined()
  })

  it("a newer read replaces an older one", () => {
    rememberStatus("https://a", "tx-3", { state: "initiated" }, 10_000)
    rememberStatus("https://a", "tx-3", { state: "completed" }, 10_500)
    expect(recentStatus("https://a", "tx-3", 10_600)).toEqual({ state: "completed" })
  })
})
