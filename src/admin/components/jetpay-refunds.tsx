import { StatusBadge, Text } from "@medusajs/ui"
import type { TransactionView } from "../../lib/medusa-jetpay/admin-responses"
import { formatTime, statusColor } from "../lib/status-color"
import { CopyableLink } from "./copyable-link"

/**
 * Refunds are Jetpay credits: the payee opens the link to enter their bank details, so
 * the link is what the merchant sends them while the credit waits for it.
 */
export const JetpayRefunds = ({ credits }: { credits: TransactionView[] }) => {
  if (!credits.length) {
    return (
      <Text size="small" leading="compact" className="text-ui-fg-muted">
        None
      </Text>
    )
  }
  return (
    <ul className="flex flex-col gap-3">
      {credits.map((credit, index) => (
        <li key={credit.id} className="flex flex-col gap-1" data-testid={`jetpay-refund-${index}`}>
          <Text size="small" weight="plus" leading="compact">
            {credit.amount_formatted}
          </Text>
          <StatusBadge color={statusColor(credit.status.code)} className="w-fit" data-testid={`jetpay-refund-state-${index}`}>
            {credit.status.label}
          </StatusBadge>
          <Text size="xsmall" leading="compact" className="text-ui-fg-muted">
            {formatTime(credit.created_at)}
          </Text>
          {credit.refund_outcome === "unknown" && (
            <Text size="small" leading="compact" className="text-ui-fg-error" data-testid={`jetpay-refund-unknown-${index}`}>
              Outcome unknown: Jetpay did not confirm this refund. Check Jetpay's dashboard, then mark it sent or not sent
              in Settings → Jetpay. No other refund of this payment is sent until then.
            </Text>
          )}
          {credit.refund_outcome === "not_sent" && (
            <Text size="small" leading="compact" className="text-ui-fg-muted">
              Not sent: Jetpay made no credit.
            </Text>
          )}
          {credit.failure && (
            <Text size="small" leading="compact" className="text-ui-fg-error" data-testid={`jetpay-refund-failure-${index}`}>
              {credit.failure.reason_text}. {credit.failure.advice_text}
            </Text>
          )}
          {credit.link && credit.state === "requested" && <CopyableLink href={credit.link} testId={`jetpay-refund-link-${index}`} />}
        </li>
      ))}
    </ul>
  )
}
