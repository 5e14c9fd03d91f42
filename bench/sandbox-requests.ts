/**
 * The Jetpay API calls the store made, from the sandbox's own request log
 * (`GET /_sandbox/requests`: API calls only, never the control API or the payment page).
 * The log keeps its last 10,000 entries: benches that make more take and clear it in turns
 * (`takeRequests`), so nothing is lost.
 */
export type JetpayRequest = { method: string; path: string; status: number | null; at: string }

export type CallKind = "contact" | "debit" | "status" | "cancel" | "credit" | "webhooks" | "jwks" | "other"

export const CALL_KINDS: CallKind[] = ["contact", "debit", "status", "cancel", "credit", "webhooks", "jwks", "other"]

export type CallCounts = Record<CallKind, number> & { total: number }

/** Jetpay's API paths (sandbox/api-routes.ts) by what the call does. */
export function callKind({ method, path }: Pick<JetpayRequest, "method" | "path">): CallKind {
  if (path === "/contact") return "contact"
  if (path === "/debit") return "debit"
  if (path === "/credit") return "credit"
  if (/^\/transaction\/[^/]+\/status$/.test(path)) return "status"
  if (/^\/transaction\/[^/]+$/.test(path) && method === "DELETE") return "cancel"
  if (path.startsWith("/webhooks")) return "webhooks"
  if (path === "/.well-known/jwks.json") return "jwks"
  return "other"
}

export function countCalls(requests: readonly Pick<JetpayRequest, "method" | "path">[]): CallCounts {
  const counts = Object.fromEntries(CALL_KINDS.map((kind) => [kind, 0])) as CallCounts
  counts.total = 0
  for (const request of requests) {
    counts[callKind(request)] += 1
    counts.total += 1
  }
  return counts
}

/** "6 (contact 1, debit 1, status 4)": the kinds that occurred, in a fixed order. */
export function formatCounts(counts: CallCounts, per = 1): string {
  const value = (n: number) => (per === 1 ? String(n) : (n / per).toFixed(2))
  const parts = CALL_KINDS.filter((kind) => counts[kind] > 0).map((kind) => `${kind} ${value(counts[kind])}`)
  return `${value(counts.total)}${parts.length ? ` (${parts.join(", ")})` : ""}`
}

/** Reads the sandbox's request log and empties it. */
export async function takeRequests(sandboxUrl: string): Promise<JetpayRequest[]> {
  const response = await fetch(`${sandboxUrl}/_sandbox/requests`)
  if (!response.ok) throw new Error(`GET /_sandbox/requests answered ${response.status}`)
  const requests = (await response.json()) as JetpayRequest[]
  await clearRequests(sandboxUrl)
  return requests
}

export async function clearRequests(sandboxUrl: string): Promise<void> {
  const response = await fetch(`${sandboxUrl}/_sandbox/requests`, { method: "DELETE" })
  if (!response.ok) throw new Error(`DELETE /_sandbox/requests answered ${response.status}`)
}
