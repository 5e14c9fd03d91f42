import Medusa from "@medusajs/js-sdk"

// Set by the Medusa dashboard's build (Vite `define`): where the admin API is and how the
// dashboard authenticates. `typeof` keeps a build without them working.
declare const __BACKEND_URL__: string | undefined
declare const __AUTH_TYPE__: string | undefined
declare const __JWT_TOKEN_STORAGE_KEY__: string | undefined

const backendUrl = typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__ ? __BACKEND_URL__ : "/"
const authType = typeof __AUTH_TYPE__ !== "undefined" && __AUTH_TYPE__ === "jwt" ? "jwt" : "session"

/**
 * Medusa's JS SDK, set up as Medusa's admin customization guide does: the same backend and
 * authentication as the dashboard (its session cookie, or its JWT when the store chose
 * `admin.authType: "jwt"`). The plugin's routes are called with `sdk.client.fetch`.
 */
export const sdk = new Medusa({
  baseUrl: backendUrl,
  auth: {
    type: authType,
    jwtTokenStorageKey:
      (typeof __JWT_TOKEN_STORAGE_KEY__ !== "undefined" && __JWT_TOKEN_STORAGE_KEY__) || undefined,
  },
})

/** Where the admin API is, as an origin: what Jetpay must call too when no webhook exists yet. */
export function backendOrigin(): string {
  return new URL(`${backendUrl.replace(/\/+$/, "")}/`, window.location.href).origin
}
