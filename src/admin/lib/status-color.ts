import type { AdminStatusCode } from "../../domain/admin-status"

type BadgeColor = "green" | "red" | "blue" | "orange" | "grey" | "purple"

/** The dashboard's colours: green done, blue in progress, orange needs a look, red went wrong. */
export function statusColor(code: AdminStatusCode): BadgeColor {
  switch (code) {
    case "settled":
    case "paid_out":
      return "green"
    case "authorized":
    case "awaiting_settlement":
    case "paying_out":
      return "blue"
    case "waiting":
    case "awaiting_payee":
    case "partially_refunded":
    case "refund_on_settlement":
      return "orange"
    case "refund_due":
      return "red"
    case "refunded":
      return "purple"
    case "failed":
    case "reversed":
      return "red"
    case "cancelled":
    case "not_sent":
    case "unknown":
      return "grey"
    default: {
      const unhandled: never = code
      return unhandled
    }
  }
}
