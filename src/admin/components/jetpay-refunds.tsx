import { StatusBadge, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { TransactionView } from "../../domain/admin-responses"
import { useFormat } from "../lib/format"
import { statusColor } from "../lib/status-color"
import { CopyableLink } from "./copyable-link"
import { useFailureText } from "./failure-text"

/**
 * Refunds are Jetpay credits: the payee opens the link to enter their bank details, so
 * the link is what the merchant sends them while the credit waits for it.
 */
export const JetpayRefunds = ({ credits }: { credits: TransactionView[] }) => {
  const { t } = useTranslation("jetpay")
  const format = useFormat()
  const failureText = useFailureText()
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
          {credit.link && credit.state === "requested" && <CopyableLink href={credit.link} testId={`jetpay-refund-link-${index}`} />}
        </li>
      ))}
    </ul>
  )
}
