import { Text } from "@medusajs/ui"
import type { TFunction } from "i18next"
import { useTranslation } from "react-i18next"
import type { TransactionView } from "../../domain/admin-responses"
import { useFormat } from "../lib/format"

type Entry = TransactionView["events"][number] & { credit: boolean }

function eventIdOrder(a: Entry, b: Entry): number {
  return a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** What each event's processing came to: applied, still waiting, or failing with its error. */
function outcome(entry: Entry, t: TFunction, time: (iso: string | null) => string): { text: string; error: boolean } {
  if (entry.processed_at) return { text: t("timeline.applied", { time: time(entry.processed_at) }), error: false }
  if (entry.error) return { text: t("timeline.failed", { count: entry.attempts, error: entry.error }), error: true }
  return { text: t("timeline.waiting"), error: false }
}

/** Jetpay's spellings of one state (`canceled`, `deleted`: `cancelled`), as the API normalizes them. */
const STATE_ALIASES: Record<string, string> = { canceled: "cancelled", deleted: "cancelled" }

/** A Jetpay state in the admin's language; one Jetpay does not document is shown as it came. */
function stateText(state: string | null, t: TFunction): string {
  if (!state) return ""
  const cleaned = state.trim().toLowerCase()
  return t(`timeline.state.${STATE_ALIASES[cleaned] ?? cleaned}`, { defaultValue: state })
}

/** A Jetpay event type (`transactions.debits.updated`) in words; another type as it came. */
function typeText(type: string, t: TFunction): string {
  return t(`timeline.type.${type.replace(/\./g, "_")}`, { defaultValue: type })
}

/** Every webhook event of the order's payment and refunds, in Jetpay's order. */
export const JetpayTimeline = ({ transactions }: { transactions: TransactionView[] }) => {
  const { t } = useTranslation("jetpay")
  const format = useFormat()
  const entries: Entry[] = transactions
    .flatMap((transaction) => transaction.events.map((event) => ({ ...event, credit: transaction.kind === "credit" })))
    .sort(eventIdOrder)
  if (!entries.length) {
    // A transaction past `requested` had events: processed ones are deleted after the retention period.
    const pruned = transactions.some((transaction) => transaction.state !== "requested")
    return (
      <Text size="small" leading="compact" className="text-ui-fg-muted" data-testid="jetpay-timeline">
        {t(pruned ? "timeline.pruned" : "timeline.none")}
      </Text>
    )
  }
  return (
    <ol className="flex flex-col gap-3" data-testid="jetpay-timeline">
      {entries.map((entry, index) => {
        const result = outcome(entry, t, format.time)
        return (
          <li key={entry.id} className="flex flex-col gap-0.5" data-testid={`jetpay-event-${index}`}>
            <Text size="small" weight="plus" leading="compact">
              {t(entry.credit ? "timeline.refund" : "timeline.payment")} {stateText(entry.state, t)}
            </Text>
            <Text size="xsmall" leading="compact" className="text-ui-fg-muted">
              {t("timeline.line", { time: format.time(entry.received_at), id: entry.id, type: typeText(entry.type, t) })}
            </Text>
            <Text size="xsmall" leading="compact" className={result.error ? "text-ui-fg-error" : "text-ui-fg-muted"}>
              {result.text}
            </Text>
          </li>
        )
      })}
    </ol>
  )
}
