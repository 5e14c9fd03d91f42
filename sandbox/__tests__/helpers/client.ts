// Calls to a running sandbox with Node's fetch, as the plugin's client would make them.

import { z } from "zod"

export interface JsonAnswer<T = any> {
  status: number
  headers: Headers
  body: T
}

export function client(baseUrl: string, token = "test-token") {
  const call = async <T = any>(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<JsonAnswer<T>> => {
    const headers: Record<string, string> = { "content-type": "application/json" }
    if (token) headers.authorization = `Bearer ${token}`
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      ...init,
    })
    const text = await response.text()
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined }
  }
  return {
    call,
    get: <T = any>(path: string) => call<T>("GET", path),
    put: <T = any>(path: string, body: unknown) => call<T>("PUT", path, body),
    post: <T = any>(path: string, body?: unknown) => call<T>("POST", path, body),
    patch: <T = any>(path: string, body: unknown) => call<T>("PATCH", path, body),
    del: <T = any>(path: string) => call<T>("DELETE", path),

    async contact(overrides: Record<string, unknown> = {}) {
      const answer = await call("PUT", "/contact", {
        email: "payer@example.com",
        name: "Pat Payer",
        tags: ["medusa"],
        language: "en",
        ...overrides,
      })
      if (answer.status !== 200) throw new Error(`contact: ${answer.status} ${JSON.stringify(answer.body)}`)
      return answer.body as { identifier: string }
    },

    async debit(contactId: string, overrides: Record<string, unknown> = {}) {
      const answer = await call("PUT", "/debit", {
        amount: 10000,
        statement: "ACME STORE",
        note: "order 1",
        to_bank_account: "2b8f1c9e-0d7a-4b8e-9a51-7f3c2d1e0a11",
        contact_id: contactId,
        ...overrides,
      })
      if (answer.status !== 200) throw new Error(`debit: ${answer.status} ${JSON.stringify(answer.body)}`)
      return answer.body as { identifier: string; link: string; amount: number; customer_surcharge_amount: number }
    },
  }
}

export type Client = ReturnType<typeof client>

const jwksSchema = z.object({ keys: z.array(z.looseObject({ kid: z.string(), kty: z.string() })) })

/** The sandbox's public JWKS, fetched without a token as a webhook receiver would. */
export async function fetchJwks(baseUrl: string) {
  return jwksSchema.parse(await (await fetch(`${baseUrl}/.well-known/jwks.json`)).json())
}
