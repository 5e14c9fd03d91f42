/**
 * Turns the body of a Jetpay error answer into one line a merchant can act on. Pure, so it is
 * table-tested on every shape FastAPI produces.
 *
 * Jetpay is a FastAPI service [inferred]: errors come as `{"detail": "text"}` or as
 * `{"detail": [{"loc": ["body", "amount"], "msg": "...", "type": "..."}]}`. Only `loc` and `msg`
 * are read: pydantic also echoes the rejected `input`, which can be a shopper's email or name.
 */

const MAX_DETAIL_LENGTH = 500
const MAX_LIST_ITEMS = 5

// Emails are the personal data most likely to be echoed back in a message ("contact x@y already
// exists"); an error message ends up in logs and admin screens, so it is masked.
const EMAIL_PATTERN = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:]+/g

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

function locationOf(item: Record<string, unknown>): string | undefined {
  const loc = item.loc
  if (!Array.isArray(loc)) {
    return undefined
  }
  const parts = loc.filter((part) => typeof part === "string" || typeof part === "number")
  return parts.length > 0 ? parts.join(".") : undefined
}

function flattenListItem(item: unknown): string | undefined {
  if (typeof item === "string") {
    return item
  }
  if (!isRecord(item)) {
    return undefined
  }
  const msg = typeof item.msg === "string" ? item.msg : typeof item.message === "string" ? item.message : undefined
  if (msg === undefined) {
    return undefined
  }
  const loc = locationOf(item)
  return loc ? `${loc}: ${msg}` : msg
}

function flattenDetailValue(detail: unknown): string | undefined {
  if (typeof detail === "string") {
    return detail
  }
  if (Array.isArray(detail)) {
    const items = detail.map(flattenListItem).filter((text): text is string => Boolean(text))
    if (items.length === 0) {
      return undefined
    }
    const shown = items.slice(0, MAX_LIST_ITEMS)
    const more = items.length - shown.length
    return shown.join("; ") + (more > 0 ? `; and ${more} more` : "")
  }
  if (isRecord(detail)) {
    // An object detail of unknown shape is not dumped whole: it could hold anything.
    return flattenListItem(detail)
  }
  return undefined
}

/** Removes secrets we know (the API token) and email addresses, then bounds the length. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text
  for (const secret of secrets) {
    if (secret.length > 0) {
      out = out.split(secret).join("[redacted]")
    }
  }
  out = out.replace(EMAIL_PATTERN, "[email]").replace(/\s+/g, " ").trim()
  return out.length > MAX_DETAIL_LENGTH ? `${out.slice(0, MAX_DETAIL_LENGTH - 1)}…` : out
}

/**
 * The `detail` of a Jetpay error body as text, or undefined when there is none we can show.
 * `secrets` are masked wherever they appear.
 */
export function flattenJetpayDetail(body: unknown, secrets: readonly string[] = []): string | undefined {
  if (!isRecord(body)) {
    return undefined
  }
  // `detail` is FastAPI's key; `message` and `error` are what a proxy or gateway in front may use.
  const text =
    flattenDetailValue(body.detail) ?? flattenDetailValue(body.message) ?? flattenDetailValue(body.error)
  if (text === undefined) {
    return undefined
  }
  const redacted = redactText(text, secrets)
  return redacted.length > 0 ? redacted : undefined
}
