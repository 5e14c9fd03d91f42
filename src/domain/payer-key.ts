import { createHash } from "node:crypto"

/**
 * The key under which a guest payer's Jetpay contact is reused: a SHA-256 of the normalized
 * email, name and language (the contact's own fields), so the email never sits in the plugin's
 * records. Same payer, same key; a new name or language is a new contact, as Jetpay shows them.
 */
export function payerKey(payer: { email: string; name: string; language: string }): string {
  const normalized = [payer.email.trim().toLowerCase(), payer.name.trim().replace(/\s+/g, " "), payer.language.trim().toLowerCase()]
  return createHash("sha256").update(normalized.join("\n")).digest("hex")
}
