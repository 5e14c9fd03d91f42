import { Button, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import type { AttentionAction, AttentionItem, AttentionKind, AttentionResponse } from "../../lib/medusa-jetpay/admin-responses"
import { adminFetch } from "../lib/admin-fetch"
import { formatTime } from "../lib/status-color"

const KIND_TEXT: Record<AttentionKind, string> = {
  paid_without_order: "Paid in Jetpay, but no order: completing the cart failed",
  amount_mismatch: "Paid a different amount than the cart totals: no order was made",
  failed_debit: "Payment failed after the order was placed: do not ship",
  refund_unknown: "Refund with an unknown outcome: Jetpay did not answer",
  refund_failed: "Refund failed: the customer was not refunded",
  reversal: "Payment came back after it settled (EFT return)",
}

const ACTION_TEXT: Record<AttentionAction, string> = {
  retry: "Retry the order",
  refund: "Refund the payer",
  cancel_order: "Cancel the order",
  refund_sent: "It was sent",
  refund_not_sent: "It was not sent",
  dismiss: "Mark as handled",
}

/** Actions that move money or cannot be undone ask first. */
const CONFIRM: Partial<Record<AttentionAction, string>> = {
  refund: "A Jetpay credit for the whole amount goes to the payer. It cannot be undone.",
  cancel_order: "The order is canceled and its items are released.",
  refund_sent: "Only if Jetpay's dashboard shows this credit. It is then recorded as a refund of the order.",
  refund_not_sent: "Only if Jetpay's dashboard shows no such credit. Refunds of this payment are allowed again.",
}

/** The needs-attention list: each item says what went wrong with money and offers what resolves it. */
export const JetpayAttention = ({ items, onChange }: { items: AttentionItem[]; onChange: () => Promise<void> }) => {
  const prompt = usePrompt()
  const [busy, setBusy] = useState<string | null>(null)

  if (!items.length) {
    return (
      <Text size="small" leading="compact" className="text-ui-fg-muted" data-testid="jetpay-attention-empty">
        Nothing needs attention
      </Text>
    )
  }

  async function act(item: AttentionItem, action: AttentionAction) {
    const warning = CONFIRM[action]
    if (warning) {
      const confirmed = await prompt({ title: `${ACTION_TEXT[action]}?`, description: warning, confirmText: ACTION_TEXT[action], cancelText: "Back" })
      if (!confirmed) return
    }
    setBusy(`${item.id}:${action}`)
    try {
      await adminFetch<AttentionResponse>("/admin/jetpay/attention", { method: "POST", body: { item_id: item.id, action } })
      toast.success(`${ACTION_TEXT[action]}: done`)
    } catch (failure) {
      toast.error(failure instanceof Error ? failure.message : String(failure))
    } finally {
      setBusy(null)
      await onChange()
    }
  }

  return (
    <ul className="flex flex-col gap-4" data-testid="jetpay-attention">
      {items.map((item) => (
        <li key={item.id} className="flex flex-col gap-1" data-testid={`jetpay-attention-${item.kind}`}>
          <Text size="small" weight="plus" leading="compact" className="text-ui-fg-error">
            {KIND_TEXT[item.kind]}
          </Text>
          <Text size="xsmall" leading="compact" className="text-ui-fg-subtle break-all">
            {item.order_id ? `Order ${item.order_id} · ` : item.cart_id ? `Cart ${item.cart_id} · ` : ""}
            Jetpay {item.transaction_id} · since {formatTime(item.since)}
            {item.reason ? ` · ${item.reason}` : ""}
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
                {ACTION_TEXT[action]}
              </Button>
            ))}
          </div>
        </li>
      ))}
    </ul>
  )
}
