// The load balancer in front of a cluster's Medusa servers: each request goes to the next
// server in turn, request and answer streamed through (node:http, nothing buffered).
//
// What it does with a server that is down is what hosted load balancers do by default
// (nginx's `proxy_next_upstream error`, an AWS ALB's or a Kubernetes Service's health
// checks): a server that refuses the connection never saw the request, so the request goes
// to the next server, and the refusing one is left out of the rotation for
// `downForMs` (a passive health check). Only when every server refuses does the client get
// a 502. A server that dies after it took the request (kill -9 mid-request) may have acted
// on it: the request is not sent again (nginx does not resend a non-idempotent request
// either); the client gets a 502, or a cut-off answer if the answer had begun.
import http from "node:http"
import type { AddressInfo } from "node:net"

export type RoundRobinProxy = {
  url: string
  /** Requests each backend took, and how many connections it refused. */
  stats(): { backend: string; requests: number; refused: number }[]
  close(): Promise<void>
}

export type ProxyOptions = {
  /** Backends as http://host:port. */
  backends: string[]
  /** 0: any free port. */
  port?: number
  /** How long a backend that refused a connection stays out of the rotation. */
  downForMs?: number
}

export async function startRoundRobinProxy(options: ProxyOptions): Promise<RoundRobinProxy> {
  const backends = options.backends.map((url) => ({ url: new URL(url), downUntil: 0, requests: 0, refused: 0 }))
  if (backends.length === 0) throw new Error("a proxy needs at least one backend")
  const downForMs = options.downForMs ?? 2_000
  // One connection per request: a connection kept alive to a server killed since would
  // fail after the request was written, when it can no longer go to the next server.
  const agent = new http.Agent({ keepAlive: false })
  let next = 0

  /** Backends in the order to try for one request: the next in turn first, those marked down last. */
  const order = () => {
    const start = next
    next = (next + 1) % backends.length
    const rotated = backends.map((_, i) => backends[(start + i) % backends.length])
    const now = Date.now()
    return [...rotated.filter((backend) => backend.downUntil <= now), ...rotated.filter((backend) => backend.downUntil > now)]
  }

  const server = http.createServer((req, res) => {
    const candidates = order()
    let current: http.ClientRequest | undefined
    // The client gave up: so does the backend's request.
    res.once("close", () => {
      if (!res.writableFinished) current?.destroy()
    })
    const forwardedFor = [req.headers["x-forwarded-for"], req.socket.remoteAddress].filter(Boolean).join(", ")
    const attempt = (index: number) => {
      const backend = candidates[index]
      const upstream = (current = http.request({
        agent,
        host: backend.url.hostname,
        port: backend.url.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, "x-forwarded-for": forwardedFor, "x-forwarded-proto": "http" },
      }))
      let connected = false
      upstream.once("socket", (socket) => {
        const send = () => {
          connected = true
          backend.requests += 1
          req.pipe(upstream)
        }
        if (socket.connecting) socket.once("connect", send)
        else send()
      })
      upstream.once("response", (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders)
        answer.pipe(res)
        answer.once("error", () => res.destroy())
        answer.once("aborted", () => res.destroy())
      })
      upstream.once("error", (error: NodeJS.ErrnoException) => {
        if (!connected) {
          // Refused: the request never reached this backend; the next one gets it.
          backend.refused += 1
          backend.downUntil = Date.now() + downForMs
          if (index + 1 < candidates.length) return attempt(index + 1)
          return badGateway(res, `every backend refused the connection (${error.code ?? error.message})`)
        }
        // The backend took the request and went away: never sent twice.
        if (!res.headersSent) return badGateway(res, `the backend failed mid-request (${error.code ?? error.message})`)
        res.destroy()
      })
    }
    attempt(0)
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    // Every interface, as the Medusa servers: localhost answers whether it resolves to ::1 or 127.0.0.1.
    server.listen(options.port ?? 0, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://localhost:${port}`,
    stats: () => backends.map((backend) => ({ backend: backend.url.origin, requests: backend.requests, refused: backend.refused })),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
        agent.destroy()
      }),
  }
}

function badGateway(res: http.ServerResponse, reason: string) {
  res.writeHead(502, { "content-type": "application/json" })
  res.end(JSON.stringify({ type: "bad_gateway", message: `proxy: ${reason}` }))
}
