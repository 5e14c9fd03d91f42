import { z } from "zod"
import { createHash } from "node:crypto"

/**
 * Who pays, as the Jetpay contact needs it. It is always taken on the server:
 * from the logged-in customer, or from the cart by the plugin's store middleware
 * (src/api/middlewares.ts), which replaces whatever the browser put in `data`.
 */
export const payerSchema = z.object({
  email: z.string().email(),
  name: z.string().trim().min(1),
  language: z.enum(["en", "fr"]),
})
export type Payer = z.infer<typeof payerSchema>

/** The key under which the store middleware hands the cart's payer to `initiatePayment`. */
export const PAYER_DATA_KEY = "jetpay_payer"

type AddressLike = {
  first_name?: string | null
  last_name?: string | null
  company?: string | null
  province?: string | null
  country_code?: string | null
} | null | undefined

const QUEBEC = new Set(["qc", "ca-qc", "quebec", "québec"])

/** French for a Quebec address or a French locale, else English (Jetpay knows "en" and "fr"). */
export function payerLanguage(input: { address?: AddressLike; locale?: string | null }): "en" | "fr" {
  if (input.locale && /^fr\b/i.test(input.locale)) return "fr"
  const province = input.address?.province?.trim().toLowerCase()
  const country = input.address?.country_code?.trim().toLowerCase()
  if (province && QUEBEC.has(province) && (!country || country === "ca")) return "fr"
  return "en"
}

/** "First Last" from the first address that has a name; a company name; else the email. */
export function payerName(email: string, ...addresses: AddressLike[]): string {
  for (const address of addresses) {
    const name = [address?.first_name, address?.last_name]
      .map((part) => part?.trim())
      .filter(Boolean)
      .join(" ")
    if (name) return name
  }
  for (const address of addresses) {
    if (address?.company?.trim()) return address.company.trim()
  }
  return email
}

type CustomerLike = {
  email?: string | null
  first_name?: string | null
  last_name?: string | null
  company_name?: string | null
  billing_address?: AddressLike
}

/** The payer of a logged-in customer, or null when Medusa gave none with an email. */
export function payerFromCustomer(customer: CustomerLike | undefined | null): Payer | null {
  if (!customer?.email) return null
  const name = payerName(
    customer.email,
    { first_name: customer.first_name, last_name: customer.last_name, company: customer.company_name },
    customer.billing_address
  )
  const parsed = payerSchema.safeParse({
    email: customer.email,
    name,
    language: payerLanguage({ address: customer.billing_address }),
  })
  return parsed.success ? parsed.data : null
}

/**
 * The key under which a guest payer's Jetpay contact is reused: a SHA-256 of the normalized
 * email, name and language (the contact's own fields), so the email never sits in the plugin's
 * records. Same payer, same key; a new name or language is a new contact, as Jetpay shows them.
 */
export function payerKey(payer: { email: string; name: string; language: string }): string {
  const normalized = [payer.email.trim().toLowerCase(), payer.name.trim().replace(/\s+/g, " "), payer.language.trim().toLowerCase()]
  return createHash("sha256").update(normalized.join("\n")).digest("hex")
}
