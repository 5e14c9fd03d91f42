// Jetpay requires an https callback. The sandbox also accepts http on the loopback interface
// (a documented sandbox allowance) so a local Medusa can receive webhooks without TLS.

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"])

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || hostname.endsWith(".localhost") || /^127(\.\d{1,3}){3}$/.test(hostname)
}

/** Why `callbackUrl` cannot be a webhook target, or undefined when it can. */
export function callbackUrlProblem(callbackUrl: string): string | undefined {
  let url: URL
  try {
    url = new URL(callbackUrl)
  } catch {
    return "Input should be a valid URL"
  }
  if (url.username || url.password) return "callback_url must not contain credentials; use callback_api_key"
  if (url.protocol === "https:") return undefined
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return undefined
  return "callback_url must use https (the sandbox also allows http on localhost, 127.0.0.1 and [::1])"
}
