import { z as medusaZod } from "@medusajs/framework/zod"

/**
 * `POST /admin/jetpay/orders/:id/payment-requests`: nothing is needed; the amount is always the
 * server's, and any other field is refused. Checked by Medusa's validateAndTransformBody (middlewares.ts).
 */
export const createPaymentRequestBodySchema = medusaZod
  .object({
    /** The email's language; by default the customer's (their Jetpay contact, the order's locale, a Quebec address). */
    language: medusaZod.enum(["en", "fr"]).optional(),
  })
  .strict()
export type CreatePaymentRequestBody = medusaZod.infer<typeof createPaymentRequestBodySchema>

/** `POST .../payment-requests/:request_id/resend`, checked the same way. */
export const resendPaymentRequestBodySchema = medusaZod
  .object({
    /** Send it in this language from now on. */
    language: medusaZod.enum(["en", "fr"]).optional(),
  })
  .strict()
export type ResendPaymentRequestBody = medusaZod.infer<typeof resendPaymentRequestBodySchema>

export { requestParamsSchema } from "../../../validators"
