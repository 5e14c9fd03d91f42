import { z } from "zod"
import { EMPTY_CANCEL_BODY_MEANS_OK, WEBHOOK_LIST_KEYS } from "./constants"
import { JetpayWebhookPayloadError } from "./errors"

/**
 * Zod schemas of everything Jetpay sends us. Objects are not strict: Jetpay may add fields at any
 * time and that must not break payments. Fields we do not rely on are optional and nullable,
 * since FastAPI answers `null` for an unset optional field.
 */

const id = z.string().min(1)
const amount = z.number().int().nonnegative()

export const contactSchema = z.object({
  identifier: id,
  email: z.string().nullish(),
  name: z.string().nullish(),
  language: z.string().nullish(),
  // Not read by the plugin; their element type is not documented, so any is accepted.
  tags: z.array(z.unknown()).nullish(),
})
export type JetpayContact = z.infer<typeof contactSchema>

export const debitSchema = z.object({
  identifier: id,
  link: z.url(),
  amount,
  // Documented as present; an older answer without it means "no surcharge", never "unknown".
  customer_surcharge_amount: amount.nullish().transform((value) => value ?? 0),
})
export type JetpayDebit = z.infer<typeof debitSchema>

export const transactionStatusSchema = z.object({
  // A plain string: an unknown state must reach normalizeTransactionState, not fail parsing.
  state: z.string().min(1),
  fail_reason: z.string().nullish(),
  fail_direction: z.string().nullish(),
})
/** `fail_direction` is "pull" or "push" [push inferred]; other values are passed through. */
export type JetpayFailDirection = "pull" | "push" | (string & {})
export type JetpayTransactionStatus = Omit<z.infer<typeof transactionStatusSchema>, "fail_direction"> & {
  fail_direction?: JetpayFailDirection | null
}

const cancelObjectSchema = z.object({ ok: z.boolean() })
export const cancelResultSchema = z.preprocess(
  (body) => (EMPTY_CANCEL_BODY_MEANS_OK && (body === undefined || body === "") ? { ok: true } : body),
  cancelObjectSchema,
)
export type JetpayCancelResult = z.infer<typeof cancelObjectSchema>

export const creditSchema = z.object({
  identifier: id,
  // Absent when the credit goes straight to a saved payee account.
  link: z.string().nullish(),
  amount: amount.nullish(),
  state: z.string().nullish(),
})
export type JetpayCredit = z.infer<typeof creditSchema>

export const webhookSchema = z.object({
  // Shown as a number in the guide; a string id would serve just as well.
  id: z.union([z.number(), z.string()]),
  identifier: id,
  callback_url: z.string(),
  state: z.string(),
  last_sent_event_id: z.number().nullish(),
  max_batch_size: z.number().nullish(),
  max_wait_seconds: z.number().nullish(),
})
export type JetpayWebhook = z.infer<typeof webhookSchema>

function unwrapWebhookList(body: unknown): unknown {
  if (Array.isArray(body) || typeof body !== "object" || body === null) {
    return body
  }
  for (const key of WEBHOOK_LIST_KEYS) {
    const value: unknown = Reflect.get(body, key)
    if (Array.isArray(value)) {
      return value
    }
  }
  return body
}

/** `GET /webhooks/` as a bare array or wrapped in `{items|results|webhooks}` [inferred]. */
export const webhookListSchema = z.preprocess(unwrapWebhookList, z.array(webhookSchema))
export type JetpayWebhookList = JetpayWebhook[]

// Every member kept: a JWK's key material (n, e, ...) is what verification needs.
export const jwkSchema = z.looseObject({
  kty: z.string(),
  kid: z.string().optional(),
  alg: z.string().optional(),
  use: z.string().optional(),
})
export const jwksSchema = z.object({ keys: z.array(jwkSchema) })
export type JetpayJwk = z.infer<typeof jwkSchema>
export type JetpayJwks = z.infer<typeof jwksSchema>

/** The transaction a webhook event is about, when it is about one. */
export type JetpayWebhookEventTransaction = { id: string; state: string }

const eventTransactionSchema = z.object({
  transactionId: z.string().trim().min(1),
  state: z.string().trim().min(1),
})

/**
 * An event is about a transaction when its data carries a non-empty `transactionId` and a non-empty
 * `state`, whatever its `type`. The `transactions.` prefix is deliberately not required: Jetpay
 * documents only `transactions.debits.created` and `transactions.credits.created`, the other names
 * are our guess, and a transaction event under a name we did not guess would leave a payment unseen.
 * The opposite mistake (some other event that happens to carry both fields) costs one status
 * re-read at most, since an event only says that something changed; the state acted on is the one
 * read back from Jetpay.
 */
export function eventTransactionOf(data: Readonly<Record<string, unknown>>): JetpayWebhookEventTransaction | null {
  const parsed = eventTransactionSchema.safeParse(data)
  return parsed.success ? { id: parsed.data.transactionId, state: parsed.data.state } : null
}

export const webhookEventSchema = z
  .object({
    // Integers that only grow and are never skipped [doc]: the unique key of the event log, and
    // how a missed event is noticed.
    id: z.number().int(),
    createdAt: z.string(),
    type: z.string(),
    // Anything: company, KYC, card tokenization and platform events carry data that "varies by
    // event type" [doc]. Refusing one would make Jetpay resend the whole batch forever and hold
    // every later payment event behind it.
    data: z.record(z.string(), z.unknown()),
  })
  .transform((event) => ({ ...event, transaction: eventTransactionOf(event.data) }))
export const webhookBatchSchema = z.object({
  webhookId: z.number().int(),
  events: z.array(webhookEventSchema),
})
export type JetpayWebhookEvent = z.output<typeof webhookEventSchema>
export type JetpayWebhookBatch = z.output<typeof webhookBatchSchema>

const MAX_REPORTED_ISSUES = 5

/**
 * Zod's issues as `field.path: problem`. Values are never included, since they can be personal data.
 * A missing field reads "Required", which says more to a merchant than "expected string,
 * received undefined".
 */
export function describeParseIssues(error: z.ZodError): string[] {
  const lines = error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join(".") : "(body)"
    return `${where}: ${issue.message}`
  })
  const more = error.issues.length - lines.length
  return more > 0 ? [...lines, `and ${more} more`] : lines
}

export type SafeParseOutcome<T> = { ok: true; value: T } | { ok: false; issues: string[] }

/** Parses with messages that name fields and never echo values. */
export function safeParseWith<S extends z.ZodType>(schema: S, input: unknown): SafeParseOutcome<z.output<S>> {
  const result = schema.safeParse(input, {
    error: (issue) => (issue.code === "invalid_type" && issue.input === undefined ? "Required" : undefined),
  })
  if (result.success) {
    return { ok: true, value: result.data }
  }
  return { ok: false, issues: describeParseIssues(result.error) }
}

/**
 * Parses the JSON body of a webhook delivery (after its signature was verified). Only the batch's
 * frame is required (webhookId; events each with an integer id, createdAt, type and an object
 * data); each event's `transaction` is null when it is not about a transaction. Throws
 * JetpayWebhookPayloadError naming the offending field when the body is not a batch at all.
 */
export function parseWebhookBatch(json: unknown): JetpayWebhookBatch {
  const outcome = safeParseWith(webhookBatchSchema, json)
  if (!outcome.ok) {
    throw new JetpayWebhookPayloadError(outcome.issues)
  }
  return outcome.value
}
