import { z } from "zod"

/** `POST /admin/jetpay/orders/:id/payment-requests`: nothing is needed; the amount is always the server's. */
export const createPaymentRequestBodySchema = z
  .object({
    /** The email's language; by default the customer's (their Jetpay contact, the order's locale, a Quebec address). */
    language: z.enum(["en", "fr"]).optional(),
  })
  .strict()

/** `POST .../payment-requests/:request_id/resend`. */
export const resendPaymentRequestBodySchema = z
  .object({
    /** Send it in this language from now on. */
    language: z.enum(["en", "fr"]).optional(),
  })
  .strict()

export const requestParamsSchema = z.object({
  id: z.string().trim().min(1).max(200),
  request_id: z.string().trim().min(1).max(200),
})
