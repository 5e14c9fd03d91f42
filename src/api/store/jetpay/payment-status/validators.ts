import { z } from "@medusajs/framework/zod"

/** `GET /store/jetpay/payment-status?cart_id=...`, checked by Medusa's validateAndTransformQuery (middlewares.ts). */
export const paymentStatusQuerySchema = z.object({ cart_id: z.string().trim().min(1).max(200) })
export type PaymentStatusQuery = z.infer<typeof paymentStatusQuerySchema>
