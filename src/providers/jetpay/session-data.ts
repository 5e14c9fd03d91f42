import { MedusaError } from "@medusajs/framework/utils"
import { z } from "zod"

/**
 * What the provider keeps in a payment session's `data`. The storefront can read
 * it, so it holds exactly this: the Jetpay transaction id, the link the shopper pays
 * on while it can be paid, and the amounts in cents (the surcharge applies only if
 * they pay by card). Nothing personal, nothing secret; the payer's contact lives in
 * the plugin's data. Once the payer authorized, the link is dropped: Medusa copies
 * the data to the payment, which its public order route shows to anyone with the order id.
 */
export const jetpaySessionDataSchema = z.object({
  jetpay_transaction_id: z.string().min(1),
  link: z.string().url().optional(),
  amount: z.number().int().positive(),
  surcharge: z.number().int().nonnegative(),
})

export type JetpaySessionData = z.infer<typeof jetpaySessionDataSchema>

/** Only our own keys, whatever else the session's data carries. */
export function toSessionData(data: JetpaySessionData): JetpaySessionData {
  return jetpaySessionDataSchema.parse(data)
}

/** The session's data once its link was used: what the Medusa payment keeps. */
export function withoutLink(data: JetpaySessionData): JetpaySessionData {
  const { link: _used, ...rest } = toSessionData(data)
  return rest
}

/** Parses a session's or payment's data; a session Jetpay never saw is a clear error. */
export function readSessionData(data: Record<string, unknown> | undefined): JetpaySessionData {
  const result = jetpaySessionDataSchema.safeParse(data ?? {})
  if (!result.success) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "This payment has no Jetpay transaction: start a new Jetpay payment session"
    )
  }
  return result.data
}

/**
 * A Medusa payment's `data`: the session's without its link, plus the refunds made so far
 * (each a Jetpay credit). A credit's link, where the payee enters the bank account to be paid,
 * is kept in the plugin's records for the admin and never here: Medusa's public order route
 * shows a payment's data to anyone holding the order id.
 */
export const jetpayPaymentDataSchema = jetpaySessionDataSchema.extend({
  refunds: z
    .array(
      z.object({
        jetpay_credit_id: z.string().min(1),
        amount: z.number().int().positive(),
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
