import { z } from "@medusajs/framework/zod"
import { ID_PATTERN } from "../../../admin/jetpay/validators"

/** `GET /store/jetpay/payment-status?cart_id=...`, checked by Medusa's validateAndTransformQuery (middlewares.ts). */
export const paymentStatusQuerySchema = z.object({ cart_id: z.string().trim().regex(ID_PATTERN, "cart_id must be a cart id") })
export type PaymentStatusQuery = z.infer<typeof paymentStatusQuerySchema>
