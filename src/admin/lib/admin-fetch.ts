// Set by the Medusa dashboard's build (Vite `define`); `typeof` keeps a build without them working.
declare const __BACKEND_URL__: string | undefined
declare const __AUTH_TYPE__: string | undefined
declare const __JWT_TOKEN_STORAGE_KEY__: string | undefined

function backendUrl(): string {
  const url = typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__ ? __BACKEND_URL__ : "/"
  return url.replace(/\/+$/, "")
}

/** Where the admin API is, as an origin: what Jetpay must call too when no webhook exists yet. */
export function backendOrigin(): string {
  return new URL(`${backendUrl()}/`, window.location.href).origin
}

/** The dashboard's JWT when the store chose `admin.authType: "jwt"`; by default the session cookie does. */
function jwtHeader(): Record<string, string> {
  if (typeof __AUTH_TYPE__ === "undefined" || __AUTH_TYPE__ !== "jwt") return {}
  const key = (typeof __JWT_TOKEN_STORAGE_KEY__ !== "undefined" && __JWT_TOKEN_STORAGE_KEY__) || "medusa_auth_token"
  const token = window.localStorage.getItem(key)
  return token ? { authorization: `Bearer ${token}` } : {}
}

/**
 * Calls the plugin's admin API as the logged-in admin. A failure rejects with Medusa's
 * own message (the API's errors are written for the merchant).
 */
export async function adminFetch<T>(path: string, init: { method?: "GET" | "POST"; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${backendUrl()}${path}`, {
    method: init.method ?? "GET",
    credentials: "include",
    headers: { accept: "application/json", "content-type": "application/json", ...jwtHeader() },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const payload: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const message =
      payload && typeof payload === "object" && "message" in payload && typeof payload.message === "string"
        ? payload.message
        : `The request failed (${response.status})`
    throw new Error(message)
  }
  return payload as T
}
