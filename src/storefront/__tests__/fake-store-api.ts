// The HTTP edge of the kit's tests: a fetch that answers like Medusa's Store API and the plugin's
// status route, from a queue of answers per route, and records each call.

export type Call = { method: string; url: URL; headers: Record<string, string>; body: unknown }
type Answer = { status: number; body?: unknown; text?: string } | Error

export class FakeStoreApi {
  readonly calls: Call[] = []
  private readonly answers = new Map<string, Answer[]>()

  /** Queues answers for `METHOD /path` (the path without its query); the last one repeats. */
  on(route: string, ...answers: Answer[]): this {
    this.answers.set(route, [...(this.answers.get(route) ?? []), ...answers])
    return this
  }

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input.toString() : input.url)
    const method = (init.method ?? "GET").toUpperCase()
    const headers = Object.fromEntries(new Headers(init.headers).entries())
    const body = typeof init.body === "string" ? JSON.parse(init.body) : undefined
    this.calls.push({ method, url, headers, body })
    const route = `${method} ${url.pathname}`
    const queue = this.answers.get(route)
    if (!queue?.length) return json(404, { type: "not_found", message: `no fake answer for ${route}` })
    const answer = queue.length > 1 ? queue.shift()! : queue[0]
    if (answer instanceof Error) throw answer
    return answer.text !== undefined ? new Response(answer.text, { status: answer.status }) : json(answer.status, answer.body)
  }

  /** The calls as `METHOD /path?query`. */
  routes(): string[] {
    return this.calls.map((call) => `${call.method} ${call.url.pathname}${call.url.search}`)
  }
}

function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? "" : JSON.stringify(body), { status, headers: { "content-type": "application/json" } })
}

export const BASE_URL = "https://api.store.test"
export const KEY = "pk_test_123"

/** A Store API cart with a Jetpay session, as Medusa answers it. */
export function cartWithSession(session: { status?: string; link?: string | null; surcharge?: number; provider_id?: string; id?: string } = {}) {
  return {
    id: "cart_01",
    currency_code: "cad",
    payment_collection: {
      id: "paycol_01",
      payment_sessions: [
        {
          id: session.id ?? "payses_01",
          provider_id: session.provider_id ?? "pp_jetpay_jetpay",
          status: session.status ?? "pending",
          created_at: "2026-12-07T10:00:00.000Z",
          data: {
            jetpay_transaction_id: "tx_01",
            ...(session.link === null ? {} : { link: session.link ?? "https://pay.jetpay.test/tx_01" }),
            amount: 4999,
            surcharge: session.surcharge ?? 150,
          },
        },
      ],
    },
  }
}
