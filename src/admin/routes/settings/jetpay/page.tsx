import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CreditCard } from "@medusajs/icons"
import { Button, Container, Heading, StatusBadge, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import type {
  AttentionResponse,
  JetpayHealth,
  ReconciliationRun,
  RegisterWebhookResponse,
} from "../../../../lib/medusa-jetpay/admin-responses"
import { JetpayAttention } from "../../../components/jetpay-attention"
import { SectionRow } from "../../../components/section-row"
import { adminFetch, backendOrigin } from "../../../lib/admin-fetch"
import { formatTime } from "../../../lib/status-color"
import { useAdminResource } from "../../../lib/use-admin-resource"

const ACTION_TEXT: Record<RegisterWebhookResponse["action"], string> = {
  registered: "Webhook registered",
  updated: "Webhook settings updated",
  repaired: "Webhook repaired: Jetpay delivers again what was missed",
  unchanged: "Webhook already registered: nothing to change",
}

/**
 * Is this store connected to Jetpay: the API token, the webhook that tells the store
 * about payments, and whether its events are being applied.
 */
const JetpaySettingsPage = () => {
  const { data: health, error, reload } = useAdminResource<JetpayHealth>("/admin/jetpay/health")
  const attention = useAdminResource<AttentionResponse>("/admin/jetpay/attention")
  const [registering, setRegistering] = useState(false)
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)

  const webhook = health?.webhook
  // A repair keeps the store's registered address; a first registration uses the admin API's.
  const storeUrl = webhook?.registered ? webhook.url.replace(/\/hooks\/jetpay\/?$/, "") : backendOrigin()

  async function register() {
    setRegistering(true)
    try {
      const result = await adminFetch<RegisterWebhookResponse>("/admin/jetpay/webhook", {
        method: "POST",
        body: { store_url: storeUrl },
      })
      const text = `${ACTION_TEXT[result.action]} (${result.webhook.url})`
      setMessage({ text, error: false })
      toast.success(text)
    } catch (failure) {
      const text = failure instanceof Error ? failure.message : String(failure)
      setMessage({ text, error: true })
      toast.error(text)
    } finally {
      setRegistering(false)
      await reload()
    }
  }

  return (
    <Container className="divide-y p-0" data-testid="jetpay-health">
      <div className="flex items-center justify-between gap-4 px-6 py-4">
        <div>
          <Heading level="h1">Jetpay</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {health ? `Provider ${health.provider_id}, API ${health.base_url}` : "Payments by bank (EFT) or card through Jetpay"}
          </Text>
        </div>
        <div className="flex flex-col items-end gap-1">
          <Button size="small" variant="secondary" onClick={register} isLoading={registering} data-testid="jetpay-register-webhook">
            {webhook?.registered && webhook.state === "active" ? "Check webhook" : "Register or repair webhook"}
          </Button>
          <Text size="xsmall" className="text-ui-fg-muted">
            Jetpay will call {storeUrl}/hooks/jetpay
          </Text>
        </div>
      </div>

      {error && (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-error">
            {error}
          </Text>
        </div>
      )}
      {message && (
        <div className="px-6 py-4" data-testid="jetpay-register-result">
          <Text size="small" className={message.error ? "text-ui-fg-error" : "text-ui-fg-subtle"}>
            {message.text}
          </Text>
        </div>
      )}

      {health && (
        <>
          <SectionRow title="API token" testId="jetpay-api-status">
            <StatusBadge color={health.api.ok ? "green" : "red"}>{health.api.ok ? "Accepted" : "Not working"}</StatusBadge>
            {health.api.error && (
              <Text size="small" leading="compact" className="text-ui-fg-error">
                {health.api.error}
              </Text>
            )}
          </SectionRow>
          <SectionRow title="Webhook" testId="jetpay-webhook-status">
            {!webhook ? (
              <StatusBadge color="grey">Unknown</StatusBadge>
            ) : webhook.registered ? (
              <>
                <StatusBadge color={webhook.state === "active" ? "green" : "orange"}>
                  {webhook.state === "active" ? "Registered" : `Registered, ${webhook.state}`}
                </StatusBadge>
                <Text size="small" leading="compact" className="break-all">
                  {webhook.url}
                </Text>
                <Text size="xsmall" leading="compact" className="text-ui-fg-muted">
                  Last event sent by Jetpay: {webhook.last_sent_event_id ?? "none yet"}
                </Text>
              </>
            ) : (
              <>
                <StatusBadge color="orange">Not registered</StatusBadge>
                <Text size="small" leading="compact" className="text-ui-fg-muted break-all">
                  {webhook.other
                    ? `Jetpay delivers to ${webhook.other.url} (${webhook.other.state}), not to a store's /hooks/jetpay`
                    : "Jetpay has no webhook: orders appear only when shoppers come back"}
                </Text>
              </>
            )}
          </SectionRow>
          <SectionRow title="Last event received" testId="jetpay-last-event">
            <Text size="small" leading="compact">
              {health.events.last_received_at ? formatTime(health.events.last_received_at) : "Never"}
            </Text>
          </SectionRow>
          <SectionRow title="Events waiting" testId="jetpay-events-waiting">
            <Text size="small" leading="compact">
              {health.events.waiting}
            </Text>
          </SectionRow>
          <SectionRow title="Events failing" testId="jetpay-events-failed">
            <Text size="small" leading="compact" className={health.events.failed ? "text-ui-fg-error" : undefined}>
              {health.events.failed}
            </Text>
          </SectionRow>
          <SectionRow title={`Needs attention${attention.data?.count ? ` (${attention.data.count})` : ""}`} testId="jetpay-attention-section">
            {attention.error ? (
              <Text size="small" className="text-ui-fg-error">
                {attention.error}
              </Text>
            ) : (
              <JetpayAttention items={attention.data?.items ?? []} onChange={attention.reload} />
            )}
          </SectionRow>
          <SectionRow title="Reconciliation" testId="jetpay-reconciliation">
            <Text size="small" leading="compact">
              {health.reconciliation ? reconciliationText(health.reconciliation) : "Not run yet (it runs on the worker every few seconds)"}
            </Text>
            {health.reconciliation?.errors.length ? (
              <Text size="xsmall" leading="compact" className="text-ui-fg-error">
                {health.reconciliation.errors.join("; ")}
              </Text>
            ) : null}
          </SectionRow>
        </>
      )}
    </Container>
  )
}

function reconciliationText(run: ReconciliationRun): string {
  const parts = [
    `Last run ${formatTime(run.finished_at)}`,
    `${run.due_transactions} with waiting events`,
    `${run.rechecked} re-read at Jetpay`,
    `${run.changed} brought in line`,
  ]
  if (run.failed) parts.push(`${run.failed} failed`)
  if (run.last_replay) {
    parts.push(`last asked Jetpay to deliver again from event ${run.last_replay.from} at ${formatTime(run.last_replay.at)}`)
  }
  return parts.join(" · ")
}

export const config = defineRouteConfig({ label: "Jetpay", icon: CreditCard })

export default JetpaySettingsPage
