import { MedusaError } from "@medusajs/framework/utils"
import { z as medusaZod } from "@medusajs/framework/zod"
import { z } from "zod"

/**
 * An id in a path or query: Medusa's ids, Jetpay's transaction UUIDs. Visible ASCII only, so a
 * NUL or a control character is a 400 here instead of a database error.
 */
export const ID_PATTERN = /^[\x21-\x7e]{1,200}$/
const id = () => z.string().trim().regex(ID_PATTERN, "must be an id (visible ASCII, at most 200 characters)")

export const idParamsSchema = z.object({ id: id() })
export const requestParamsSchema = z.object({ id: id(), request_id: id() })

/** `POST /admin/jetpay/webhook`, checked by Medusa's validateAndTransformBody (middlewares.ts). */
export const registerWebhookBodySchema = medusaZod
  .object({
    /** The store's public backend URL; `/hooks/jetpay` is added. Default: Medusa's `admin.backendUrl`, when set. */
    // Medusa's message for a bad URL names no field: this one does.
    store_url: medusaZod.url({ protocol: /^https?$/, error: "store_url must be an http(s) URL such as https://shop.example.com" }).optional(),
  })
  .strict()
export type RegisterWebhookBody = medusaZod.infer<typeof registerWebhookBodySchema>

/** `POST /admin/jetpay/attention`, checked by Medusa's validateAndTransformBody (middlewares.ts). */
export const attentionActionBodySchema = medusaZod
  .object({
    item_id: medusaZod.string().trim().min(1).max(300),
    action: medusaZod.enum(["retry", "refund", "cancel_order", "refund_sent", "refund_not_sent", "record", "dismiss"]),
  })
  .strict()
export type AttentionActionBody = medusaZod.infer<typeof attentionActionBodySchema>

/** `POST /admin/jetpay/transactions/:id/resend-refund-email`, checked by Medusa's validateAndTransformBody (middlewares.ts). */
export const resendRefundEmailBodySchema = medusaZod
  .object({
    /** Write it in this language from now on; by default the one the refund was first emailed in. */
    language: medusaZod.enum(["en", "fr"]).optional(),
  })
  .strict()
export type ResendRefundEmailBody = medusaZod.infer<typeof resendRefundEmailBodySchema>

/** Parses a request part, or answers 400 naming what is wrong (Medusa's INVALID_DATA). */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value ?? {})
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join(".") || what}: ${issue.message}`)
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid ${what}: ${issues.join("; ")}`)
  }
  return result.data
}

/** Jetpay's states as the transactions list filters them (shared/jetpay-api.md). */
export const TRANSACTION_STATES = ["requested", "initiated", "paid", "processing", "completed", "failed", "cancelled"] as const

/** A time: an ISO 8601 date-time with its offset, or a date (midnight UTC). */
const instant = (name: string) =>
  medusaZod
    .union([medusaZod.iso.datetime({ offset: true }), medusaZod.iso.date()], {
      error: `${name} must be an ISO 8601 date or date-time, such as 2026-12-07 or 2026-12-07T05:00:00Z`,
    })
    .transform((value) => new Date(/T/.test(value) ? value : `${value}T00:00:00Z`))

/** Jetpay states, comma-separated (`completed,paid`), as a list; an unknown one is a 400 naming the known ones. */
const stateList = medusaZod
  .string()
  .refine((value) => value.split(",").every((state) => (TRANSACTION_STATES as readonly string[]).includes(state.trim())), {
    message: `state must be one or more (comma-separated) of ${TRANSACTION_STATES.join(", ")}`,
  })
  .transform((value) => [...new Set(value.split(",").map((state) => state.trim()))])

/** The filters of `GET /admin/jetpay/transactions` and its CSV export, checked by Medusa's validateAndTransformQuery. */
const transactionFilters = {
  /** An order's display id (`42` or `#42`), a Jetpay transaction id (whole), or part of a customer's email. */
  q: medusaZod.string().trim().min(1).max(200).regex(/^[^\u0000-\u001f]*$/, "q must be text without control characters").optional(),
  state: stateList.optional(),
  kind: medusaZod.enum(["debit", "credit"]).optional(),
  /** Made at or after this time. */
  created_after: instant("created_after").optional(),
  /** Made before this time. */
  created_before: instant("created_before").optional(),
}

const orderedRange = (query: { created_after?: Date; created_before?: Date }) =>
  !query.created_after || !query.created_before || query.created_after < query.created_before

export const transactionListQuerySchema = medusaZod
  .object({
    ...transactionFilters,
    limit: medusaZod.coerce.number({ error: "limit must be a number" }).int().min(1).max(100).default(20),
    offset: medusaZod.coerce.number({ error: "offset must be a number" }).int().min(0).default(0),
  })
  .strict()
  .refine(orderedRange, { message: "created_after must be before created_before" })
export type TransactionListQuery = medusaZod.infer<typeof transactionListQuerySchema>

export const transactionExportQuerySchema = medusaZod
  .object(transactionFilters)
  .strict()
  .refine(orderedRange, { message: "created_after must be before created_before" })
export type TransactionExportQuery = medusaZod.infer<typeof transactionExportQuerySchema>
