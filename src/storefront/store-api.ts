/**
 * How the kit reaches Medusa's Store API: through a `@medusajs/js-sdk` client (its `client.fetch`
 * adds the publishable key and the logged-in customer's token), or with a base URL and a
 * publishable key and the platform's `fetch`.
 */
export type JetpayStore =
  | {
      /** A `@medusajs/js-sdk` client (`new Medusa({ baseUrl, publishableKey })`). */
      sdk: JetpaySdkLike
    }
  | {
      /** The Medusa backend, e.g. `https://api.your-store.com`. */
      baseUrl: string
      publishableKey: string
      /** Extra headers on each call (an `authorization` for a logged-in customer, a locale). */
      headers?: Record<string, string>
      /** The `fetch` to use; the platform's by default. */
      fetch?: typeof fetch
    }

/** The part of `@medusajs/js-sdk`'s client the kit uses (a `Medusa` instance of any 2.x version fits). */
export type JetpaySdkLike = {
  client: {
    fetch<T>(input: string, init?: { method?: string; body?: Record<string, unknown>; query?: Record<string, unknown>; signal?: AbortSignal }): Promise<T>
  }
}

/** A Store API call that failed: Medusa's HTTP status (0 when the call never got an answer) and message. */
export class JetpayStoreError extends Error {
  readonly status: number
  constructor(status: number, message: string) {
    super(message)
    this.name = "JetpayStoreError"
    this.status = status
  }
}

/** One Store API call; rejects with a JetpayStoreError carrying Medusa's status and message. */
export async function storeRequest<T>(
  store: JetpayStore,
  method: "GET" | "POST",
  path: string,
  options: { body?: Record<string, unknown>; query?: Record<string, string>; signal?: AbortSignal } = {}
): Promise<T> {
  if ("sdk" in store) {
    try {
      return await store.sdk.client.fetch<T>(path, {
        method,
        ...(options.body === undefined ? {} : { body: options.body }),
        ...(options.query ? { query: options.query } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      })
    } catch (error) {
      if ((error as { name?: string })?.name === "AbortError") throw error
      // js-sdk's FetchError carries the HTTP status.
      const status = typeof (error as { status?: unknown })?.status === "number" ? (error as { status: number }).status : 0
      throw new JetpayStoreError(status, error instanceof Error ? error.message : String(error))
    }
  }
  const url = new URL(path, store.baseUrl.endsWith("/") ? store.baseUrl : `${store.baseUrl}/`)
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value)
  const doFetch = store.fetch ?? fetch
  let response: Response
  try {
    response = await doFetch(url.toString(), {
      method,
      headers: {
        ...store.headers,
        "x-publishable-api-key": store.publishableKey,
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    })
  } catch (error) {
    if ((error as { name?: string })?.name === "AbortError") throw error
    throw new JetpayStoreError(0, error instanceof Error ? error.message : String(error))
  }
  const text = await response.text()
  let json: unknown = undefined
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  if (!response.ok) {
    const message = (json as { message?: unknown } | undefined)?.message
    throw new JetpayStoreError(response.status, typeof message === "string" ? message : `${method} ${url.pathname}: HTTP ${response.status}`)
  }
  return json as T
}
