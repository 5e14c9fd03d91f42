import { DEFAULT_TIMINGS } from "../timings"
import {
  isCheckingNow,
  readInThisSync,
  readingJetpayNow,
  recentStatus as recentStatusFor,
  rememberStatus,
  statusForSync,
  withinOneSync,
} from "../recent-status"

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

describe("withinOneSync: the read a sync applies stands for the provider calls it makes", () => {
  it("answers the sync's own read, whatever its state, only inside that sync", async () => {
    expect(readInThisSync("https://a", "tx-5")).toBeUndefined()
    const inside = await withinOneSync(async () => {
      rememberStatus("https://a", "tx-5", { state: "initiated" })
      await Promise.resolve()
      return [readInThisSync("https://a", "tx-5"), readInThisSync("https://b", "tx-5"), readInThisSync("https://a", "tx-6")]
    })
    expect(inside).toEqual([{ state: "initiated" }, undefined, undefined])
    expect(readInThisSync("https://a", "tx-5")).toBeUndefined()
  })

  it("keeps two syncs at once apart", async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const first = withinOneSync(async () => {
      rememberStatus("https://a", "tx-7", { state: "initiated" })
      await gate
      return readInThisSync("https://a", "tx-7")
    })
    const second = withinOneSync(async () => {
      rememberStatus("https://a", "tx-7", { state: "completed" })
      release()
      return readInThisSync("https://a", "tx-7")
    })
    await expect(Promise.all([first, second])).resolves.toEqual([{ state: "initiated" }, { state: "completed" }])
  })
})

describe("statusForSync: a webhook's sync takes a read made a moment ago only if no event is past it", () => {
  it.each<[string, string, string[], boolean]>([
    ["the shopper's completion read what the event tells", "initiated", ["requested", "initiated"], true],
    ["the read is further along than the events", "completed", ["requested", "initiated"], true],
    ["an event is past the read: read Jetpay", "initiated", ["requested", "initiated", "completed"], false],
    ["a failure the read had not seen: read Jetpay", "paid", ["requested", "paid", "failed"], false],
    ["same rank, another state: read Jetpay", "processing", ["initiated"], false],
    ["an event in a state this plugin does not know: read Jetpay", "completed", ["on_hold"], false],
    ["no events recorded yet", "paid", [], true],
  ])("%s", (_name, read, recorded, reused) => {
    const id = `tx-sync-${read}-${recorded.join("-")}`
    rememberStatus("https://s", id, { state: read }, 50_000)
    expect(statusForSync("https://s", id, recorded, RECENT_STATUS_MS, 50_001)).toEqual(reused ? { state: read } : undefined)
  })

  it("a waiting or stale read is never taken", () => {
    rememberStatus("https://s", "tx-w", { state: "requested" }, 60_000)
    expect(statusForSync("https://s", "tx-w", ["requested"], RECENT_STATUS_MS, 60_001)).toBeUndefined()
    rememberStatus("https://s", "tx-o", { state: "initiated" }, 60_000)
    expect(statusForSync("https://s", "tx-o", ["initiated"], RECENT_STATUS_MS, 60_000 + RECENT_STATUS_MS)).toBeUndefined()
  })

  it("the provider's own read is the sync's to take, never the provider's again", () => {
    rememberStatus("https://s", "tx-own", { state: "paid" }, 70_000, { bySync: false })
    expect(recentStatus("https://s", "tx-own", 70_001)).toBeUndefined()
    expect(statusForSync("https://s", "tx-own", ["paid"], RECENT_STATUS_MS, 70_001)).toEqual({ state: "paid" })
  })

  it("once taken, it is the read the sync's provider calls see", async () => {
    rememberStatus("https://s", "tx-p", { state: "paid" }, Date.now())
    const seen = await withinOneSync(async () => {
      statusForSync("https://s", "tx-p", ["paid"], RECENT_STATUS_MS)
      return readInThisSync("https://s", "tx-p")
    })
    expect(seen).toEqual({ state: "paid" })
  })
})

describe("readingJetpayNow: the admin's Check status", () => {
  it("is known to everything it calls, across awaits, and nowhere else", async () => {
    expect(isCheckingNow()).toBe(false)
    const inside = await readingJetpayNow(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1))
      return isCheckingNow()
    })
    expect(inside).toBe(true)
    expect(isCheckingNow()).toBe(false)
  })
})
