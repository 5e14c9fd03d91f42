// HTTP for the driver and the verifier: plain fetch with a timeout, and the patience of a
// shopper who reloads while the store is down (a killed server) or answers 5xx.
import { setTimeout as sleep } from "node:timers/promises"

export type Answer<T = any> = { status: number; body: T }

export class HttpError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number | null,
    readonly body: unknown,
    cause?: unknown
  ) {
    super(`${method} ${new URL(url).pathname} ${status === null ? `failed: ${String((cause as Error)?.message ?? cause)}` : `answered ${status}: ${short(body)}`}`)
  }
}

export type RequestOptions = { body?: unknown; headers?: Record<string, string>; timeoutMs?: number }

/** One request; network errors and timeouts throw an HttpError with status null. Any status is returned. */
export async function request<T = any>(method: string, url: string, options: RequestOptions = {}): Promise<Answer<T>> {
  let response: Response
  try {
    response = await fetch(url, {
      method,
      headers: { ...(options.body === undefined ? {} : { "content-type": "application/json" }), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    })
  } catch (error) {
    throw new HttpError(method, url, null, null, error)
  }
  const text = await response.text().catch(() => "")
  let body: unknown = text
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    // Not JSON (an HTML error page): kept as text for the message.
  }
  return { status: response.status, body: body as T }
}

/** A 2xx answer, or an HttpError. */
export async function requestOk<T = any>(method: string, url: string, options: RequestOptions = {}): Promise<T> {
  const answer = await request<T>(method, url, options)
  if (answer.status < 200 || answer.status >= 300) throw new HttpError(method, url, answer.status, answer.body)
  return answer.body
}

/** Worth another try: the store was unreachable, overloaded, or failed on Jetpay's side. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof HttpError)) return false
  return error.status === null || error.status === 429 || error.status >= 500 || isMedusaConflict(error)
}

/**
 * Medusa's 409 for a request that met another one on the same cart (its cart lock, held a while
 * longer by a server killed under it): "You may retry the request", as a storefront does.
 */
function isMedusaConflict(error: HttpError): boolean {
  const body = error.body as { type?: unknown } | null
  return error.status === 409 && typeof body === "object" && body !== null && body.type === "conflict"
}

/**
 * Tries `attempt` until it succeeds, a non-transient error, or `patienceMs` ran out: a
 * shopper who reloads a failing page, for as long as a restarting server needs.
 */
export async function withPatience<T>(attempt: () => Promise<T>, patienceMs: number, onRetry?: (error: unknown) => void): Promise<T> {
  const deadline = Date.now() + patienceMs
  let delay = 250
  for (;;) {
    try {
      return await attempt()
    } catch (error) {
      if (!isTransient(error) || Date.now() + delay > deadline) throw error
      onRetry?.(error)
      await sleep(delay)
      delay = Math.min(delay * 2, 4_000)
    }
  }
}

function short(body: unknown): string {
  const text = typeof body === "string" ? body : JSON.stringify(body)
  return text.length > 300 ? `${text.slice(0, 300)}...` : text
}
