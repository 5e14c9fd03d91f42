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
