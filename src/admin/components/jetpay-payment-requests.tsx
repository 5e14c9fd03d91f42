import { ArrowPath, CurrencyDollar, XCircle } from "@medusajs/icons"
import { Button, Select, StatusBadge, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import type {
  OrderPaymentRequestsView,
  PaymentRequestStatus,
  PaymentRequestView,
} from "../../domain/payment-request-view"
import { useFormat } from "../lib/format"
import { errorText, usePaymentRequestAction, useRequestPayment } from "../lib/queries"
import { CopyableLink } from "./copyable-link"
import { SectionRow } from "./section-row"

const STATUS_COLOR: Record<PaymentRequestStatus, "green" | "red" | "blue" | "orange" | "grey"> = {
  open: "orange",
  authorized: "blue",
  paid: "green",
  failed: "red",
  canceled: "grey",
}

type Language = "auto" | "en" | "fr"

/**
 * What is left to pay on the order, and the payment requests sent for it: a Jetpay link for
 * exactly the outstanding amount (the server computes it), emailed to the customer, with its
 * link to copy; resend and cancel while it is open.
 */
export const JetpayPaymentRequests = ({ orderId, view }: { orderId: string; view: OrderPaymentRequestsView }) => {
  const { t } = useTranslation("jetpay")
  const format = useFormat()
  const prompt = usePrompt()
  const [language, setLanguage] = useState<Language>("auto")
  const request = useRequestPayment(orderId)
  const action = usePaymentRequestAction(orderId)
  const busy = request.isPending || action.isPending

  async function create() {
    try {
      const { payment_request } = await request.mutateAsync(language === "auto" ? undefined : language)
      const amount = format.money(payment_request.amount, payment_request.currency_code)
      if (payment_request.notification_error) toast.warning(t("requests.createdNoEmail", { amount }))
      else toast.success(t("requests.created", { amount }))
    } catch (failure) {
      toast.error(errorText(failure))
    }
  }

  async function run(item: PaymentRequestView, kind: "resend" | "cancel") {
    if (kind === "cancel") {
      const confirmed = await prompt({
        title: t("requests.cancelTitle"),
        description: t("requests.cancelDescription", { amount: format.money(item.amount, item.currency_code) }),
        confirmText: t("requests.cancel"),
        cancelText: t("requests.keepIt"),
        variant: "danger",
      })
      if (!confirmed) return
    }
    try {
      await action.mutateAsync({ requestId: item.id, action: kind })
      toast.success(t(kind === "cancel" ? "requests.canceled" : "requests.resent"))
    } catch (failure) {
      toast.error(errorText(failure))
    }
  }

  return (
    <>
      <SectionRow title={t("requests.outstanding")} testId="jetpay-outstanding">
        <Text size="small" leading="compact" weight="plus" data-testid="jetpay-outstanding-amount">
          {view.outstanding_amount > 0 ? format.money(view.outstanding_amount, view.currency_code) : t("requests.nothingOutstanding")}
        </Text>
        {!view.can_request && view.refusal && view.refusal.code !== "nothing_outstanding" && (
          <Text size="xsmall" leading="compact" className="text-ui-fg-muted" data-testid="jetpay-request-refusal">
            {t(`requests.refusal.${view.refusal.code}`, { defaultValue: view.refusal.message })}
          </Text>
        )}
      </SectionRow>
      {view.can_request && (
        // The whole width of the section, the label beside the select: every option reads whole, in both languages.
        <div className="flex flex-col gap-2 px-6 py-4" data-testid="jetpay-request-form">
          <div className="flex items-center gap-2">
            <Text size="small" leading="compact" className="text-ui-fg-subtle shrink-0">
              {t("requests.language")}
            </Text>
            <div className="min-w-0 flex-1">
              <Select size="small" value={language} onValueChange={(value) => setLanguage(value as Language)}>
                <Select.Trigger className="w-full" data-testid="jetpay-request-language">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  <Select.Item value="auto">{t("requests.languageAuto")}</Select.Item>
                  <Select.Item value="en">{t("requests.languageEn")}</Select.Item>
                  <Select.Item value="fr">{t("requests.languageFr")}</Select.Item>
                </Select.Content>
              </Select>
            </div>
          </div>
          <Button size="small" variant="primary" className="w-fit self-end" onClick={create} isLoading={request.isPending} disabled={busy} data-testid="jetpay-request-payment">
            <CurrencyDollar />
            {t("requests.request")}
          </Button>
        </div>
      )}

      {view.payment_requests.length > 0 && (
        <SectionRow title={t("requests.title")} testId="jetpay-payment-requests">
          <ul className="flex flex-col gap-4">
            {[...view.payment_requests].reverse().map((item, index) => (
              <li key={item.id} className="flex flex-col gap-1" data-testid={`jetpay-payment-request-${index}`}>
                <div className="flex items-center gap-2">
                  <Text size="small" weight="plus" leading="compact" data-testid={`jetpay-payment-request-amount-${index}`}>
                    {format.money(item.amount, item.currency_code)}
                  </Text>
                  <StatusBadge color={STATUS_COLOR[item.status]} data-testid={`jetpay-payment-request-status-${index}`}>
                    {t(`requests.status.${item.status}`)}
                  </StatusBadge>
                </div>
                <Text size="xsmall" leading="compact" className="text-ui-fg-muted">
                  {item.sent_at && item.email
                    ? t("requests.sentTo", {
                        email: item.email,
                        time: format.time(item.sent_at),
                        language: t(item.language === "fr" ? "requests.languageFr" : "requests.languageEn"),
                      })
                    : t("requests.requestedOn", { time: format.time(item.created_at) })}
                  {item.sent_count > 1 ? ` · ${t("requests.sentCount", { count: item.sent_count })}` : ""}
                </Text>
                {item.notification_error && item.status === "open" && (
                  <Text size="xsmall" leading="compact" className="text-ui-fg-error" data-testid={`jetpay-payment-request-email-error-${index}`}>
                    {t("requests.notSent", { error: item.notification_error })}
                  </Text>
                )}
                {item.cancel_reason === "superseded" && (
                  <Text size="xsmall" leading="compact" className="text-ui-fg-muted">
                    {t("requests.superseded")}
                  </Text>
                )}
                {item.cancel_reason === "expired" && (
                  <Text size="xsmall" leading="compact" className="text-ui-fg-muted" data-testid={`jetpay-payment-request-expired-${index}`}>
                    {t("requests.expired")}
                  </Text>
                )}
                {item.reminded_at && item.status === "open" && (
                  <Text size="xsmall" leading="compact" className="text-ui-fg-muted">
                    {t("requests.reminded", { time: format.time(item.reminded_at) })}
                  </Text>
                )}
                {item.fail_reason && item.status === "failed" && (
                  <Text size="xsmall" leading="compact" className="text-ui-fg-error">
                    {t("requests.failReason", {
                      reason: t(`failure.reason.${item.fail_reason.toLowerCase()}`, { defaultValue: item.fail_reason }),
                    })}
                  </Text>
                )}
                {item.link && <CopyableLink href={item.link} testId={`jetpay-payment-request-link-${index}`} />}
                {item.status === "open" && (
                  <div className="flex gap-2 pt-1">
                    <Button size="small" variant="secondary" onClick={() => run(item, "resend")} disabled={busy} data-testid={`jetpay-payment-request-resend-${index}`}>
                      <ArrowPath />
                      {t("requests.resend")}
                    </Button>
                    <Button size="small" variant="danger" onClick={() => run(item, "cancel")} disabled={busy} data-testid={`jetpay-payment-request-cancel-${index}`}>
                      <XCircle />
                      {t("requests.cancel")}
                    </Button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </SectionRow>
      )}
    </>
  )
}
