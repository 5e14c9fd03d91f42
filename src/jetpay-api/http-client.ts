import http from "node:http"
import https from "node:https"
import { performance } from "node:perf_hooks"
import axios, { type AxiosInstance } from "axios"
import type { z } from "zod"
import { flattenJetpayDetail } from "./error-detail"
import {
  JetpayApiError,
  JetpayNetworkError,
  JetpayResponseError,
  JetpayTimeoutError,
  type JetpayError,
  type JetpayHttpMethod,
} from "./errors"
import { describeOutcome, isIdempotentMethod, isRetryableOutcome, planRetry, type AttemptOutcome } from "./retry-policy"
import { safeParseWith } from "./schemas"

/**
 * The one place where the client does I/O: sends a request, classifies what happened, applies the
 * retry policy, and turns the final outcome into a typed error or a parsed body.
 */

export interface JetpayLogger {
  debug?(message: string): void
  warn?(message: string): void
}

export interface JetpayHttpClientOptions {
  baseUrl: string
  apiKey: string
  timeoutMs: number
  maxAttempts: number
  maxRetryTimeMs: number
  retryBaseMs: number
  retryCapMs: number
  logger?: JetpayLogger
  /** Injectable for deterministic tests; Math.random otherwise. */
  random?: () => number
}

export interface JetpayRequest<S extends z.ZodType> {
  method: JetpayHttpMethod
  /** Already URL-encoded. */
  path: string
  body?: unknown
  schema: S
}

// Connection errors that happen before a single byte of the request leaves: resending is safe
// even for a PUT. Anything else (a reset, a hang-up) may come after Jetpay received the request.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "EADDRNOTAVAIL"])

const NOT_JSON = Symbol("not-json")

type AttemptResult =
  | { kind: "response"; status: number; retryAfterHeader?: string; body: unknown }
  | { kind: "network"; reachedServer: boolean; code?: string }
  | { kind: "timeout"; timeoutMs: number }

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null
}

/** The system error code (ECONNREFUSED...) of an error, its cause, or an AggregateError member. */
function systemCodeOf(error: unknown, depth = 0): string | undefined {
  if (!isRecord(error) || depth > 3) {
    return undefined
  }
  const code = error.code
  if (typeof code === "string" && code !== "ERR_CANCELED" && !code.startsWith("ERR_BAD_")) {
    return code
  }
  const nested = Array.isArray(error.errors) ? error.errors[0] : error.cause
  return systemCodeOf(nested, depth + 1) ?? (typeof code === "string" ? code : undefined)
}

/** Only a plain code goes into an error message: a system message can embed anything. */
function safeCode(code: string | undefined): string | undefined {
  return code !== undefined && /^[A-Z0-9_]{2,40}$/.test(code) ? code : undefined
}

function parseBody(text: unknown): unknown {
  if (typeof text !== "string" || text.trim() === "") {
    return undefined
  }
  try {
    const parsed: unknown = JSON.parse(text)
    return parsed
  } catch {
    return NOT_JSON
  }
}

function headerValue(value: unknown): string | undefined {
  if (typeof value === "string") {
    return value
  }
  if (Array.isArray(value) && typeof value[0] === "string") {
    return value[0]
  }
  return undefined
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

export class JetpayHttpClient {
  private readonly http: AxiosInstance
  private readonly options: JetpayHttpClientOptions
  private readonly random: () => number

  constructor(options: JetpayHttpClientOptions) {
    this.options = options
    this.random = options.random ?? Math.random
    this.http = axios.create({
      baseURL: options.baseUrl,
      headers: {
        Authorization: `Bearer ${options.apiKey}`,
        Accept: "application/json",
        "User-Agent": "medusa-payment-jetpay",
      },
      // Every status is classified here, not by axios throwing.
      validateStatus: () => true,
      // A followed redirect could replay a PUT somewhere else; a redirect is reported instead.
      maxRedirects: 0,
      // The body is parsed here, so that a 2xx that is not JSON is an error, not a string.
      responseType: "text",
      transformResponse: [(data: unknown) => data],
      maxContentLength: 5 * 1024 * 1024,
      // No keep-alive: a pooled socket that the server closed while idle fails the next request
      // with a reset that looks like "the request may have arrived", which would needlessly make
      // a PUT's outcome unknown. A fresh connection per call costs little at payment volumes.
      httpAgent: new http.Agent({ keepAlive: false }),
      httpsAgent: new https.Agent({ keepAlive: false }),
    })
  }

  async request<S extends z.ZodType>(request: JetpayRequest<S>): Promise<z.output<S>> {
    const { method, path } = request
    const { maxAttempts, maxRetryTimeMs } = this.options
    const started = performance.now()
    let attempt = 0

    for (;;) {
      attempt += 1
      const elapsedBefore = performance.now() - started
      // The whole call, retries included, fits in maxRetryTimeMs: an attempt never outlives it.
      const attemptTimeout = Math.max(1, Math.min(this.options.timeoutMs, maxRetryTimeMs - elapsedBefore))
      const result = await this.attempt(method, path, request.body, attemptTimeout)

      if (result.kind === "response" && result.status >= 200 && result.status < 300) {
        return this.parseSuccess(request, result.status, result.body)
      }

      const outcome = toOutcome(result)
      const decision = planRetry({
        method,
        attempt,
        maxAttempts,
        elapsedMs: performance.now() - started,
        maxRetryTimeMs,
        outcome,
        baseMs: this.options.retryBaseMs,
        capMs: this.options.retryCapMs,
        random: this.random,
        nowMs: Date.now(),
      })
      if (!decision.retry) {
        throw this.toError(method, path, result, attempt)
      }
      this.log(
        `Jetpay ${method} ${path}: attempt ${attempt} of ${maxAttempts} got ${describeOutcome(outcome)}; ` +
          `retrying in ${Math.round(decision.delayMs)} ms`,
      )
      await sleep(decision.delayMs)
    }
  }

  private log(line: string): void {
    const logger = this.options.logger
    if (logger?.warn) {
      logger.warn(line)
    } else {
      logger?.debug?.(line)
    }
  }

  private async attempt(
    method: JetpayHttpMethod,
    path: string,
    body: unknown,
    timeoutMs: number,
  ): Promise<AttemptResult> {
    // One deadline for the whole exchange (connect, send, wait, read). axios's own `timeout` is a
    // socket idle timer, which a slowly trickling answer would keep from ever firing.
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeoutMs)
    try {
      const response = await this.http.request<unknown>({
        method,
        url: path,
        data: body === undefined ? undefined : JSON.stringify(body),
        headers: body === undefined ? undefined : { "Content-Type": "application/json" },
        signal: controller.signal,
      })
      return {
        kind: "response",
        status: response.status,
        retryAfterHeader: headerValue(response.headers["retry-after"]),
        body: parseBody(response.data),
      }
    } catch (error) {
      if (timedOut) {
        return { kind: "timeout", timeoutMs }
      }
      if (!axios.isAxiosError(error)) {
        throw error
      }
      const code = systemCodeOf(error)
      if (code === "ETIMEDOUT" || code === "ECONNABORTED") {
        return { kind: "timeout", timeoutMs }
      }
      return { kind: "network", reachedServer: code === undefined || !NOT_SENT_CODES.has(code), code }
    } finally {
      clearTimeout(timer)
    }
  }

  private parseSuccess<S extends z.ZodType>(request: JetpayRequest<S>, status: number, body: unknown): z.output<S> {
    const { method, path } = request
    if (body === NOT_JSON) {
      throw new JetpayResponseError({ method, path, status, issues: ["(body): not JSON"] })
    }
    const parsed = safeParseWith(request.schema, body)
    if (!parsed.ok) {
      throw new JetpayResponseError({ method, path, status, issues: parsed.issues })
    }
    return parsed.value
  }

  private toError(method: JetpayHttpMethod, path: string, result: AttemptResult, attempts: number): JetpayError {
    const idempotent = isIdempotentMethod(method)
    switch (result.kind) {
      case "response":
        return new JetpayApiError({
          method,
          path,
          status: result.status,
          detail: flattenJetpayDetail(result.body, [this.options.apiKey]),
          // "Later" is safe exactly when the policy would have retried now.
          retryable: result.status >= 400 && isRetryableOutcome(method, toOutcome(result)),
          attempts,
        })
      case "timeout":
        return new JetpayTimeoutError({
          method,
          path,
          timeoutMs: Math.round(result.timeoutMs),
          outcomeUnknown: !idempotent,
          attempts,
        })
      case "network":
        return new JetpayNetworkError({
          method,
          path,
          code: safeCode(result.code),
          reachedServer: result.reachedServer,
          outcomeUnknown: result.reachedServer && !idempotent,
          attempts,
        })
    }
  }
}

function toOutcome(result: AttemptResult): AttemptOutcome {
  switch (result.kind) {
    case "response":
      return { kind: "status", status: result.status, retryAfterHeader: result.retryAfterHeader }
    case "network":
      return { kind: "network", reachedServer: result.reachedServer }
    case "timeout":
      return { kind: "timeout" }
  }
}
