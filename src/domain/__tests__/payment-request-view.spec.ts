import { paymentRequestStatus, paymentRequestView, type PaymentRequestRecord } from "../payment-request-view"

const details = {
  email: "marie@example.com",
  name: "Marie Tremblay",
  language: "fr",
  language_source: "address",
  amount: "49.99",
  currency_code: "cad",
  notifications: [
    { at: "2026-11-30T15:00:00.000Z", notification_id: "noti_1", error: null },
    { at: "2026-11-30T16:00:00.000Z", notification_id: null, error: "no provider for channel email" },
  ],
  canceled_at: null,
}
const record: PaymentRequestRecord = {
  id: "jptx_1",
  jetpay_id: "4b1c",
  state: "requested",
  amount: 4999,
  surcharge: 175,
  link: "https://jetpay.example/payment/pay/4b1c",
  fail_reason: null,
  payment_id: null,
  payment_collection_id: "pay_col_2",
  payment_session_id: "payses_1",
  order_id: "order_1",
  created_at: "2026-11-30T15:00:00.000Z",
  request: details,
}

describe("paymentRequestStatus", () => {
  it.each<[string, string | null, string]>([
    ["requested", null, "open"],
    ["initiated", null, "authorized"],
    ["paid", null, "authorized"],
    ["completed", null, "paid"],
    ["failed", null, "failed"],
    ["cancelled", null, "canceled"],
    ["deleted", null, "canceled"],
    ["requested", "2026-11-30T17:00:00.000Z", "canceled"],
    // Paid before the cancel reached Jetpay: what happened to the money wins.
    ["completed", "2026-11-30T17:00:00.000Z", "paid"],
    ["something_new", null, "open"],
  ])("%s, canceled_at %s -> %s", (state, canceledAt, status) => {
    expect(paymentRequestStatus({ state }, { ...details, language: "fr", canceled_at: canceledAt, notifications: [] })).toBe(status)
  })
})

describe("paymentRequestView", () => {
  it("shows an open request with its link, its sendings and the last sending's error", () => {
    expect(paymentRequestView(record, "cad")).toMatchObject({
      id: "jptx_1",
      status: "open",
      amount_formatted: "$49.99",
      link: record.link,
      language: "fr",
      sent_at: "2026-11-30T15:00:00.000Z",
      sent_count: 1,
      notification_error: "no provider for channel email",
      canceled_at: null,
      cancel_reason: null,
    })
  })

  it("hides the link once it cannot be paid", () => {
    expect(paymentRequestView({ ...record, state: "completed" }, "cad").link).toBeNull()
    const canceled = paymentRequestView({ ...record, request: { ...details, canceled_at: "2026-11-30T17:00:00.000Z", cancel_reason: "superseded" } }, "cad")
    expect(canceled).toMatchObject({ status: "canceled", link: null, canceled_at: "2026-11-30T17:00:00.000Z", cancel_reason: "superseded" })
  })

  it("shows an order before payment's reminder, and its request closed at the expiry", () => {
    const reminded = { ...details, expires_at: "2026-12-30T15:00:00.000Z", remind_at: "2026-12-07T15:00:00.000Z", reminded_at: "2026-12-07T15:00:01.000Z" }
    expect(paymentRequestView({ ...record, request: reminded }, "cad")).toMatchObject({ status: "open", link: record.link, reminded_at: "2026-12-07T15:00:01.000Z" })
    const expired = { ...reminded, canceled_at: "2026-12-30T15:00:02.000Z", cancel_reason: "expired" }
    expect(paymentRequestView({ ...record, state: "cancelled", request: expired }, "cad")).toMatchObject({
      status: "canceled",
      link: null,
      cancel_reason: "expired",
      canceled_at: "2026-12-30T15:00:02.000Z",
    })
  })

  it("reads a record whose details are missing", () => {
    expect(paymentRequestView({ ...record, request: null }, "cad")).toMatchObject({ status: "open", email: null, sent_count: 0 })
  })
})
