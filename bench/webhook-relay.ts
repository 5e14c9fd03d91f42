import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { performance } from "node:perf_hooks"

export type RelayTarget = "plugin" | "generic"

export const RELAY_PATHS: Record<RelayTarget, string> = {
  plugin: "/hooks/jetpay",
  generic: "/hooks/payment/jetpay_jetpay",
}

/** One forwarded delivery: where it went, how many events it carried, how long the route took to answer. */
export type RelayTiming = { target: RelayTarget; events: number; status: number; ms: number; phase: string }

export type WebhookRelay = {
  /** What the sandbox's webhook points at (http on loopback, which the sandbox accepts). */
  url: string
  /** Sends every event of this transaction to this target's route. */
  assign: (transactionId: string, target: RelayTarget) => void
  /** Where events of transactions assigned to no target go (default: the plugin's route). */
  setDefaultTarget: (target: RelayTarget) => void
  /** A label stored with each timing from now on: what the bench was doing meanwhile. */
  setPhase: (phase: string) => void
  timings: RelayTiming[]
  close: () => Promise<void>
}

/** Headers a Jetpay delivery carries and the routes read; everything else is transport. */
const FORWARDED_HEADERS = ["authorization", "content-type", "x-callback-api-key"]

/**
 * Stands between the sandbox and the Medusa app so one webhook registration can feed both
 * routes in the same run: each delivery's exact bytes and signing headers go to the route of
 * the group its transaction belongs to, and the route's answer (status and body) goes back to
 * the sandbox, so retries behave as they would without the relay. The relay times each route's
 * answer as the sandbox would see it, minus the sandbox-to-relay hop.
 */
export async function startWebhookRelay(appUrl: string): Promise<WebhookRelay> {
  const groups = new Map<string, RelayTarget>()
  let defaultTarget: RelayTarget = "plugin"
  let phase = ""
  const timings: RelayTiming[] = []

  const server: Server = createServer(async (req, res) => {
    try {
      const raw = await readBody(req)
      const transactionIds = transactionIdsOf(raw)
      const target = transactionIds.map((id) => groups.get(id)).find(Boolean) ?? defaultTarget
      const headers: Record<string, string> = {}
      for (const name of FORWARDED_HEADERS) {
        const value = req.headers[name]
        if (typeof value === "string") headers[name] = value
      }

      const body = new Uint8Array(raw) // the same bytes, in the type fetch takes

      const started = performance.now()
      const answer = await fetch(`${appUrl}${RELAY_PATHS[target]}`, { method: "POST", headers, body })
      const answerBody = Buffer.from(await answer.arrayBuffer())
      const ms = performance.now() - started

      timings.push({ target, events: transactionIds.length, status: answer.status, ms, phase })
      res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" })
      res.end(answerBody)
    } catch (error) {
      // The app did not answer: to the sandbox that is a failed delivery, retried later.
      res.writeHead(502, { "content-type": "text/plain" })
      res.end(`relay: ${(error as Error).message}`)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    assign: (transactionId, target) => void groups.set(transactionId, target),
    setDefaultTarget: (target) => void (defaultTarget = target),
    setPhase: (label) => void (phase = label),
    timings,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })
}

/** One entry per event (so its length is the batch size); only used to pick the route. */
function transactionIdsOf(raw: Buffer): string[] {
  try {
    const batch = JSON.parse(raw.toString("utf8")) as { events?: Array<{ data?: { transactionId?: unknown } }> }
    return (batch.events ?? []).map((event) => String(event.data?.transactionId ?? ""))
  } catch {
    return []
  }
}
