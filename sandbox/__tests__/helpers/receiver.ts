// A tiny webhook receiver over node:http for the sandbox's delivery tests.

import http from "node:http"
import type { Socket } from "node:net"

export interface WireBatch {
  webhookId: number
  events: { id: number; createdAt: string; type: string; data: { state: string; transactionId: string } }[]
}

export interface Received {
  headers: http.IncomingHttpHeaders
  raw: Buffer
  body: WireBatch
  /** When the request arrived (ms since epoch). */
  receivedAt: number
}

/** Decides the answer to one delivery; index counts from 0. May wait to simulate a slow receiver. */
export type Responder = (delivery: Received, index: number) => number | Promise<number>

export interface Receiver {
  url: string
  received: Received[]
  respondWith(responder: Responder): void
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>
  close(): Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = []
  let responder: Responder = () => 200
  const sockets = new Set<Socket>()

  const server = http.createServer((req, res) => {
    const receivedAt = Date.now()
    const chunks: Buffer[] = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const raw = Buffer.concat(chunks)
      const delivery: Received = { headers: req.headers, raw, body: JSON.parse(raw.toString("utf8")), receivedAt }
      const index = received.length
      received.push(delivery)
      Promise.resolve(responder(delivery, index)).then(
        (status) => res.writeHead(status, { "content-type": "application/json" }).end("{}"),
        () => res.destroy()
      )
    })
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.once("close", () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  if (address === null || typeof address === "string") throw new Error("receiver is not on a TCP port")
  const { port } = address

  return {
    url: `http://127.0.0.1:${port}/hooks/jetpay`,
    received,
    respondWith(next) {
      responder = next
    },
    async waitFor(count, timeoutMs = 5000) {
      await waitUntil(() => received.length >= count, timeoutMs, `${count} deliveries (got ${received.length})`)
      return received.slice(0, count)
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
    },
  }
}

export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(10)
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
