import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { ArrowPath, XCircle } from "@medusajs/icons"
import { Button, Container, Heading, StatusBadge, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import type { OrderJetpayView, TransactionResponse } from "../../lib/medusa-jetpay/admin-responses"
import { CopyableLink } from "../components/copyable-link"
import { JetpayRefunds } from "../components/jetpay-refunds"
import { JetpayTimeline } from "../components/jetpay-timeline"
import { SectionRow } from "../components/section-row"
import { adminFetch } from "../lib/admin-fetch"
import { statusColor } from "../lib/status-color"
import { useAdminResource } from "../lib/use-admin-resource"

/**
 * The order's Jetpay payment beside Medusa's own payment section: what Jetpay says, in
 * words, with what a merchant can do about it (re-read it from Jetpay; cancel an unpaid link).
 * Orders paid otherwise show nothing.
 */
const JetpayOrderPaymentWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, error, reload } = useAdminResource<OrderJetpayView>(`/admin/jetpay/orders/${order.id}`, paymentsRevision(order))
  const prompt = usePrompt()
  const [busy, setBusy] = useState<"refresh" | "cancel" | null>(null)
  const [actionError, setActionError] = useState<string | null>(null)

  if (error && !data) {
    return (
      <Container className="px-6 py-4" data-testid="jetpay-widget">
        <Text size="small" className="text-ui-fg-error">
          Jetpay: {error}
        </Text>
      </Container>
    )
  }
  if (!data || !data.transactions.length || !data.status) return null

  const debit = data.transactions.find((transaction) => transaction.id === data.debit_id)
  const credits = data.transactions.filter((transaction) => transaction.kind === "credit")

  async function run(action: "refresh" | "cancel", work: () => Promise<string>) {
    setBusy(action)
    setActionError(null)
    try {
      toast.success(await work())
    } catch (failure) {
      const message = failure instanceof Error ? failure.message : String(failure)
      setActionError(message)
      toast.error(message)
    } finally {
      setBusy(null)
      await reload()
    }
  }

  // The order's debit, and the refunds still on their way, re-read from Jetpay.
  const refresh = () =>
    run("refresh", async () => {
      const moving = credits.filter((credit) => !["completed", "failed", "cancelled"].includes(credit.state))
      for (const transaction of [...(debit ? [debit] : []), ...moving]) {
        await adminFetch<TransactionResponse>(`/admin/jetpay/transactions/${transaction.id}/refresh`, { method: "POST" })
      }
      return "Jetpay status refreshed"
    })

  const cancel = async () => {
    if (!debit) return
    const confirmed = await prompt({
      title: "Cancel the Jetpay payment?",
      description: `The payment link stops working and ${debit.amount_formatted} can no longer be paid with it. This cannot be undone.`,
      confirmText: "Cancel payment",
      cancelText: "Keep it",
      variant: "danger",
    })
    if (!confirmed) return
    await run("cancel", async () => {
      await adminFetch<TransactionResponse>(`/admin/jetpay/transactions/${debit.id}/cancel`, { method: "POST" })
      return "Jetpay payment cancelled"
    })
  }

  return (
    <Container className="divide-y p-0" data-testid="jetpay-widget">
      <div className="flex items-center justify-between gap-2 px-6 py-4">
        <Heading level="h2">Jetpay</Heading>
        <StatusBadge color={statusColor(data.status.code)} data-testid="jetpay-state">
          {data.status.label}
        </StatusBadge>
      </div>

      {debit && (
        <>
          <SectionRow title="Amount">
            <Text size="small" leading="compact" data-testid="jetpay-amount">
              {debit.amount_formatted}
            </Text>
          </SectionRow>
          <SectionRow title="Card surcharge">
            <Text size="small" leading="compact" data-testid="jetpay-surcharge">
              {debit.surcharge_formatted}
            </Text>
            <Text size="xsmall" leading="compact" className="text-ui-fg-muted">
              Paid by the shopper on top, only when paying by card
            </Text>
          </SectionRow>
          {debit.failure && (
            <SectionRow title={debit.reversed ? "Payment came back" : "Payment failed"} testId="jetpay-failure">
              <Text size="small" leading="compact" weight="plus" className="text-ui-fg-error" data-testid="jetpay-failure-reason">
                {capitalize(debit.failure.reason_text)}
              </Text>
              <Text size="small" leading="compact" className="text-ui-fg-error" data-testid="jetpay-failure-advice">
                {debit.failure.advice_text}
              </Text>
            </SectionRow>
          )}
          {debit.link && (
            <SectionRow title="Payment link">
              <CopyableLink href={debit.link} testId="jetpay-link" />
            </SectionRow>
          )}
          <SectionRow title="Transaction">
            <Text size="xsmall" leading="compact" className="text-ui-fg-muted break-all">
              {debit.id}
            </Text>
          </SectionRow>
        </>
      )}

      <SectionRow title={`Refunds${data.refunded_amount ? ` (${data.refunded_amount_formatted})` : ""}`} testId="jetpay-refunds">
        <JetpayRefunds credits={credits} />
      </SectionRow>

      <div className="flex flex-col gap-3 px-6 py-4">
        <Text size="small" weight="plus" leading="compact" className="text-ui-fg-subtle">
          Webhook events
        </Text>
        <JetpayTimeline transactions={data.transactions} />
      </div>

      <div className="flex flex-col gap-2 px-6 py-4">
        {actionError && (
          <Text size="small" className="text-ui-fg-error" data-testid="jetpay-action-error">
            {actionError}
          </Text>
        )}
        <div className="flex justify-end gap-2">
          {debit?.state === "requested" && (
            <Button size="small" variant="danger" onClick={cancel} isLoading={busy === "cancel"} disabled={busy !== null} data-testid="jetpay-cancel">
              <XCircle />
              Cancel payment
            </Button>
          )}
          <Button size="small" variant="secondary" onClick={refresh} isLoading={busy === "refresh"} disabled={busy !== null} data-testid="jetpay-refresh">
            <ArrowPath />
            Refresh from Jetpay
          </Button>
        </div>
      </div>
    </Container>
  )
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * Changes when the order's payments do: the dashboard reloads the order after its own Refund
 * form, and the refund's Jetpay credit then shows here without a click.
 */
function paymentsRevision(order: AdminOrder): string {
  const payments = (order.payment_collections ?? []).flatMap((collection) => collection.payments ?? [])
  return [
    order.payment_status,
    ...payments.flatMap((payment) => [payment.id, payment.captured_at, payment.canceled_at, ...(payment.refunds ?? []).map((refund) => refund.id)]),
  ].join("|")
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
  id: "medusa-payment-jetpay:order-payment",
})

export default JetpayOrderPaymentWidget
