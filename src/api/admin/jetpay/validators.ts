import { MedusaError } from "@medusajs/framework/utils"
import { z } from "zod"

/** An id in a path: Medusa's order ids, Jetpay's transaction UUIDs. */
export const idParamsSchema = z.object({ id: z.string().trim().min(1).max(200) })

export const registerWebhookBodySchema = z
  .object({
    /** The store's public backend URL; `/hooks/jetpay` is added. Default: the origin of the admin request. */
    store_url: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict()

export const attentionActionBodySchema = z
  .object({
    item_id: z.string().trim().min(1).max(300),
    action: z.enum(["retry", "refund", "cancel_order", "refund_sent", "refund_not_sent", "dismiss"]),
  })
  .strict()

/** Parses a request part, or answers 400 naming what is wrong (Medusa's INVALID_DATA). */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value ?? {})
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join(".") || what}: ${issue.message}`)
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid ${what}: ${issues.join("; ")}`)
  }
  return result.data
}
