// Request bodies, checked at the boundary. Jetpay's own endpoints tolerate unknown fields
// (zod's default strips them); the /_sandbox/ control API is strict so a typo in a test fails loudly.

import { z } from "zod"
import { CANCELLED_WORDINGS } from "./cancelled-wording"
import { TRANSACTION_STATES } from "./state-machine"

const amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
const statement = z.string().min(1).max(30)
const note = z.string().max(500).nullish()
// Jetpay's bank account ids are UUIDs; the sandbox accepts any id-like text so demo settings work.
const bankAccountId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Input should be a bank account identifier")

export const contactBody = z.object({
  email: z.email(),
  name: z.string().trim().min(1),
  tags: z.array(z.string()).default([]),
  language: z.enum(["en", "fr"]),
})

export const debitBody = z.object({
  amount,
  statement,
  note,
  to_bank_account: bankAccountId,
  contact_id: z.string().min(1),
})

export const creditBody = z.object({
  amount,
  statement,
  note,
  from_bank_account: bankAccountId,
  contact_id: z.string().min(1),
  to_bank_account: bankAccountId.nullish(),
})

/** Bounds that depend on SandboxOptions.minWaitSeconds, so the schema is built per sandbox. */
export function webhookBodies(minWaitSeconds: number) {
  const fields = {
    callback_url: z.url(),
    callback_api_key: z.string().min(1).max(500).nullish(),
    max_batch_size: z.number().int().min(1).max(100),
    max_wait_seconds: z.number().int().min(minWaitSeconds).max(3600),
    replay_from_event_id: z.number().int().min(0).nullish(),
    replay_from_timestamp: z.iso.datetime({ offset: true }).nullish(),
  }
  const create = z.object({
    ...fields,
    max_batch_size: fields.max_batch_size.default(10),
    max_wait_seconds: fields.max_wait_seconds.default(Math.max(60, minWaitSeconds)),
  })
  const update = z.object({
    callback_url: fields.callback_url.optional(),
    callback_api_key: fields.callback_api_key,
    max_batch_size: fields.max_batch_size.optional(),
    max_wait_seconds: fields.max_wait_seconds.optional(),
    replay_from_event_id: fields.replay_from_event_id,
    replay_from_timestamp: fields.replay_from_timestamp,
    // `failed` is Jetpay's to set (a give-up); a client repairs it by asking for `active`.
    state: z.enum(["active", "paused"]).optional(),
  })
  return { create, update }
}

// --- /_sandbox/ control API ---

export const payControlBody = z.strictObject({
  method: z.enum(["eft", "card"]).optional(),
})

export const advanceControlBody = z.strictObject({
  // `initiated` is for credits (the bank took it); a debit is initiated by its payer (pay eft).
  state: z.enum(["initiated", "completed", "failed"]),
  fail_reason: z.string().min(1).max(100).optional(),
})

const probability = z.number().gt(0).max(1)
const faultStatus = z.number().int().min(400).max(599)

export const apiFaultBody = z
  .strictObject({
    method: z
      .string()
      .regex(/^[A-Za-z]+$/)
      .transform((method) => method.toUpperCase())
      .optional(),
    path: z.string().startsWith("/").optional(),
    count: z.number().int().min(1).optional(),
    probability: probability.optional(),
    status: faultStatus.optional(),
    statuses: z.array(faultStatus).min(1).max(20).optional(),
    retry_after: z.number().int().min(0).optional(),
    latency_ms: z.number().int().min(0).max(600_000).optional(),
    timeout: z.boolean().optional(),
    process: z.boolean().optional(),
  })
  .refine(
    (fault) =>
      fault.status !== undefined || fault.statuses !== undefined || fault.latency_ms !== undefined || fault.timeout === true,
    { message: "A fault needs at least one of status, statuses, latency_ms or timeout: true" }
  )
  .refine((fault) => !(fault.status !== undefined && fault.statuses !== undefined), {
    message: "Give status or statuses, not both",
  })
  .refine((fault) => !((fault.status !== undefined || fault.statuses !== undefined) && fault.timeout === true), {
    message: "status and timeout exclude each other: a held request never answers",
  })

const batchCount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)

export const webhookFaultBody = z.strictObject({
  duplicate: batchCount.optional(),
  duplicate_probability: z.number().min(0).max(1).optional(),
  concurrent: z.boolean().optional(),
  reverse: batchCount.optional(),
  reverse_probability: z.number().min(0).max(1).optional(),
  hold: z.boolean().optional(),
  drop: z.boolean().optional(),
  lose_event_ids: z.array(z.number().int().min(0)).max(1000).optional(),
  bad_signature: batchCount.optional(),
})

export const settingsBody = z.strictObject({
  cancelled_wording: z.enum(CANCELLED_WORDINGS).optional(),
  webhook_give_up_after: z.number().int().min(1).max(1000).optional(),
})

export const foreignEventsBody = z.strictObject({
  enabled: z.boolean().optional(),
  probability: z.number().min(0).max(1).optional(),
})

export const injectedEventBody = z.strictObject({
  type: z
    .string()
    .max(100)
    .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, "Input should be a dotted event type such as company.updated"),
  data: z.record(z.string(), z.unknown()).default({}),
})

/** GET /_sandbox/transactions?kind=&state= (query values are strings). */
export const transactionsQuery = z.strictObject({
  kind: z.enum(["debit", "credit"]).optional(),
  state: z.enum(TRANSACTION_STATES).optional(),
})
