import type { IncomingMessage, ServerResponse } from "node:http"
import { sendJson, startTestServer, type ReceivedRequest, type TestServer } from "./test-server"

/**
 * Jetpay's webhook endpoints as a scripted fake on the test server: a company's webhooks in
 * memory, list/register/patch/delete over real HTTP, and every request kept for assertions.
 */

export type FakeWebhookRecord = {
  id: number
  identifier: string
  callback_url: string
  state: string
  last_sent_event_id: number | null
  max_batch_size: number | null
  max_wait_seconds: number | null
}

export type FakeWebhooksOptions = {
  /**
   * Answer every POST with this status. With `registerOnRefusal`, the webhook is created first,
   * as when another run registered the same URL between our list and our POST.
   */
  refusePostWith?: number
  registerOnRefusal?: Partial<FakeWebhookRecord>
}

export type FakeWebhooks = TestServer & {
  webhooks: FakeWebhookRecord[]
  /** Requests that change something (everything but GET). */
  writes(): ReceivedRequest[]
  /** Requests addressed to one webhook, by identifier. */
  requestsTo(identifier: string): ReceivedRequest[]
}

export function webhookRecord(fields: Partial<FakeWebhookRecord> & { identifier: string; callback_url: string }): FakeWebhookRecord {
  return {
    id: Number(fields.identifier.replace(/\D/g, "")) || 1,
    state: "active",
    last_sent_event_id: null,
    max_batch_size: 10,
    max_wait_seconds: 60,
    ...fields,
  }
}

function bodyOf(received: ReceivedRequest): Record<string, unknown> {
  const parsed: unknown = received.body ? JSON.parse(received.body) : {}
  return typeof parsed === "object" && parsed !== null ? { ...parsed } : {}
}

function numberOr(value: unknown, fallback: number | null): number | null {
  return typeof value === "number" ? value : fallback
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback
}

export async function startFakeWebhooks(initial: FakeWebhookRecord[], options: FakeWebhooksOptions = {}): Promise<FakeWebhooks> {
  const webhooks = initial.map((webhook) => ({ ...webhook }))
  let nextId = 100

  const handle = (_req: IncomingMessage, res: ServerResponse, _index: number, received: ReceivedRequest) => {
    const { method, url } = received
    const one = /^\/webhooks\/([^/]+)$/.exec(url)
    if (url === "/webhooks/" && method === "GET") {
      sendJson(res, 200, webhooks)
      return
    }
    if (url === "/webhooks/" && method === "POST") {
      const body = bodyOf(received)
      if (options.refusePostWith !== undefined) {
        if (options.registerOnRefusal) {
          webhooks.push(
            webhookRecord({
              identifier: `wh-${nextId++}`,
              callback_url: stringOr(body.callback_url, ""),
              ...options.registerOnRefusal,
            }),
          )
        }
        sendJson(res, options.refusePostWith, { detail: "A webhook with this callback_url already exists" })
        return
      }
      const created = webhookRecord({
        identifier: `wh-${nextId}`,
        id: nextId++,
        callback_url: stringOr(body.callback_url, ""),
        max_batch_size: numberOr(body.max_batch_size, 10),
        max_wait_seconds: numberOr(body.max_wait_seconds, 60),
      })
      webhooks.push(created)
      sendJson(res, 201, { ...created, callback_api_key: null })
      return
    }
    const webhook = one ? webhooks.find((candidate) => candidate.identifier === decodeURIComponent(one[1])) : undefined
    if (!webhook) {
      sendJson(res, 404, { detail: "Not Found" })
      return
    }
    if (method === "GET") {
      sendJson(res, 200, webhook)
    } else if (method === "PATCH") {
      const body = bodyOf(received)
      webhook.callback_url = stringOr(body.callback_url, webhook.callback_url)
      webhook.state = stringOr(body.state, webhook.state)
      webhook.max_batch_size = numberOr(body.max_batch_size, webhook.max_batch_size)
      webhook.max_wait_seconds = numberOr(body.max_wait_seconds, webhook.max_wait_seconds)
      sendJson(res, 200, webhook)
    } else if (method === "DELETE") {
      webhooks.splice(webhooks.indexOf(webhook), 1)
      sendJson(res, 200, { ok: true })
    } else {
      sendJson(res, 405, { detail: "Method Not Allowed" })
    }
  }

  const server = await startTestServer(handle)
  return {
    ...server,
    webhooks,
    writes: () => server.requests.filter((request) => request.method !== "GET"),
    requestsTo: (identifier) => server.requests.filter((request) => request.url === `/webhooks/${encodeURIComponent(identifier)}`),
  }
}
