import { MedusaError } from "@medusajs/framework/utils"
import { JetpayApiError, JetpayError } from "../jetpay-api"

/**
 * A Jetpay failure as a Medusa error a merchant can act on. The client's messages
 * already name the call, the status and Jetpay's detail (never the token);
 * this adds what the store was doing and picks the Medusa error type.
 */
export function toMedusaError(error: unknown, doing: string): MedusaError {
  if (error instanceof MedusaError) return error
  if (error instanceof JetpayError) {
    const status = error instanceof JetpayApiError ? error.status : undefined
    if (status === 401 || status === 403) {
      return new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `${doing} failed: Jetpay refused the API token (${status}). Check the provider's "apiKey" option and the token's scopes.`
      )
    }
    const type =
      status !== undefined && status >= 400 && status < 500 && status !== 429
        ? MedusaError.Types.INVALID_DATA
        : MedusaError.Types.UNEXPECTED_STATE
    return new MedusaError(type, `${doing} failed: ${error.message}`)
  }
  const message = error instanceof Error ? error.message : String(error)
  return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `${doing} failed: ${message}`)
}
