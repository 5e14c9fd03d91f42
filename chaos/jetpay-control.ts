// The sandbox's control API: the payer, the bank and the network (sandbox/README.md).
import { requestOk } from "./http"

export type SandboxTransaction = {
  identifier: string
  kind: "debit" | "credit"
  state: string
  amount: number
  fail_reason: string | null
  /** A refund credit's note names its debit: "Refund of Jetpay debit <id>". */
  note?: string | null
  history: { state: string; at: string }[]
}

export function jetpayControl(sandboxUrl: string) {
  const call = <T = any>(method: string, path: string, body?: unknown) =>
    requestOk<T>(method, `${sandboxUrl}${path}`, { body, timeoutMs: 30_000 })
  return {
    call,
    /** The payer on the link: bank (signs the PAD) or card. */
    pay: (debitId: string, method: "eft" | "card") => call("POST", `/_sandbox/transactions/${debitId}/pay`, { method }),
    /** Jetpay settling the debit, or failing it (after `completed`: an EFT return). */
    advance: (debitId: string, state: "completed" | "failed", fail_reason?: string) =>
      call("POST", `/_sandbox/transactions/${debitId}/advance`, fail_reason ? { state, fail_reason } : { state }),
    transactions: () => call<SandboxTransaction[]>("GET", "/_sandbox/transactions"),
    addApiFault: (rule: Record<string, unknown>) => call("POST", "/_sandbox/faults", rule),
    clearApiFaults: () => call("DELETE", "/_sandbox/faults"),
    setWebhookFaults: (faults: Record<string, unknown>) => call("POST", "/_sandbox/webhooks/faults", faults),
    clearWebhookFaults: () => call("DELETE", "/_sandbox/webhooks/faults"),
    requests: () => call<{ method: string; path: string; status: number | null; at: string }[]>("GET", "/_sandbox/requests"),
    webhooks: () => call<any[]>("GET", "/_sandbox/webhooks"),
  }
}

export type JetpayControl = ReturnType<typeof jetpayControl>
