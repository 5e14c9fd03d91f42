import { z } from "zod"
import {
  CONTACT_LANGUAGES,
  JETPAY_PATHS,
  STATEMENT_MAX_LENGTH,
  WEBHOOK_MAX_BATCH_SIZE,
  WEBHOOK_MAX_WAIT_SECONDS,
  WEBHOOK_STATES,
} from "./constants"
import { JetpayInvalidRequestError, type JetpayHttpMethod } from "./errors"
import { safeParseWith } from "./schemas"

/**
 * Builds Jetpay request bodies from the client's camelCase inputs, after checking them. Pure.
 * A bad amount is refused here rather than by Jetpay: a 10.5 (dollars where cents were meant)
 * must never become a request, and the error should say so before anything is sent.
 */

export interface CreateContactInput {
  email: string
  name: string
  tags?: string[]
  language: (typeof CONTACT_LANGUAGES)[number]
}

export interface CreateDebitInput {
  /** In the currency's smallest unit: 10000 is 100.00. */
  amount: number
  /** Shown on the payer's bank statement; at most 30 characters. */
  statement: string
  /** Shown only in the merchant's Jetpay dashboard. */
  note?: string
  /** The merchant's bank account id in Jetpay. */
  toBankAccount: string
  contactId: string
}

export interface CreateCreditInput {
  /** In the currency's smallest unit: 10000 is 100.00. */
  amount: number
  statement: string
  note?: string
  /** The merchant's bank account the money leaves from. */
  fromBankAccount: string
  contactId: string
  /** A saved payee account: the credit then skips the payee's link and goes to processing. */
  toBankAccount?: string
}

export interface RegisterWebhookInput {
  /** https, one per company. */
  callbackUrl: string
  /** Sent back by Jetpay with each delivery, in a header. */
  callbackApiKey?: string
  /** 1..100, Jetpay's default 10. */
  maxBatchSize?: number
  /** 60..3600, Jetpay's default 60 (the minimum is enforced by Jetpay, not here). */
  maxWaitSeconds?: number
  replayFromEventId?: number
  replayFromTimestamp?: string | Date
}

export interface UpdateWebhookInput extends Partial<Omit<RegisterWebhookInput, "callbackApiKey">> {
  /** null removes the key. */
  callbackApiKey?: string | null
  /** Pause or resume deliveries. [inferred] */
  state?: (typeof WEBHOOK_STATES)[number]
}

const AMOUNT_RULE = "must be a positive whole number in the currency's smallest unit (10000 is 100.00)"
const amount = z
  .number({ error: AMOUNT_RULE })
  .refine((value) => Number.isSafeInteger(value) && value > 0, { message: AMOUNT_RULE })

const statement = z
  .string()
  .min(1)
  .refine((value) => Array.from(value).length <= STATEMENT_MAX_LENGTH, {
    message: `must be at most ${STATEMENT_MAX_LENGTH} characters`,
  })

const jetpayId = z.string().trim().min(1)

const contactInputSchema = z.object({
  email: z.string().trim().min(1),
  name: z.string().trim().min(1),
  tags: z.array(z.string()).optional(),
  language: z.enum(CONTACT_LANGUAGES),
})

const debitInputSchema = z.object({
  amount,
  statement,
  note: z.string().optional(),
  toBankAccount: jetpayId,
  contactId: jetpayId,
})

const creditInputSchema = z.object({
  amount,
  statement,
  note: z.string().optional(),
  fromBankAccount: jetpayId,
  contactId: jetpayId,
  toBankAccount: jetpayId.optional(),
})

const webhookFields = {
  callbackUrl: z.url(),
  callbackApiKey: z.string().min(1).optional(),
  maxBatchSize: z.number().int().min(WEBHOOK_MAX_BATCH_SIZE.min).max(WEBHOOK_MAX_BATCH_SIZE.max).optional(),
  // Jetpay enforces its own minimum (60); 0 is for sandboxes that send at once.
  maxWaitSeconds: z.number().int().nonnegative().max(WEBHOOK_MAX_WAIT_SECONDS.max).optional(),
  replayFromEventId: z.number().int().nonnegative().optional(),
  replayFromTimestamp: z.union([z.iso.datetime({ offset: true }), z.date()]).optional(),
}

// Jetpay takes one replay starting point or the other, not both. [doc]
const oneReplayStart = (value: { replayFromEventId?: number; replayFromTimestamp?: unknown }) =>
  value.replayFromEventId === undefined || value.replayFromTimestamp === undefined

const registerWebhookInputSchema = z
  .object(webhookFields)
  .refine(oneReplayStart, { message: "give replayFromEventId or replayFromTimestamp, not both" })

const updateWebhookInputSchema = z
  .object({
    ...webhookFields,
    callbackApiKey: webhookFields.callbackApiKey.nullable(),
    state: z.enum(WEBHOOK_STATES).optional(),
  })
  .partial()
  .refine(oneReplayStart, { message: "give replayFromEventId or replayFromTimestamp, not both" })
  .refine((value) => Object.values(value).some((field) => field !== undefined), {
    message: "nothing to update",
  })

function check<S extends z.ZodType>(schema: S, input: unknown, method: JetpayHttpMethod, path: string): z.output<S> {
  const outcome = safeParseWith(schema, input)
  if (!outcome.ok) {
    throw new JetpayInvalidRequestError({ method, path, issues: outcome.issues })
  }
  return outcome.value
}

export function buildContactBody(input: CreateContactInput) {
  const valid = check(contactInputSchema, input, "PUT", JETPAY_PATHS.contact)
  return { email: valid.email, name: valid.name, tags: valid.tags ?? [], language: valid.language }
}

export function buildDebitBody(input: CreateDebitInput) {
  const valid = check(debitInputSchema, input, "PUT", JETPAY_PATHS.debit)
  return {
    amount: valid.amount,
    statement: valid.statement,
    ...(valid.note === undefined ? {} : { note: valid.note }),
    to_bank_account: valid.toBankAccount,
    contact_id: valid.contactId,
  }
}

export function buildCreditBody(input: CreateCreditInput) {
  const valid = check(creditInputSchema, input, "PUT", JETPAY_PATHS.credit)
  return {
    amount: valid.amount,
    statement: valid.statement,
    ...(valid.note === undefined ? {} : { note: valid.note }),
    from_bank_account: valid.fromBankAccount,
    contact_id: valid.contactId,
    ...(valid.toBankAccount === undefined ? {} : { to_bank_account: valid.toBankAccount }),
  }
}

function webhookBody(valid: z.output<typeof updateWebhookInputSchema>) {
  const timestamp =
    valid.replayFromTimestamp instanceof Date ? valid.replayFromTimestamp.toISOString() : valid.replayFromTimestamp
  const body: Record<string, string | number | null> = {}
  if (valid.callbackUrl !== undefined) body.callback_url = valid.callbackUrl
  if (valid.callbackApiKey !== undefined) body.callback_api_key = valid.callbackApiKey
  if (valid.maxBatchSize !== undefined) body.max_batch_size = valid.maxBatchSize
  if (valid.maxWaitSeconds !== undefined) body.max_wait_seconds = valid.maxWaitSeconds
  if (valid.replayFromEventId !== undefined) body.replay_from_event_id = valid.replayFromEventId
  if (timestamp !== undefined) body.replay_from_timestamp = timestamp
  if (valid.state !== undefined) body.state = valid.state
  return body
}

export function buildRegisterWebhookBody(input: RegisterWebhookInput) {
  return webhookBody(check(registerWebhookInputSchema, input, "POST", JETPAY_PATHS.webhooks))
}

/**
 * Checks a registration's settings without building a body, for a caller that must refuse bad
 * input before its first request (ensureWebhook lists webhooks before it registers).
 */
export function validateRegisterWebhookInput(input: RegisterWebhookInput): z.output<typeof registerWebhookInputSchema> {
  return check(registerWebhookInputSchema, input, "POST", JETPAY_PATHS.webhooks)
}

export function buildUpdateWebhookBody(input: UpdateWebhookInput, path: string) {
  return webhookBody(check(updateWebhookInputSchema, input, "PATCH", path))
}

/** A path segment from an id: refused when empty, URL-encoded otherwise. */
export function encodePathId(id: unknown, method: JetpayHttpMethod, pathFor: (encodedId: string) => string): string {
  if (typeof id !== "string" || id.trim() === "") {
    throw new JetpayInvalidRequestError({ method, path: pathFor("{id}"), issues: ["id: must be a non-empty string"] })
  }
  return pathFor(encodeURIComponent(id))
}
