/**
 * The Jetpay environment a store talks to, as the key its webhook events are recorded
 * under: the API host. Event ids count per environment, so a store that tested against
 * Jetpay's demo and then went live on the same database never mistakes a production
 * event for one it has already seen.
 */
export function jetpayEnvironment(baseUrl: string): string {
  return new URL(baseUrl).host.toLowerCase()
}
