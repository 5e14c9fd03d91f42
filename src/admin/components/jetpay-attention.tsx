import { Button, Text, toast, usePrompt } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { AttentionAction, AttentionItem } from "../../domain/admin-responses"
import { STALE_INTENT_REASON } from "../../domain/attention-items"
import { useFailureText } from "./failure-text"
import { useFormat } from "../lib/format"
import { errorText, useAttentionAction } from "../lib/queries"

/** Actions that move money or cannot be undone ask first. */
const CONFIRM: ReadonlySet<AttentionAction> = new Set(["refund", "cancel_order", "refund_sent", "refund_not_sent", "record"])

/** The needs-attention list: each item says what went wrong with money and offers what resolves it. */
export const JetpayAttention = ({ items }: { items: AttentionItem[] }) => {
  const { t } = useTranslation("jetpay")
  const format = useFormat()
  const failureText = useFailureText()
  const prompt = usePrompt()
  const mutation = useAttentionAction()
  const busy = mutation.isPending ? `${mutation.variables?.itemId}:${mutation.variables?.action}` : null

  if (!items.length) {
    return (
      <Text size="small" leading="compact" className="text-ui-fg-muted" data-testid="jetpay-attention-empty">
        {t("attention.empty")}
      </Text>
    )
  }

  /**
   * Why the item is listed, in the admin's language: a failure's code, the amounts that disagree,
   * a refund whose process stopped; another reason (the error completing a cart) as the API gave it.
   */
  function reasonText(item: AttentionItem): string {
    const reason = item.reason ?? ""
    if (!reason) return ""
    switch (item.kind) {
      case "failed_debit":
      case "refund_failed":
      case "reversal":
        return failureText.reason({ reason })
      case "amount_mismatch": {
        const cents = /^debit (\d+) ¢, session (\d+) ¢, cart (\d+) ¢$/.exec(reason)
        if (!cents) break
        const [debit, session, cart] = cents.slice(1).map((value) => format.cents(Number(value)))
        return t("attention.reason.amount_mismatch", { debit, session, cart })
      }
      case "refund_unknown":
        if (reason === STALE_INTENT_REASON) return t("attention.reason.stale_intent")
        break
      case "refund_unrecorded":
        // Its kind's text says it all.
        return ""
    }
    return t("attention.reason.error", { error: reason })
  }

  async function act(item: AttentionItem, action: AttentionAction) {
    const label = t(`attention.action.${action}`)
    if (CONFIRM.has(action)) {
      const confirmed = await prompt({
        title: `${label}?`,
        description: t(`attention.confirm.${action}`),
        confirmText: label,
        cancelText: t("attention.back"),
      })
      if (!confirmed) return
    }
    try {
      await mutation.mutateAsync({ itemId: item.id, action })
      toast.success(t("attention.done", { action: label }))
    } catch (failure) {
      toast.error(errorText(failure))
    }
  }

  return (
    <ul className="flex flex-col gap-4" data-testid="jetpay-attention">
      {items.map((item) => (
        <li key={item.id} className="flex flex-col gap-1" data-testid={`jetpay-attention-${item.kind}`}>
          <Text size="small" weight="plus" leading="compact" className="text-ui-fg-error">
            {t(`attention.kind.${item.kind}`)}
          </Text>
          <Text size="xsmall" leading="compact" className="text-ui-fg-subtle break-all">
            {item.order_id ? `${t("attention.order", { id: item.order_id })} · ` : item.cart_id ? `${t("attention.cart", { id: item.cart_id })} · ` : ""}
            {item.transaction_id
              ? t("attention.meta", { id: item.transaction_id, time: format.time(item.since) })
              : t("attention.since", { time: format.time(item.since) })}
            {reasonText(item) ? ` · ${reasonText(item)}` : ""}
          </Text>
          <div className="flex flex-wrap gap-2 pt-1">
            {item.actions.map((action) => (
              <Button
                key={action}
                size="small"
                variant={action === "refund" || action === "cancel_order" ? "danger" : "secondary"}
                isLoading={busy === `${item.id}:${action}`}
                disabled={busy !== null}
                onClick={() => act(item, action)}
                data-testid={`jetpay-attention-action-${action}`}
              >
                {t(`attention.action.${action}`)}
              </Button>
            ))}
          </div>
        </li>
      ))}
    </ul>
  )
}
