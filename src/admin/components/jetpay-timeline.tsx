import { Text } from "@medusajs/ui"
import type { TransactionView } from "../../lib/medusa-jetpay/admin-responses"
import { formatTime } from "../lib/status-color"

type Entry = TransactionView["events"][number] & { what: string }

function eventIdOrder(a: Entry, b: Entry): number {
  return a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** What each event's processing came to: applied, still waiting, or failing with its error. */
function outcome(entry: Entry): { text: string; error: boolean } {
  if (entry.processed_at) return { text: `applied ${formatTime(entry.processed_at)}`, error: false }
  if (entry.error) return { text: `failed after ${entry.attempts} attempt(s): ${entry.error}`, error: true }
  return { text: "waiting to be applied", error: false }
}

/** Every webhook event of the order's payment and refunds, in Jetpay's order. */
export const JetpayTimeline = ({ transactions }: { transactions: TransactionView[] }) => {
  const entries: Entry[] = transactions
    .flatMap((transaction) =>
      transaction.events.map((event) => ({ ...event, what: transaction.kind === "credit" ? "Refund" : "Payment" }))
    )
    .sort(eventIdOrder)
  if (!entries.length) {
    return (
      <Text size="small" leading="compact" className="text-ui-fg-muted" data-testid="jetpay-timeline">
        No webhook event received yet
      </Text>
    )
  }
  return (
    <ol className="flex flex-col gap-3" data-testid="jetpay-timeline">
      {entries.map((entry, index) => {
        const result = outcome(entry)
        return (
          <li key={entry.id} className="flex flex-col gap-0.5" data-testid={`jetpay-event-${index}`}>
            <Text size="small" weight="plus" leading="compact">
              {entry.what} {entry.state}
            </Text>
            <Text size="xsmall" leading="compact" className="text-ui-fg-muted">
              {formatTime(entry.received_at)} · event {entry.id} · {entry.type}
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
