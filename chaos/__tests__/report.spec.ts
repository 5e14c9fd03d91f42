import { chaosOptionsFromEnv } from "../options"
import { buildReport, convergenceFigures, outcomeOf, type PaymentResult } from "../report"
import { dueSteps, stormPlan } from "../storm-plan"

const base = (overrides: Partial<PaymentResult>): PaymentResult => ({
  cartId: "cart",
  scenario: "eft-settled",
  debits: [],
  differences: [],
  duplicateOrders: 0,
  duplicateCaptures: 0,
  convergedAfterSeconds: 1,
  ...overrides,
})

describe("chaos report math", () => {
  it("groups mismatches by the cart's most advanced outcome, with examples", () => {
    const report = buildReport({
      payments: [
        base({ cartId: "c1" }),
        base({
          cartId: "c2",
          scenario: "cart-changed",
          debits: [
            { id: "d1", state: "cancelled", history: ["requested", "cancelled"], truthClass: "cancelled" },
            { id: "d2", state: "paid", history: ["requested", "paid"], truthClass: "authorized" },
          ],
          differences: ["no order"],
          duplicateOrders: 1,
        }),
        base({ cartId: "c3", driveError: "gave up", duplicateCaptures: 2 }),
        base({ cartId: "c4", canceledUnpaidOrders: 1 }),
      ],
      orphans: [{ id: "o1", state: "requested" }],
      unseenStoreDebits: [],
      applied: [
        { receivedAt: 1, ms: 100 },
        { receivedAt: 10, ms: 300 },
        { receivedAt: 20, ms: 200 },
        { receivedAt: 30, ms: Number.POSITIVE_INFINITY },
      ],
      phases: { faultsOnAt: 10, recoveryAt: 20 },
      recoveryToConvergenceSeconds: null,
      deadlineSeconds: 180,
      options: {},
      storm: [],
      notes: [],
    })
    expect(report).toMatchObject({
      payments: 4,
      converged: 2,
      mismatched: 2,
      duplicateOrders: 1,
      duplicateCaptures: 2,
      canceledUnpaidOrders: 1,
      mismatchesByScenario: { "cart-changed": 1, "eft-settled": 1 },
      recordedToApplied: {
        events: 4,
        unprocessed: 1,
        medianMs: 200,
        p95Ms: 300,
        byPhase: {
          quiet: { events: 1, unprocessed: 0, medianMs: 100, p95Ms: 100 },
          storm: { events: 1, unprocessed: 0, medianMs: 300, p95Ms: 300 },
          recovery: { events: 2, unprocessed: 1, medianMs: 200, p95Ms: 200 },
        },
      },
      orphanDebits: { count: 1 },
    })
    expect(report.mismatchesByOutcome.authorized.examples[0]).toEqual({
      cartId: "c2",
      debits: ["d1 requested>cancelled", "d2 requested>paid"],
      differences: ["no order"],
    })
    expect(report.mismatchesByOutcome["not-driven"].count).toBe(1)
  })

  it("says when the converged payments matched, after recovery", () => {
    const at = (convergedAfterSeconds: number | null) => ({ convergedAfterSeconds })
    expect(convergenceFigures([at(1), at(null), at(3), at(2)])).toEqual({ p50Seconds: 2, p99Seconds: 3, lastSeconds: 3 })
    expect(convergenceFigures([at(null)])).toEqual({ p50Seconds: null, p99Seconds: null, lastSeconds: null })
  })

  it("names a cart by its most advanced debit", () => {
    expect(outcomeOf({ debits: [] })).toBe("no-debit")
    expect(
      outcomeOf({
        debits: [
          { id: "a", state: "completed", history: [], truthClass: "settled" },
          { id: "b", state: "failed", history: [], truthClass: "returned" },
        ],
      })
    ).toBe("returned")
  })
})

describe("storm plan", () => {
  it.each([
    ["none", ["faults-on", "drop-window"]],
    ["worker", ["faults-on", "drop-window", "kill worker"]],
    ["both", ["faults-on", "drop-window", "kill worker", "kill server"]],
  ] as const)("kills %s", (kills, kinds) => {
    expect(stormPlan({ kills }).map((step) => (step.kind === "kill" ? `kill ${step.role}` : step.kind))).toEqual(kinds)
  })

  it("starts each step once its share of the checkouts is done", () => {
    const plan = stormPlan({ kills: "both" })
    expect(dueSteps(plan, 0, 100, new Set())).toEqual([])
    expect(dueSteps(plan, 30, 100, new Set()).map((step) => step.kind)).toEqual(["faults-on", "drop-window"])
    expect(dueSteps(plan, 100, 100, new Set([plan[0]])).length).toBe(3)
  })
})

describe("chaos options", () => {
  it("reads the environment", () => {
    expect(chaosOptionsFromEnv({})).toMatchObject({ payments: 300, kills: "both", redisUrl: "redis://127.0.0.1:6379/12" })
    expect(chaosOptionsFromEnv({ CHAOS_PAYMENTS: "1000", CHAOS_KILLS: "0", REDIS_URL: "redis://cache:6380/3" })).toMatchObject({
      payments: 1000,
      kills: "none",
      redisUrl: "redis://cache:6380/12",
    })
    expect(chaosOptionsFromEnv({ CHAOS_REDIS_URL: "redis://x:1/5" }, { redisDb: 13 }).redisUrl).toBe("redis://x:1/5")
    expect(() => chaosOptionsFromEnv({ CHAOS_PAYMENTS: "many" })).toThrow(/CHAOS_PAYMENTS/)
    expect(() => chaosOptionsFromEnv({ CHAOS_KILLS: "all" })).toThrow(/CHAOS_KILLS/)
  })

  it("reads the topology and the event bus's concurrency", () => {
    expect(chaosOptionsFromEnv({})).toMatchObject({ topology: { servers: 1, workers: 1 }, eventConcurrency: null })
    expect(chaosOptionsFromEnv({ CHAOS_TOPOLOGY: "2x2", CHAOS_EVENT_CONCURRENCY: "8" })).toMatchObject({
      topology: { servers: 2, workers: 2 },
      eventConcurrency: 8,
    })
    expect(() => chaosOptionsFromEnv({ CHAOS_TOPOLOGY: "2" })).toThrow(/CHAOS_TOPOLOGY/)
    expect(() => chaosOptionsFromEnv({ CHAOS_TOPOLOGY: "0x1" })).toThrow(/CHAOS_TOPOLOGY/)
    expect(() => chaosOptionsFromEnv({ CHAOS_EVENT_CONCURRENCY: "0" })).toThrow(/CHAOS_EVENT_CONCURRENCY/)
  })
})
