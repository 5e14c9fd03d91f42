import Medusa from "@medusajs/js-sdk"

/** A Store API client: the same `@medusajs/js-sdk` the Next.js starter uses, with the publishable key. */
export function storeClient(baseUrl: string, publishableKey: string): Medusa {
  return new Medusa({ baseUrl, publishableKey, auth: { type: "jwt", jwtTokenStorageMethod: "nostore" } })
}
