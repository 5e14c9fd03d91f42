import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CreditCard } from "@medusajs/icons"
import { Button, Container, Heading, StatusBadge, Text, toast } from "@medusajs/ui"
import type { TFunction } from "i18next"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import type { ReconciliationRun } from "../../../../domain/admin-responses"
import { JetpayAttention } from "../../../components/jetpay-attention"
import { JetpayTransactions } from "../../../components/jetpay-transactions"
import { SectionRow } from "../../../components/section-row"
import { useFormat } from "../../../lib/format"
import { errorText, useJetpayAttention, useJetpayHealth, useRegisterWebhook } from "../../../lib/queries"
import { backendOrigin } from "../../../lib/sdk"

/**
 * Is this store connected to Jetpay: on Jetpay's demo host ("Test mode"), the API token, the webhook that tells the store
 * about payments, whether its events are being applied, and what needs a person.
 */
const JetpaySettingsPage = () => {
  const { t } = useTranslation("jetpay")
  const format = useFormat()
  const { data: health, error } = useJetpayHealth()
  const attention = useJetpayAttention()
  const register = useRegisterWebhook()
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)

  const webhook = health?.webhook
  // A repair keeps the store's registered address; a first registration uses the admin API's.
  const storeUrl = webhook?.registered ? webhook.url.replace(/\/hooks\/jetpay\/?$/, "") : backendOrigin()

  async function onRegister() {
    try {
      const result = await register.mutateAsync(storeUrl)
      const text = `${t(`settings.action.${result.action}`)} (${result.webhook.url})`
      setMessage({ text, error: false })
      toast.success(text)
    } catch (failure) {
      const text = errorText(failure)
      setMessage({ text, error: true })
      toast.error(text)
    }
  }

  return (
    <div className="flex flex-col gap-y-3">
    <Container className="divide-y p-0" data-testid="jetpay-health">
      <div className="flex items-center justify-between gap-4 px-6 py-4">
        <div>
          <div className="flex items-center gap-x-2">
            <Heading level="h1">{t("name")}</Heading>
            {health?.test_mode && (
              <StatusBadge color="orange" data-testid="jetpay-test-mode">
                {t("settings.testMode")}
              </StatusBadge>
            )}
          </div>
          <Text size="small" className="text-ui-fg-subtle" data-testid="jetpay-settings-subtitle">
            {health ? t("settings.provider", { provider: health.provider_id, url: health.base_url }) : t("settings.subtitle")}
          </Text>
          {health?.test_mode && (
            <Text size="xsmall" className="text-ui-fg-muted">
              {t("settings.testModeHint")}
            </Text>
          )}
        </div>
        <div className="flex flex-col items-end gap-1">
          <Button size="small" variant="secondary" onClick={onRegister} isLoading={register.isPending} data-testid="jetpay-register-webhook">
            {webhook?.registered && webhook.state === "active" ? t("settings.checkWebhook") : t("settings.registerWebhook")}
          </Button>
          <Text size="xsmall" className="text-ui-fg-muted">
            {t("settings.willCall", { url: `${storeUrl}/hooks/jetpay` })}
          </Text>
        </div>
      </div>

      {error && (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-error">
            {errorText(error)}
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
          <SectionRow title={t("settings.apiToken")} testId="jetpay-api-status">
            <StatusBadge color={health.api.ok ? "green" : "red"}>{health.api.ok ? t("settings.accepted") : t("settings.notWorking")}</StatusBadge>
            {health.api.error && (
              <Text size="small" leading="compact" className="text-ui-fg-error">
                {health.api.error}
              </Text>
            )}
          </SectionRow>
          <SectionRow title={t("settings.webhook")} testId="jetpay-webhook-status">
            {!webhook ? (
              <StatusBadge color="grey">{t("settings.unknown")}</StatusBadge>
            ) : webhook.registered ? (
              <>
                <StatusBadge color={webhook.state === "active" ? "green" : "orange"}>
                  {webhook.state === "active" ? t("settings.registered") : t("settings.registeredState", { state: webhookStateText(webhook.state, t) })}
                </StatusBadge>
                <Text size="small" leading="compact" className="break-all">
                  {webhook.url}
                </Text>
                <Text size="xsmall" leading="compact" className="text-ui-fg-muted">
                  {t("settings.lastSent", { id: webhook.last_sent_event_id ?? t("settings.noneYet") })}
                </Text>
              </>
            ) : (
              <>
                <StatusBadge color="orange">{t("settings.notRegistered")}</StatusBadge>
                <Text size="small" leading="compact" className="text-ui-fg-muted break-all">
                  {webhook.other
                    ? t("settings.deliversElsewhere", { url: webhook.other.url, state: webhookStateText(webhook.other.state, t) })
                    : t("settings.noWebhook")}
                </Text>
              </>
            )}
          </SectionRow>
          <SectionRow title={t("settings.lastEvent")} testId="jetpay-last-event">
            <Text size="small" leading="compact">
              {health.events.last_received_at ? format.time(health.events.last_received_at) : t("settings.never")}
            </Text>
          </SectionRow>
          <SectionRow title={t("settings.eventsWaiting")} testId="jetpay-events-waiting">
            <Text size="small" leading="compact">
              {health.events.waiting}
            </Text>
          </SectionRow>
          <SectionRow title={t("settings.eventsFailing")} testId="jetpay-events-failed">
            <Text size="small" leading="compact" className={health.events.failed ? "text-ui-fg-error" : undefined}>
              {health.events.failed}
            </Text>
          </SectionRow>
          <SectionRow
            title={attention.data?.count ? t("settings.needsAttentionCount", { count: attention.data.count }) : t("settings.needsAttention")}
            testId="jetpay-attention-section"
          >
            {attention.error ? (
              <Text size="small" className="text-ui-fg-error">
                {errorText(attention.error)}
              </Text>
            ) : (
              <JetpayAttention items={attention.data?.items ?? []} />
            )}
          </SectionRow>
          <SectionRow title={t("settings.staffEmails")} testId="jetpay-staff-emails">
            <Text size="small" leading="compact">
              {health.staff_emails.recipients
                ? t("settings.staffEmailsTo", { count: health.staff_emails.recipients })
                : t("settings.staffEmailsOff")}
            </Text>
            {health.staff_emails.waiting > 0 && (
              <Text size="xsmall" leading="compact" className="text-ui-fg-muted">
                {t("settings.staffEmailsWaiting", { count: health.staff_emails.waiting })}
              </Text>
            )}
            {health.staff_emails.failed.map((email) => (
              <Text key={`${email.item_id}:${email.to}`} size="xsmall" leading="compact" className="text-ui-fg-error break-all" data-testid="jetpay-staff-email-failed">
                {t("settings.staffEmailsFailed", { to: email.to, attempts: email.attempts, item: email.item_id, error: email.error ?? "" })}
              </Text>
            ))}
          </SectionRow>
          <SectionRow title={t("settings.reconciliation")} testId="jetpay-reconciliation">
            <Text size="small" leading="compact">
              {health.reconciliation ? reconciliationText(health.reconciliation, t, format.time) : t("settings.notRunYet")}
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
    <Container className="flex flex-col gap-3 px-6 py-4" data-testid="jetpay-transactions-section">
      <div>
        <Heading level="h2">{t("transactions.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {t("transactions.subtitle")}
        </Text>
      </div>
      <JetpayTransactions />
    </Container>
    </div>
  )
}

/** A webhook's state at Jetpay in the admin's language; one Jetpay does not document as it came. */
function webhookStateText(state: string, t: TFunction): string {
  const key = state.trim().toLowerCase().replace(/[\s-]+/g, "_").replace(/^backingoff$/, "backing_off")
  return t(`settings.webhookState.${key}`, { defaultValue: state })
}

function reconciliationText(run: ReconciliationRun, t: TFunction, time: (iso: string | null) => string): string {
  const parts = [
    t("settings.run.last", { time: time(run.finished_at) }),
    t("settings.run.due", { count: run.due_transactions }),
    ...(run.completions_checked ? [t("settings.run.completions", { count: run.completions_checked })] : []),
    t("settings.run.rechecked", { count: run.rechecked }),
    t("settings.run.changed", { count: run.changed }),
  ]
  if (run.failed) parts.push(t("settings.run.failed", { count: run.failed }))
  if (run.last_replay) parts.push(t("settings.run.replay", { from: run.last_replay.from, time: time(run.last_replay.at) }))
  return parts.join(" · ")
}

// The settings menu's label is the product's name in every language.
export const config = defineRouteConfig({ label: "Jetpay", icon: CreditCard })

export default JetpaySettingsPage
