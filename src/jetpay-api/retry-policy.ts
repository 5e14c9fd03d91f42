import type { JetpayHttpMethod } from "./errors"

/**
 * When to send a Jetpay request again, and after how long (shared/jetpay-api.md, "Retries").
 * Pure functions: the clock and the randomness are inputs, so every rule is table-tested.
 *
 * The asymmetry is the point: Jetpay documents no idempotency key, so a PUT /debit that might
 * have arrived is never sent again (that could create a second debit and charge a shopper twice).
 * Reads and DELETE do the same thing however often they are sent.
 */

/** What one attempt ended with. */
export type AttemptOutcome =
  | { kind: "status"; status: number; retryAfterHeader?: string }
  /** `reachedServer: false` only when the request surely never left (refused, DNS failure). */
  | { kind: "network"; reachedServer: boolean }
  | { kind: "timeout" }

export interface RetryInput {
  method: JetpayHttpMethod
  /** Attempts made so far, including the one that produced `outcome` (1 after the first). */
  attempt: number
  maxAttempts: number
  /** Time since the call started (before the first attempt). */
  elapsedMs: number
  maxRetryTimeMs: number
  outcome: AttemptOutcome
}

/** Methods that may be sent again whatever happened to the previous attempt. */
export function isIdempotentMethod(method: JetpayHttpMethod): boolean {
  return method === "GET" || method === "DELETE"
}

/**
 * Statuses that say "come back later" without having done anything: only 429, answered by the
 * rate limiter before the request is acted on. A 503 may come from a proxy in front of Jetpay
 * after Jetpay acted, so a PUT that got one is not sent again (its outcome is unknown).
 */
function isRetryableStatusForAnyMethod(status: number): boolean {
  return status === 429
}

function isRetryableStatusForIdempotent(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599)
}

/** Whether the outcome, by its kind alone, allows sending the request again. */
export function isRetryableOutcome(method: JetpayHttpMethod, outcome: AttemptOutcome): boolean {
  const idempotent = isIdempotentMethod(method)
  switch (outcome.kind) {
    case "status":
      return idempotent
        ? isRetryableStatusForIdempotent(outcome.status)
        : isRetryableStatusForAnyMethod(outcome.status)
    case "network":
      return idempotent || !outcome.reachedServer
    case "timeout":
      // A PUT that timed out may have been processed: its outcome is unknown, never resend.
      return idempotent
  }
}

/** The rule table: kind of outcome x method, bounded by attempts and total time. */
export function shouldRetry(input: RetryInput): boolean {
  if (input.attempt >= input.maxAttempts) {
    return false
  }
  if (input.elapsedMs >= input.maxRetryTimeMs) {
    return false
  }
  return isRetryableOutcome(input.method, input.outcome)
}

/**
 * `Retry-After` as milliseconds from now: either delay-seconds or an HTTP-date (RFC 9110).
 * Undefined when absent or unreadable, so that backoff applies instead.
 */
export function parseRetryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) {
    return undefined
  }
  const value = header.trim()
  if (/^\d+$/.test(value)) {
    return Number(value) * 1000
  }
  // Only a date-like value: Date.parse would also read "1.5" or "-3" as dates.
  if (!/[a-z]/i.test(value)) {
    return undefined
  }
  const at = Date.parse(value)
  if (Number.isNaN(at)) {
    return undefined
  }
  return Math.max(0, at - nowMs)
}

export interface RetryDelayInput {
  /** Attempts made so far (1 before the first retry). */
  attempt: number
  baseMs: number
  capMs: number
  retryAfterHeader?: string
  /** A number in [0, 1); Math.random in production, fixed in tests. */
  random: () => number
  /** Wall clock, for an HTTP-date Retry-After. Defaults to 0, which suits delay-seconds only. */
  nowMs?: number
  /** What is left of the call's time budget: a Retry-After is never waited beyond it. */
  remainingMs?: number
}

/**
 * Full-jitter exponential backoff (a uniformly random wait up to base * 2^(attempt-1), capped),
 * which spreads clients apart after an outage instead of having them come back together.
 * A Retry-After from Jetpay wins over backoff: it knows when it will be ready.
 */
export function retryDelayMs(input: RetryDelayInput): number {
  const retryAfter = parseRetryAfterMs(input.retryAfterHeader, input.nowMs ?? 0)
  if (retryAfter !== undefined) {
    return input.remainingMs === undefined ? retryAfter : Math.max(0, Math.min(retryAfter, input.remainingMs))
  }
  const exponent = Math.min(Math.max(input.attempt - 1, 0), 30)
  const ceiling = Math.min(input.capMs, input.baseMs * 2 ** exponent)
  const r = Math.min(Math.max(input.random(), 0), 1)
  return Math.floor(r * ceiling)
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: "not_retryable" | "max_attempts" | "time_budget" }

export interface PlanRetryInput extends RetryInput {
  baseMs: number
  capMs: number
  random: () => number
  nowMs: number
}

/**
 * shouldRetry and retryDelayMs together, as the transport uses them. A retry that could not start
 * within the time budget is not planned: waiting out a Retry-After longer than the budget only
 * to be refused again would make the caller wait for nothing.
 */
export function planRetry(input: PlanRetryInput): RetryDecision {
  if (!isRetryableOutcome(input.method, input.outcome)) {
    return { retry: false, reason: "not_retryable" }
  }
  if (input.attempt >= input.maxAttempts) {
    return { retry: false, reason: "max_attempts" }
  }
  if (!shouldRetry(input)) {
    return { retry: false, reason: "time_budget" }
  }
  const remainingMs = input.maxRetryTimeMs - input.elapsedMs
  const retryAfterHeader = input.outcome.kind === "status" ? input.outcome.retryAfterHeader : undefined
  const asked = parseRetryAfterMs(retryAfterHeader, input.nowMs)
  if (asked !== undefined && asked >= remainingMs) {
    return { retry: false, reason: "time_budget" }
  }
  const delayMs = retryDelayMs({
    attempt: input.attempt,
    baseMs: input.baseMs,
    capMs: input.capMs,
    retryAfterHeader,
    random: input.random,
    nowMs: input.nowMs,
    remainingMs,
  })
  if (delayMs >= remainingMs) {
    return { retry: false, reason: "time_budget" }
  }
  return { retry: true, delayMs }
}

/** A short description of an outcome for a log line (no bodies, no headers). */
export function describeOutcome(outcome: AttemptOutcome): string {
  switch (outcome.kind) {
    case "status":
      return `HTTP ${outcome.status}`
    case "network":
      return outcome.reachedServer ? "connection lost" : "connection failed"
    case "timeout":
      return "timeout"
  }
}
