import type { JetpayHttpMethod } from "../errors"
import {
  describeOutcome,
  isIdempotentMethod,
  parseRetryAfterMs,
  planRetry,
  retryDelayMs,
  shouldRetry,
  type AttemptOutcome,
} from "../retry-policy"

const IDEMPOTENT: JetpayHttpMethod[] = ["GET", "DELETE"]
const NON_IDEMPOTENT: JetpayHttpMethod[] = ["PUT", "POST", "PATCH"]

// [label, outcome, retried for GET/DELETE, retried for PUT/POST/PATCH]
const OUTCOMES: Array<[string, AttemptOutcome, boolean, boolean]> = [
  ["429", { kind: "status", status: 429 }, true, true],
  ["429 with Retry-After", { kind: "status", status: 429, retryAfterHeader: "1" }, true, true],
  ["503", { kind: "status", status: 503 }, true, false],
  ["503 with Retry-After", { kind: "status", status: 503, retryAfterHeader: "2" }, true, false],
  ["500", { kind: "status", status: 500 }, true, false],
  ["502", { kind: "status", status: 502 }, true, false],
  ["504", { kind: "status", status: 504 }, true, false],
  ["400", { kind: "status", status: 400 }, false, false],
  ["401", { kind: "status", status: 401 }, false, false],
  ["403", { kind: "status", status: 403 }, false, false],
  ["404", { kind: "status", status: 404 }, false, false],
  ["409", { kind: "status", status: 409 }, false, false],
  ["422", { kind: "status", status: 422 }, false, false],
  ["302", { kind: "status", status: 302 }, false, false],
  ["connection refused / DNS failure", { kind: "network", reachedServer: false }, true, true],
  ["connection lost after sending", { kind: "network", reachedServer: true }, true, false],
  ["timeout", { kind: "timeout" }, true, false],
]

const MATRIX = OUTCOMES.flatMap(([label, outcome, idempotent, nonIdempotent]) => [
  ...IDEMPOTENT.map((method) => [method, label, outcome, idempotent] as const),
  ...NON_IDEMPOTENT.map((method) => [method, label, outcome, nonIdempotent] as const),
])

const within = { attempt: 1, maxAttempts: 3, elapsedMs: 100, maxRetryTimeMs: 20_000 }

describe("shouldRetry", () => {
  it.each(MATRIX)("%s after %s (%j): retry=%s", (method, _label, outcome, expected) => {
    expect(shouldRetry({ ...within, method, outcome })).toBe(expected)
  })

  it.each(MATRIX.filter(([, , , expected]) => expected))(
    "%s after %s: never once the attempts are used up",
    (method, _label, outcome) => {
      expect(shouldRetry({ ...within, method, outcome, attempt: 3, maxAttempts: 3 })).toBe(false)
      expect(shouldRetry({ ...within, method, outcome, attempt: 2, maxAttempts: 3 })).toBe(true)
    },
  )

  it.each(MATRIX.filter(([, , , expected]) => expected))(
    "%s after %s: never once the time budget is spent",
    (method, _label, outcome) => {
      expect(shouldRetry({ ...within, method, outcome, elapsedMs: 20_000 })).toBe(false)
      expect(shouldRetry({ ...within, method, outcome, elapsedMs: 25_000 })).toBe(false)
      expect(shouldRetry({ ...within, method, outcome, elapsedMs: 19_999 })).toBe(true)
    },
  )

  it.each([
    [1, 1, false],
    [1, 2, true],
    [4, 5, true],
    [5, 5, false],
    [6, 5, false],
  ])("attempt %i of %i: retry=%s", (attempt, maxAttempts, expected) => {
    expect(shouldRetry({ ...within, attempt, maxAttempts, method: "GET", outcome: { kind: "timeout" } })).toBe(expected)
  })
})

describe("isIdempotentMethod", () => {
  it.each([
    ["GET", true],
    ["DELETE", true],
    ["PUT", false],
    ["POST", false],
    ["PATCH", false],
  ] as const)("%s: %s", (method, expected) => {
    expect(isIdempotentMethod(method)).toBe(expected)
  })
})

describe("parseRetryAfterMs", () => {
  const now = Date.parse("Wed, 21 Oct 2026 07:28:00 GMT")

  it.each([
    [undefined, undefined],
    ["0", 0],
    ["1", 1000],
    [" 120 ", 120_000],
    ["Wed, 21 Oct 2026 07:28:02 GMT", 2000],
    ["Wed, 21 Oct 2026 07:29:00 GMT", 60_000],
    ["Wed, 21 Oct 2026 07:27:00 GMT", 0],
    ["Wednesday, 21-Oct-26 07:28:05 GMT", 5000],
    ["", undefined],
    ["soon", undefined],
    ["-5", undefined],
    ["1.5", undefined],
    ["12abc", undefined],
  ])("%j -> %j ms", (header, expected) => {
    expect(parseRetryAfterMs(header, now)).toBe(expected)
  })
})

describe("retryDelayMs", () => {
  const base = { baseMs: 250, capMs: 5000 }

  it.each([
    // [attempt, random, expected]: full jitter, random * min(cap, base * 2^(attempt-1))
    [1, 0, 0],
    [1, 0.5, 125],
    [1, 0.999, 249],
    [2, 0.5, 250],
    [3, 0.5, 500],
    [3, 0.999, 999],
    [5, 0.5, 2000],
    [6, 0.5, 2500],
    [10, 0.5, 2500],
    [1000, 0.999, 4995],
  ])("attempt %i with random %d waits %i ms", (attempt, random, expected) => {
    expect(retryDelayMs({ ...base, attempt, random: () => random })).toBe(expected)
  })

  it.each([1, 2, 3, 4, 5, 6, 7, 8])("attempt %i stays within [0, min(cap, base*2^(attempt-1)))", (attempt) => {
    const ceiling = Math.min(5000, 250 * 2 ** (attempt - 1))
    for (const r of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999999]) {
      const delay = retryDelayMs({ ...base, attempt, random: () => r })
      expect(delay).toBeGreaterThanOrEqual(0)
      expect(delay).toBeLessThan(ceiling)
    }
  })

  it("keeps a misbehaving random source within bounds", () => {
    expect(retryDelayMs({ ...base, attempt: 1, random: () => -3 })).toBe(0)
    expect(retryDelayMs({ ...base, attempt: 1, random: () => 7 })).toBe(250)
  })

  const now = Date.parse("Wed, 21 Oct 2026 07:28:00 GMT")
  it.each([
    ["seconds", "1", undefined, 1000],
    ["seconds above the backoff cap (not capped by it)", "8", undefined, 8000],
    ["zero", "0", undefined, 0],
    ["an HTTP-date", "Wed, 21 Oct 2026 07:28:03 GMT", undefined, 3000],
    ["a past HTTP-date", "Wed, 21 Oct 2026 07:00:00 GMT", undefined, 0],
    ["seconds capped at the remaining budget", "30", 5000, 5000],
    ["an HTTP-date capped at the remaining budget", "Wed, 21 Oct 2026 07:29:00 GMT", 1500, 1500],
    ["seconds within the remaining budget", "2", 5000, 2000],
  ])("honours Retry-After as %s", (_label, header, remainingMs, expected) => {
    expect(retryDelayMs({ ...base, attempt: 1, random: () => 0.5, retryAfterHeader: header, nowMs: now, remainingMs })).toBe(
      expected,
    )
  })

  it("falls back to backoff when Retry-After is unreadable", () => {
    expect(retryDelayMs({ ...base, attempt: 1, random: () => 0.5, retryAfterHeader: "later" })).toBe(125)
  })
})

describe("planRetry", () => {
  const base = {
    method: "GET" as const,
    attempt: 1,
    maxAttempts: 3,
    elapsedMs: 0,
    maxRetryTimeMs: 20_000,
    baseMs: 250,
    capMs: 5000,
    random: () => 0.5,
    nowMs: Date.parse("Wed, 21 Oct 2026 07:28:00 GMT"),
  }

  it.each([
    ["a 503 on GET: backoff", { outcome: { kind: "status", status: 503 } }, { retry: true, delayMs: 125 }],
    ["a 503 on GET with Retry-After 1", { outcome: { kind: "status", status: 503, retryAfterHeader: "1" } }, { retry: true, delayMs: 1000 }],
    ["a 429 on PUT with Retry-After 2", { method: "PUT", outcome: { kind: "status", status: 429, retryAfterHeader: "2" } }, { retry: true, delayMs: 2000 }],
    ["a refused PUT", { method: "PUT", outcome: { kind: "network", reachedServer: false } }, { retry: true, delayMs: 125 }],
    ["a 500 on PUT", { method: "PUT", outcome: { kind: "status", status: 500 } }, { retry: false, reason: "not_retryable" }],
    ["a PUT timeout", { method: "PUT", outcome: { kind: "timeout" } }, { retry: false, reason: "not_retryable" }],
    ["a PUT timeout on its last attempt", { method: "PUT", attempt: 3, outcome: { kind: "timeout" } }, { retry: false, reason: "not_retryable" }],
    ["a 422", { outcome: { kind: "status", status: 422 } }, { retry: false, reason: "not_retryable" }],
    ["the last attempt", { attempt: 3, outcome: { kind: "timeout" } }, { retry: false, reason: "max_attempts" }],
    ["a spent budget", { elapsedMs: 20_000, outcome: { kind: "timeout" } }, { retry: false, reason: "time_budget" }],
    [
      "a Retry-After beyond the budget",
      { elapsedMs: 15_000, outcome: { kind: "status", status: 503, retryAfterHeader: "10" } },
      { retry: false, reason: "time_budget" },
    ],
    [
      "an HTTP-date Retry-After beyond the budget",
      { outcome: { kind: "status", status: 503, retryAfterHeader: "Wed, 21 Oct 2026 07:29:00 GMT" } },
      { retry: false, reason: "time_budget" },
    ],
    [
      "a backoff beyond the budget",
      { elapsedMs: 19_900, attempt: 2, random: () => 0.9, outcome: { kind: "status", status: 503 } },
      { retry: false, reason: "time_budget" },
    ],
    [
      "a backoff that fits the budget",
      { elapsedMs: 19_900, attempt: 1, random: () => 0.1, outcome: { kind: "status", status: 503 } },
      { retry: true, delayMs: 25 },
    ],
  ] as const)("%s", (_label, overrides, expected) => {
    expect(planRetry({ ...base, ...overrides })).toEqual(expected)
  })
})

describe("describeOutcome", () => {
  it.each<[AttemptOutcome, string]>([
    [{ kind: "status", status: 503 }, "HTTP 503"],
    [{ kind: "network", reachedServer: false }, "connection failed"],
    [{ kind: "network", reachedServer: true }, "connection lost"],
    [{ kind: "timeout" }, "timeout"],
  ])("%j -> %s", (outcome, expected) => {
    expect(describeOutcome(outcome)).toBe(expected)
  })
})
