import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AttentionResponse } from "../../../../domain/admin-responses"
import { listAttention, resolveAttention } from "../../../../workflows/reconcile/attention"
import type { AttentionActionBody } from "../validators"

/** The needs-attention list: what went wrong with money, each item with the actions that resolve it. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AttentionResponse>) => {
  const items = await listAttention(req.scope)
  res.json({ items, count: items.length })
}

/** Carries out one action of one item, then answers the list as it is afterwards. */
export const POST = async (req: AuthenticatedMedusaRequest<AttentionActionBody>, res: MedusaResponse<AttentionResponse>) => {
  const body = req.validatedBody
  await resolveAttention(req.scope, body.item_id, body.action, req.auth_context?.actor_id)
  const items = await listAttention(req.scope)
  res.json({ items, count: items.length })
}
