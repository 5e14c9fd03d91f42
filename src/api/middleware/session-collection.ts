import type { MedusaRequest } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { isJetpayProviderId } from "../../domain/provider-config"
import type { CollectionSessions } from "../../workflows/checkout/paid-collection"

type Address = Record<string, unknown> | null | undefined

/** The cart a payment collection pays for, as the payer middleware reads it. */
export type PayerCart = {
  email?: string | null
  locale?: string | null
  shipping_address?: Address
  billing_address?: Address
}

export type SessionCollection = CollectionSessions & { cart?: PayerCart | null }

const SESSION_FIELDS = ["id", "payment_sessions.id", "payment_sessions.provider_id", "payment_sessions.data"]
const CART_FIELDS = ["cart.id", "cart.email", "cart.locale", "cart.shipping_address.*", "cart.billing_address.*"]

/** One read per request, shared by the middlewares of `POST /store/payment-collections/:id/payment-sessions`. */
const reads = new WeakMap<MedusaRequest, Promise<SessionCollection | undefined>>()

/**
 * The payment collection a payment-session request is for, read once for the request: its
 * sessions (the guard's paid-cart check) and, when the body asks for a Jetpay session, its cart's
 * email, locale and addresses (the payer middleware's). The second middleware reuses the first's
 * read, made moments before under the collection's lock.
 */
export function sessionCollection(req: MedusaRequest): Promise<SessionCollection | undefined> {
  let read = reads.get(req)
  if (!read) {
    const withCart = isJetpayProviderId((req.body as { provider_id?: unknown } | undefined)?.provider_id)
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    read = query
      .graph({
        entity: "payment_collection",
        fields: withCart ? [...SESSION_FIELDS, ...CART_FIELDS] : SESSION_FIELDS,
        filters: { id: req.params.id },
      })
      .then(({ data }) => data[0] as unknown as SessionCollection | undefined)
    reads.set(req, read)
    // A failed read is not kept: the next asker reads again.
    read.catch(() => reads.delete(req))
  }
  return read
}
