import http from "node:http"
import { performance } from "node:perf_hooks"

/**
 * A real HTTP server on port 0 standing in for Jetpay's edge: each test scripts its answers and
 * reads what arrived. Nothing of the client is mocked.
 */

export interface ReceivedRequest {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
  /** The body's bytes as they arrived (what a webhook signature covers). */
  raw: Buffer
  /** performance.now() when the request arrived. */
  at: number
}

export type Handler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  index: number,
  received: ReceivedRequest,
) => void

export interface TestServer {
  url: string
  port: number
  requests: ReceivedRequest[]
  close(): Promise<void>
}

function portOf(server: http.Server): number {
  const address = server.address()
  if (address === null || typeof address === "string") {
    throw new Error("the test server is not listening on TCP")
  }
  return address.port
}

export async function startTestServer(handler: Handler): Promise<TestServer> {
  const requests: ReceivedRequest[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    const at = performance.now()
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const raw = Buffer.concat(chunks)
      const received: ReceivedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: raw.toString("utf8"),
        raw,
        at,
      }
      requests.push(received)
      handler(req, res, requests.length - 1, received)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const port = portOf(server)
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers })
  res.end(body === undefined ? undefined : JSON.stringify(body))
}

/** A port on which nothing listens (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const port = portOf(server)
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
