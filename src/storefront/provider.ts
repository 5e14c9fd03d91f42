/** Medusa's id of the Jetpay provider configured with `id: "jetpay"` (the README's configuration). */
export const JETPAY_PROVIDER_ID = "pp_jetpay_jetpay"

const PREFIX = "pp_jetpay_"

/**
 * Whether a payment session's or payment's provider is Jetpay: any id Medusa gives a Jetpay
 * provider (`pp_jetpay_{id}`), or one of `configuredIds` when the store names its own.
 */
export function isJetpayProvider(providerId: string | null | undefined, configuredIds: readonly string[] = []): boolean {
  if (typeof providerId !== "string") return false
  if (configuredIds.includes(providerId)) return true
  return providerId.startsWith(PREFIX) && providerId.length > PREFIX.length
}
