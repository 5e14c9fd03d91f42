// One POST to a receiver. node:http(s) with a fresh connection each time (no keep-alive pool),
// so nothing outlives the sandbox and every attempt is independent, like Jetpay's.

import http from "node:http"
import https from "node:https"

export class ActiveRequests {
  private requests = new Set<http.ClientRequest>()

  track(request: http.ClientRequest): void {
    this.requests.add(request)
    request.once("close", () => this.requests.delete(request))
  }

  abortAll(): void {
    for (const request of this.requests) request.destroy()
    this.requests.clear()
  }
}

/** Resolves with the HTTP status, or null on a network error or when `timeoutMs` passed. */
export function postJson(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
  timeoutMs: number,
  active: ActiveRequests
): Promise<number | null> {
  return new Promise((resolve) => {
    let settled = false
    const settle = (status: number | null) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(status)
    }
    const target = new URL(url)
    const transport = target.protocol === "https:" ? https : http
    const request = transport.request(target, {
      method: "POST",
      agent: false,
      headers: { ...headers, "content-length": String(body.length) },
    })
    active.track(request)
    // Jetpay wants the receiver's 2xx within 15 s.
    const timer = setTimeout(() => {
      settle(null)
      request.destroy()
    }, timeoutMs)
    request.on("response", (response) => {
      // The status is the answer; the body is drained only to free the socket.
      response.resume()
      response.on("error", () => undefined)
      settle(response.statusCode ?? null)
    })
    request.on("error", () => settle(null))
    request.on("close", () => settle(null))
    request.end(body)
  })
}
