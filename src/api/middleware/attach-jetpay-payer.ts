import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { PAYER_DATA_KEY, payerLanguage, payerName, payerSchema } from "../../domain/payer"
import { isJetpayProviderId } from "../../domain/provider-config"
import { sessionCollection } from "./session-collection"

type SessionBody = { provider_id?: unknown; data?: unknown }

/**
 * Before Medusa creates a Jetpay payment session: replace whatever the browser sent
 * in `data` with the payer taken from the cart on the server (email, name, language).
 * Nothing the browser sends can set the contact, the amount, the state or the link.
 * A logged-in customer's account holder takes precedence inside the provider.
 */
export async function attachJetpayPayer(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const body = req.body as SessionBody | undefined
  if (!body || !isJetpayProviderId(body.provider_id)) return next()

  // The guard before this middleware read the collection with its cart, for this request.
  const cart = (await sessionCollection(req))?.cart as
    | {
        email?: string | null
        locale?: string | null
        shipping_address?: Parameters<typeof payerName>[1]
        billing_address?: Parameters<typeof payerName>[1]
      }
    | null
    | undefined

  const trusted: Record<string, unknown> = {}
  if (cart?.email) {
    const payer = payerSchema.safeParse({
      email: cart.email,
      name: payerName(cart.email, cart.shipping_address, cart.billing_address),
      language: payerLanguage({ address: cart.shipping_address ?? cart.billing_address, locale: cart.locale }),
    })
    if (payer.success) trusted[PAYER_DATA_KEY] = payer.data
  }
  body.data = trusted
  const validated = (req as { validatedBody?: SessionBody }).validatedBody
  if (validated) validated.data = trusted
  next()
}
