import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { ArrowPath, XCircle } from "@medusajs/icons"
import { Button, Container, Heading, StatusBadge, Text, toast, usePrompt } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { CopyableLink } from "../components/copyable-link"
import { useFailureText } from "../components/failure-text"
import { JetpayPaymentRequests } from "../components/jetpay-payment-requests"
import { JetpayRefunds } from "../components/jetpay-refunds"
import { JetpayTimeline } from "../components/jetpay-timeline"
import { SectionRow } from "../components/section-row"
import { useFormat } from "../lib/format"
import { errorText, useOrderJetpay, useOrderPaymentRequests, useTransactionAction } from "../lib/queries"
import { statusColor } from "../lib/status-color"

/**
 * The order's Jetpay payment beside Medusa's own payment section: what Jetpay says, in
 * words, with what a merchant can do about it (re-read it from Jetpay; cancel an unpaid link),
 * and what is left to pay with the payment requests sent for it. An order with no Jetpay
 * payment and nothing outstanding shows nothing.
 */
const JetpayOrderPaymentWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { t } = useTranslation("jetpay")
  const format = useFormat()
  const failureText = useFailureText()
  const revision = paymentsRevision(order)
  const jetpay = useOrderJetpay(order.id, revision)
  const requests = useOrderPaymentRequests(order.id, revision)
  const transaction = useTransactionAction()
  const prompt = usePrompt()
  const data = jetpay.data
  const requestsView = requests.data

  const loadError = jetpay.error ?? requests.error
  if (loadError && !data && !requestsView) {
    return (
      <Container className="px-6 py-4" data-testid="jetpay-widget">
        <Text size="small" className="text-ui-fg-error">
          {t("loadError", { error: errorText(loadError) })}
        </Text>
      </Container>
    )
  }
  const hasPayment = !!data && data.transactions.length > 0 && !!data.status
  const hasRequests = !!requestsView && (requestsView.payment_requests.length > 0 || requestsView.can_request)
  if (!hasPayment && !hasRequests) return null

  const debit = data?.transactions.find((item) => item.id === data.debit_id)
  const credits = data?.transactions.filter((item) => item.kind === "credit") ?? []
  const busy = transaction.isPending ? transaction.variables?.action ?? null : null

  async function run(work: () => Promise<unknown>, done: string) {
    try {
      await work()
      toast.success(done)
    } catch (failure) {
      toast.error(errorText(failure))
    }
  }

  // The order's debit, and the refunds still on their way, re-read from Jetpay.
  const refresh = () =>
    run(async () => {
      const moving = credits.filter((credit) => !["completed", "failed", "cancelled"].includes(credit.state))
      for (const item of [...(debit ? [debit] : []), ...moving]) {
        await transaction.mutateAsync({ id: item.id, action: "refresh" })
      }
    }, t("widget.refreshed"))

  const cancel = async () => {
    if (!debit) return
    const confirmed = await prompt({
      title: t("widget.cancelTitle"),
      description: t("widget.cancelDescription", { amount: format.money(debit.amount, debit.currency_code) }),
      confirmText: t("widget.cancelPayment"),
      cancelText: t("widget.keepIt"),
      variant: "danger",
    })
    if (!confirmed) return
    await run(() => transaction.mutateAsync({ id: debit.id, action: "cancel" }), t("widget.cancelled"))
  }

  return (
    <Container className="divide-y p-0" data-testid="jetpay-widget">
      <div className="flex items-center justify-between gap-2 px-6 py-4">
        <Heading level="h2">{t("name")}</Heading>
        {hasPayment && data?.status && (
          <StatusBadge color={statusColor(data.status.code)} data-testid="jetpay-state">
            {t(`status.${data.status.code}`, { defaultValue: data.status.label })}
          </StatusBadge>
        )}
      </div>

      {debit && (
        <>
          <SectionRow title={t("widget.amount")}>
            <Text size="small" leading="compact" data-testid="jetpay-amount">
              {format.money(debit.amount, debit.currency_code)}
            </Text>
          </SectionRow>
          <SectionRow title={t("widget.surcharge")}>
            <Text size="small" leading="compact" data-testid="jetpay-surcharge">
              {format.money(debit.surcharge, debit.currency_code)}
            </Text>
            <Text size="xsmall" leading="compact" className="text-ui-fg-muted">
              {t("widget.surchargeHint")}
            </Text>
          </SectionRow>
          {debit.failure && (
            <SectionRow title={t(debit.reversed ? "widget.paymentCameBack" : "widget.paymentFailed")} testId="jetpay-failure">
              <Text size="small" leading="compact" weight="plus" className="text-ui-fg-error" data-testid="jetpay-failure-reason">
                {failureText.reason(debit.failure)}
              </Text>
              <Text size="small" leading="compact" className="text-ui-fg-error" data-testid="jetpay-failure-advice">
                {failureText.advice(debit.failure)}
              </Text>
            </SectionRow>
          )}
          {debit.link && (
            <SectionRow title={t("widget.paymentLink")}>
              <CopyableLink href={debit.link} testId="jetpay-link" />
            </SectionRow>
          )}
          <SectionRow title={t("widget.transaction")}>
            <Text size="xsmall" leading="compact" className="text-ui-fg-muted break-all">
              {debit.id}
            </Text>
          </SectionRow>
        </>
      )}

      {requestsView && hasRequests && <JetpayPaymentRequests orderId={order.id} view={requestsView} />}

      {hasPayment && data && (
        <>
          <SectionRow
            title={data.refunded_amount ? t("widget.refundsWithTotal", { amount: format.money(data.refunded_amount, data.currency_code) }) : t("widget.refunds")}
            testId="jetpay-refunds"
          >
            <JetpayRefunds credits={credits} />
          </SectionRow>

          <div className="flex flex-col gap-3 px-6 py-4">
            <Text size="small" weight="plus" leading="compact" className="text-ui-fg-subtle">
              {t("widget.webhookEvents")}
            </Text>
            <JetpayTimeline transactions={data.transactions} />
          </div>

          <div className="flex flex-col gap-2 px-6 py-4">
            {transaction.error && (
              <Text size="small" className="text-ui-fg-error" data-testid="jetpay-action-error">
                {errorText(transaction.error)}
              </Text>
            )}
            <div className="flex justify-end gap-2">
              {debit?.state === "requested" && (
                <Button size="small" variant="danger" onClick={cancel} isLoading={busy === "cancel"} disabled={busy !== null} data-testid="jetpay-cancel">
                  <XCircle />
                  {t("widget.cancelPayment")}
                </Button>
              )}
              <Button size="small" variant="secondary" onClick={refresh} isLoading={busy === "refresh"} disabled={busy !== null} data-testid="jetpay-refresh">
                <ArrowPath />
                {t("widget.refresh")}
              </Button>
            </div>
          </div>
        </>
      )}
    </Container>
  )
}

/**
 * Changes when the order's payments or total do: the dashboard reloads the order after its own
 * Refund form or an order edit, and the plugin's views are read again without a click.
 */
function paymentsRevision(order: AdminOrder): string {
  const payments = (order.payment_collections ?? []).flatMap((collection) => collection.payments ?? [])
  return [
    order.payment_status,
    order.total,
    order.version,
    ...(order.payment_collections ?? []).map((collection) => `${collection.id}:${collection.status}`),
    ...payments.flatMap((payment) => [payment.id, payment.captured_at, payment.canceled_at, ...(payment.refunds ?? []).map((refund) => refund.id)]),
  ].join("|")
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
  id: "medusa-payment-jetpay:order-payment",
})

export default JetpayOrderPaymentWidget
