import type { JetpayWebhook } from "./schemas"

/**
 * A callback URL in the form two spellings of the same address share: scheme and host in lower
 * case (URL does that, and drops a default port), trailing slashes of the path removed. The path
 * and query keep their case, since a server may tell them apart. Something that is not a URL is
 * only trimmed of trailing slashes, so it still matches itself.
 */
export function normalizeCallbackUrl(url: string): string {
  const trimmed = url.trim()
  if (!URL.canParse(trimmed)) return trimmed.replace(/\/+$/, "")
  const parsed = new URL(trimmed)
  return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, "")}${parsed.search}`
}

export function sameCallbackUrl(a: string, b: string): boolean {
  return normalizeCallbackUrl(a) === normalizeCallbackUrl(b)
}

/**
 * This store's webhook among the company's: the one whose callback_url is the store's. A company
 * may have several (other stores, a staging copy, other integrations), and those are never ours to
 * change. Jetpay keeps callback_url unique per company; should two spellings of our URL both exist,
 * the exact one wins.
 */
export function findWebhookByUrl(webhooks: readonly JetpayWebhook[], callbackUrl: string): JetpayWebhook | undefined {
  return (
    webhooks.find((webhook) => webhook.callback_url === callbackUrl) ??
    webhooks.find((webhook) => sameCallbackUrl(webhook.callback_url, callbackUrl))
  )
}
