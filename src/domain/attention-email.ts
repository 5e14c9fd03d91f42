/**
 * Staff emails about Needs attention items (option `attentionEmails`): what one says, and the
 * durable to-do list of emails still to send, with its bounded retries (pure). The reconciliation
 * run queues the emails of each new item, once per item and address, and sends them through Medusa's
 * Notification Module, each sending under its own idempotency key recorded here before the module is
 * asked (email-retry.ts): a retry never makes a second email of one the provider took.
 */
import type { AttentionItem, AttentionKind } from "./attention-items"
import { formatCents } from "./money"
import { EMAIL_TRIES, emailRetryDelayMs, emailSendingKey } from "./email-retry"

export const ATTENTION_EMAIL_CHANNEL = "email"
export const ATTENTION_EMAIL_TEMPLATE = "jetpay-attention"
/** The notification's `trigger_type`: the plugin event that announces the item. */
export const ATTENTION_EMAIL_TRIGGER = "jetpay.attention.required"
/** Tries of one email before it is given up and shown on Settings → Jetpay. */
export const ATTENTION_EMAIL_ATTEMPTS = EMAIL_TRIES
/** Given-up emails kept for the settings page, newest last. */
const FAILED_KEPT = 20

/** The email's key in the list: one email per item and address, ever. */
export const attentionEmailKey = (itemId: string, to: string) => `jetpay-attention:${itemId}:${to}`

const KINDS: Record<AttentionKind, { title: string; todo: string }> = {
  paid_without_order: {
    title: "Paid in Jetpay, but no order",
    todo: "Completing the cart failed. Retry the order, or refund the payer, from Settings → Jetpay → Needs attention.",
  },
  amount_mismatch: {
    title: "Paid a different amount than the cart totals",
    todo: "No order was made. Refund the payer from Settings → Jetpay → Needs attention.",
  },
  failed_debit: {
    title: "Payment failed after the order was placed",
    todo: "Do not ship; contact the customer. Cancel the order or mark it handled in Settings → Jetpay → Needs attention.",
  },
  refund_unknown: {
    title: "Refund with an unknown outcome",
    todo: "Check Jetpay's dashboard for this credit, then mark it sent or not sent in Settings → Jetpay → Needs attention.",
  },
  refund_failed: {
    title: "Refund failed: the customer was not refunded",
    todo: "Contact the customer for other bank details, then mark it handled in Settings → Jetpay → Needs attention.",
  },
  refund_unrecorded: {
    title: "Refund made at Jetpay but not recorded in Medusa",
    todo: "The customer was refunded. Record it in Medusa from Settings → Jetpay → Needs attention.",
  },
  refund_due: {
    title: "Paid after its order was canceled, and the refund failed",
    todo: "The customer paid for an order that is canceled. Refund the payer from Settings → Jetpay → Needs attention once the reason is dealt with.",
  },
  reversal: {
    title: "Payment came back after it settled (EFT return)",
    todo: "Hold the shipment if you still can, and contact the customer.",
  },
  events_lost: {
    title: "Jetpay never delivered some events",
    todo: "Compare the payments of that time in Jetpay's dashboard with your orders, then mark it handled in Settings → Jetpay → Needs attention.",
  },
}

export type AttentionEmailData = {
  item_id: string
  kind: AttentionKind
  title: string
  what_to_do: string
  order_id: string | null
  order_display_id: number | null
  transaction_id: string | null
  /** Cents, and in words in the account's currency. */
  amount: number
  amount_formatted: string
  currency_code: string
  reason: string | null
  since: string
  /** Where in the admin to act: the order, or Settings → Jetpay when there is no order. */
  admin_path: string
  subject: string
  text: string
}

/**
 * One item's email, the same for every address. It carries what the admin shows of the item (no
 * shopper's name or email, no payment link): `adminPath` is the admin's path (`/app` by default).
 */
export function attentionEmail(
  item: AttentionItem,
  { orderDisplayId, currency, adminPath }: { orderDisplayId: number | null; currency: string; adminPath: string }
): AttentionEmailData {
  const { title, todo } = KINDS[item.kind]
  const base = adminPath.replace(/\/+$/, "")
  const path = item.order_id ? `${base}/orders/${item.order_id}` : `${base}/settings/jetpay`
  const amount = formatCents(item.amount, currency)
  const about = item.order_id
    ? `order #${orderDisplayId ?? "?"} (${item.order_id})`
    : item.cart_id
      ? `cart ${item.cart_id}, no order`
      : "no one order"
  const subject = `Jetpay needs attention: ${title}${item.order_id ? ` (order #${orderDisplayId ?? item.order_id})` : ""}`
  const lines = [
    `${title}.`,
    "",
    `About: ${about}`,
    ...(item.transaction_id ? [`Jetpay transaction: ${item.transaction_id}`, `Amount: ${amount}`] : []),
    ...(item.reason ? [`Reason: ${item.reason}`] : []),
    `Since: ${item.since}`,
    "",
    `What to do: ${todo}`,
    `In the admin: ${path}`,
  ]
  return {
    item_id: item.id,
    kind: item.kind,
    title,
    what_to_do: todo,
    order_id: item.order_id,
    order_display_id: orderDisplayId,
    transaction_id: item.transaction_id,
    amount: item.amount,
    amount_formatted: amount,
    currency_code: currency,
    reason: item.reason,
    since: item.since,
    admin_path: path,
    subject,
    text: lines.join("\n"),
  }
}

export type StaffEmail = {
  key: string
  item_id: string
  to: string
  data: AttentionEmailData
  attempts: number
  last_error: string | null
  /** When the next try is due; null: at once. */
  next_at: string | null
  queued_at: string
  /** The number of the last sending's idempotency key (attentionEmailSendingKey); absent: none yet. */
  sendings?: number
  /** The key number of a sending that began and never recorded its outcome (its process died). */
  in_flight?: number | null
}

/** The Notification Module's idempotency key of the email's `n`-th sending: `<key>:<n>`. */
export const attentionEmailSendingKey = (email: Pick<StaffEmail, "key">, n: number) => emailSendingKey(email.key, n)

/** The error recorded for a sending whose process died before the Notification Module had it. */
export const INTERRUPTED_SENDING = "The sending was interrupted before the Notification Module sent it"

/** The emails still to send, and those given up after ATTENTION_EMAIL_ATTEMPTS tries. */
export type StaffEmailState = { pending: StaffEmail[]; failed: StaffEmail[] }

export const emptyStaffEmails = (): StaffEmailState => ({ pending: [], failed: [] })

/** Adds each email of each item to each address, unless it is listed already (pending or given up). */
export function queueAttentionEmails(
  state: StaffEmailState | undefined,
  emails: AttentionEmailData[],
  addresses: string[],
  now: Date
): StaffEmailState {
  const current = state ?? emptyStaffEmails()
  const known = new Set([...current.pending, ...current.failed].map((email) => email.key))
  const added: StaffEmail[] = []
  for (const data of emails) {
    for (const to of addresses) {
      const key = attentionEmailKey(data.item_id, to)
      if (known.has(key)) continue
      known.add(key)
      added.push({ key, item_id: data.item_id, to, data, attempts: 0, last_error: null, next_at: null, queued_at: now.toISOString() })
    }
  }
  return added.length ? { ...current, pending: [...current.pending, ...added] } : current
}

/** The emails whose try is due. */
export function dueAttentionEmails(state: StaffEmailState | undefined, now: Date): StaffEmail[] {
  return (state?.pending ?? []).filter((email) => !email.next_at || new Date(email.next_at).getTime() <= now.getTime())
}

/**
 * Before a try: its sending takes the next key number, recorded as in flight; the try is counted, and
 * its retry time set (doubling from `retryBaseMs`, at most an hour), so a try whose process dies is
 * looked up and tried again later. Answers the new list and the sending's number; null when the
 * email is not waiting (sent or given up meanwhile).
 */
export function beginAttentionEmailTry(
  state: StaffEmailState,
  key: string,
  now: Date,
  retryBaseMs: number
): { state: StaffEmailState; sending: number } | null {
  const email = state.pending.find((candidate) => candidate.key === key)
  if (!email) return null
  const sending = (email.sendings ?? 0) + 1
  const attempts = email.attempts + 1
  const next_at = new Date(now.getTime() + emailRetryDelayMs(attempts, retryBaseMs)).toISOString()
  const begun: StaffEmail = { ...email, attempts, sendings: sending, in_flight: sending, next_at }
  return { state: { ...state, pending: state.pending.map((candidate) => (candidate.key === key ? begun : candidate)) }, sending }
}

/**
 * A try's outcome, or an interrupted one's once looked up: sent (null error) leaves the list; a
 * failure waits for the retry time its try set, and after ATTENTION_EMAIL_ATTEMPTS tries is given up.
 */
export function finishAttentionEmailTry(state: StaffEmailState, key: string, error: string | null): StaffEmailState {
  const email = state.pending.find((candidate) => candidate.key === key)
  if (!email) return state
  const pending = state.pending.filter((candidate) => candidate.key !== key)
  if (error === null) return { ...state, pending }
  const tried: StaffEmail = { ...email, in_flight: null, last_error: error.slice(0, 500) }
  if (email.attempts >= ATTENTION_EMAIL_ATTEMPTS) {
    return { pending, failed: [...state.failed, { ...tried, next_at: null }].slice(-FAILED_KEPT) }
  }
  return { ...state, pending: state.pending.map((candidate) => (candidate.key === key ? tried : candidate)) }
}

/** Given-up emails stay shown while their item is listed in Needs attention. */
export function forgetResolvedFailures(state: StaffEmailState, listedItemIds: ReadonlySet<string>): StaffEmailState {
  const failed = state.failed.filter((email) => listedItemIds.has(email.item_id))
  return failed.length === state.failed.length ? state : { ...state, failed }
}
