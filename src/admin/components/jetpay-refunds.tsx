import { Button, StatusBadge, Text, toast } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { TransactionView } from "../../domain/admin-responses"
import { useFormat } from "../lib/format"
import { errorText, useResendRefundEmail } from "../lib/queries"
import { statusColor } from "../lib/status-color"
import { CopyableLink } from "./copyable-link"
import { useFailureText } from "./failure-text"

/**
 * Refunds are Jetpay credits: the payee opens the link to enter their bank details. The
 * plugin emails it when the refund is made; while it is unclaimed the merchant sees since
 * when and how many emails went, and can send it again.
 */
export const JetpayRefunds = ({ credits }: { credits: TransactionView[] }) => {
  const { t } = useTranslation("jetpay")
  const format = useFormat()
  const failureText = useFailureText()
  const resend = useResendRefundEmail()

  async function resendEmail(credit: TransactionView) {
    try {
      const { transaction } = await resend.mutateAsync(credit.id)
      if (transaction.refund_email?.notification_error) toast.warning(t("refunds.emailResendFailed"))
      else toast.success(t("refunds.emailResent"))
    } catch (failure) {
      toast.error(errorText(failure))
    }
  }
  if (!credits.length) {
    return (
      <Text size="small" leading="compact" className="text-ui-fg-muted">
        {t("refunds.none")}
      </Text>
    )
  }
  return (
    <ul className="flex flex-col gap-3">
      {credits.map((credit, index) => (
        <li key={credit.id} className="flex flex-col gap-1" data-testid={`jetpay-refund-${index}`}>
          <Text size="small" weight="plus" leading="compact">
            {format.money(credit.amount, credit.currency_code)}
          </Text>
          <StatusBadge color={statusColor(credit.status.code)} className="w-fit" data-testid={`jetpay-refund-state-${index}`}>
            {t(`status.${credit.status.code}`, { defaultValue: credit.status.label })}
          </StatusBadge>
          <Text size="xsmall" leading="compact" className="text-ui-fg-muted">
            {format.time(credit.created_at)}
          </Text>
          {credit.refund_outcome === "unknown" && (
            <Text size="small" leading="compact" className="text-ui-fg-error" data-testid={`jetpay-refund-unknown-${index}`}>
              {t("refunds.outcomeUnknown")}
            </Text>
          )}
          {credit.refund_outcome === "not_sent" && (
            <Text size="small" leading="compact" className="text-ui-fg-muted">
              {t("refunds.notSent")}
            </Text>
          )}
          {credit.failure && (
            <Text size="small" leading="compact" className="text-ui-fg-error" data-testid={`jetpay-refund-failure-${index}`}>
              {failureText.reason(credit.failure)}. {failureText.advice(credit.failure)}
            </Text>
          )}
          {credit.surcharge > 0 && (
            <Text size="xsmall" leading="compact" className="text-ui-fg-muted" data-testid={`jetpay-refund-surcharge-${index}`}>
              {t("refunds.surchargeReturned", { amount: format.money(credit.surcharge, credit.currency_code) })}
            </Text>
          )}
          {credit.refund_email?.claim === "unclaimed" && (
            <Text size="small" leading="compact" data-testid={`jetpay-refund-unclaimed-${index}`}>
              {t("refunds.unclaimed", { time: format.time(credit.refund_email.unclaimed_since) })}
            </Text>
          )}
          {credit.refund_email?.claim === "claimed" && (
            <Text size="small" leading="compact" className="text-ui-fg-muted" data-testid={`jetpay-refund-claimed-${index}`}>
              {t("refunds.claimed")}
            </Text>
          )}
          {credit.refund_email && (credit.refund_email.sent_count > 0 || credit.refund_email.notification_error) && (
            <Text size="xsmall" leading="compact" className="text-ui-fg-muted" data-testid={`jetpay-refund-emails-${index}`}>
              {t("refunds.emailsSent", { count: credit.refund_email.sent_count })}
              {credit.refund_email.last_sent_at &&
                ` · ${t("refunds.lastEmail", {
                  time: format.time(credit.refund_email.last_sent_at),
                  language: t(credit.refund_email.language === "fr" ? "requests.languageFr" : "requests.languageEn"),
                })}`}
            </Text>
          )}
          {credit.refund_email?.notification_error && (
            <Text size="small" leading="compact" className="text-ui-fg-error" data-testid={`jetpay-refund-email-error-${index}`}>
              {t("refunds.emailFailed", { error: credit.refund_email.notification_error })}
            </Text>
          )}
          {credit.refund_email?.next_try_at && !credit.refund_email.gave_up && (
            <Text size="xsmall" leading="compact" className="text-ui-fg-muted" data-testid={`jetpay-refund-email-retry-${index}`}>
              {t("refunds.emailRetrying", { count: credit.refund_email.tries, time: format.time(credit.refund_email.next_try_at) })}
            </Text>
          )}
          {credit.refund_email?.gave_up && (
            <Text size="small" leading="compact" className="text-ui-fg-error" data-testid={`jetpay-refund-email-gave-up-${index}`}>
              {t("refunds.emailGaveUp", { count: credit.refund_email.tries })}
            </Text>
          )}
          {credit.link && credit.state === "requested" && <CopyableLink href={credit.link} testId={`jetpay-refund-link-${index}`} />}
          {credit.refund_email?.can_resend && (
            <Button
              size="small"
              variant="secondary"
              className="w-fit"
              onClick={() => resendEmail(credit)}
              disabled={resend.isPending}
              data-testid={`jetpay-refund-resend-${index}`}
            >
              {t("refunds.resendEmail")}
            </Button>
          )}
        </li>
      ))}
    </ul>
  )
}
