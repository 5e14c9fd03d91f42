import "server-only"

/**
 * Where the store is, read from the environment at request time (scripts/demo-stack.mjs sets it
 * when it runs `next start`), so one build serves any port. Nothing here is secret: the
 * publishable key is what every storefront sends.
 */
export type DemoConfig = {
  /** The Medusa backend as the shopper's browser reaches it. */
  medusaUrl: string
  publishableKey: string
  /** The demo's Canadian region (CAD): its prices, its payment providers. */
  regionId: string
}

export function demoConfig(): DemoConfig {
  return {
    medusaUrl: process.env.MEDUSA_BACKEND_URL ?? "http://localhost:9000",
    publishableKey: process.env.MEDUSA_PUBLISHABLE_KEY ?? "",
    regionId: process.env.DEMO_REGION_ID ?? "",
  }
}

/** The backend as this server reaches it (same machine); the browser's address otherwise. */
export function serverMedusaUrl(): string {
  return process.env.MEDUSA_SERVER_URL ?? demoConfig().medusaUrl
}
