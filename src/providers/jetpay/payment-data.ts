import { MedusaError } from "@medusajs/framework/utils"
import { z } from "zod"
import { jetpaySessionDataSchema } from "./session-data"

/**
 * A Medusa payment's `data`: the session's, plus the refunds made so far (each a
 * Jetpay credit, whose link is where the payee enters their bank details).
 * Medusa keeps this on the payment, which the storefront does not read.
 */
export const jetpayPaymentDataSchema = jetpaySessionDataSchema.extend({
  refunds: z
    .array(
      z.object({
        jetpay_credit_id: z.string().min(1),
        amount: z.number().int().positive(),
        link: z.string().nullable(),
      })
    )
    .default([]),
})

export type JetpayPaymentData = z.infer<typeof jetpayPaymentDataSchema>

export function readPaymentData(data: Record<string, unknown> | undefined): JetpayPaymentData {
  const result = jetpayPaymentDataSchema.safeParse(data ?? {})
  if (!result.success) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "This payment has no Jetpay transaction: it was not made with Jetpay or its data was changed"
    )
  }
  return result.data
}
