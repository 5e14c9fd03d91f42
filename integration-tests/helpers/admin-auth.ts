import type { IAuthModuleService, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createUserAccountWorkflow } from "@medusajs/core-flows"

type Api = { post: (url: string, body?: unknown, config?: unknown) => Promise<{ data: any; status: number }> }

export type AdminAuth = { headers: { authorization: string } }

/**
 * An admin user made with Medusa's own flows (an emailpass identity, then the user
 * account on it), logged in through `POST /auth/user/emailpass` like the dashboard does.
 */
export async function createAdmin(
  api: Api,
  container: MedusaContainer,
  email = "merchant@example.com",
  password = "a-long-test-password"
): Promise<AdminAuth> {
  const auth = container.resolve<IAuthModuleService>(Modules.AUTH)
  const { success, authIdentity, error } = await auth.register("emailpass", { body: { email, password } })
  if (!success || !authIdentity) throw new Error(`could not register ${email}: ${error}`)
  await createUserAccountWorkflow(container).run({
    input: { authIdentityId: authIdentity.id, userData: { email, first_name: "Test", last_name: "Merchant" } },
  })
  const { data } = await api.post("/auth/user/emailpass", { email, password })
  return { headers: { authorization: `Bearer ${data.token}` } }
}
