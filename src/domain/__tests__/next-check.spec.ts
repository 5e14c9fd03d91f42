import { SETTLED_DEBIT_WATCH_MS, nextCheckAt, recheckIntervalMs } from "../next-check"

const now = new Date("2026-11-30T12:00:00Z")
const created = (ageMs: number) => new Date(now.getTime() - ageMs)
const MIN = 60_000

describe("nextCheckAt: open transactions are re-read, more often when young", () => {
  it("thins out with age", () => {
    const ages = [0, 5 * MIN, 30 * MIN, 5 * 60 * MIN, 3 * 24 * 60 * MIN, 30 * 24 * 60 * MIN]
    const intervals = ages.map(recheckIntervalMs)
    expect([...intervals].sort((a, b) => a - b)).toEqual(intervals)
    expect(intervals[0]).toBeLessThanOrEqual(2 * MIN)
  })

  it.each([
    ["debit", "pending", 0, true],
    ["debit", "authorized", 0, true],
    ["credit", "authorized", 0, true],
    ["debit", "settled", 0, true],
    ["debit", "settled", SETTLED_DEBIT_WATCH_MS, false],
    ["credit", "settled", 0, false],
    ["debit", "failed", 0, false],
    ["debit", "cancelled", 0, false],
    ["debit", "reversed", 0, false],
  ] as const)("%s %s (age %s ms): re-read again %s", (kind, outcome, age, again) => {
    const next = nextCheckAt(kind, outcome, created(age), now)
    expect(next !== null).toBe(again)
    if (next) expect(next.getTime()).toBeGreaterThan(now.getTime())
  })
})
