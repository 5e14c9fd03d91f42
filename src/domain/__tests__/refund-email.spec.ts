import {
  creditClaim,
  readRefundEmailRecord,
  refundEmail,
  refundEmailRetryAt,
  refundEmailRetryStep,
  refundEmailView,
  resendRefusal,
  type RefundEmailInput,
} from "../refund-email"

const input: RefundEmailInput = {
  language: "en",
  store_name: "Érablière <Demo>",
  customer_name: "Marie Tremblay",
  order_id: "order_1",
  order_display_id: 12,
  currency_code: "cad",
  amount_cents: 123456,
  surcharge_cents: 0,
  link: "https://jetpay.example/payment/receive/abc?x=1&y=2",
  refunded_at: "2026-11-30T15:00:00Z",
}
const nbsp = "\u00a0"

describe("refundEmail", () => {
  it.each<["en" | "fr", string, string, string]>([
    ["en", "Your refund for order #12: $1,234.56", "Refund: $1,234.56", "Refunded on: November 30, 2026"],
    [
      "fr",
      `Votre remboursement pour la commande no${nbsp}12${nbsp}: 1${nbsp}234,56${nbsp}$`,
      `Remboursement${nbsp}: 1${nbsp}234,56${nbsp}$`,
      `Remboursé le${nbsp}: 30 novembre 2026`,
    ],
  ])("%s: subject, amount, order and date in the language's format, with the link", (language, subject, amountLine, dateLine) => {
    const email = refundEmail({ ...input, language })
    expect(email.subject).toBe(subject)
    expect(email.text.split("\n")).toEqual(expect.arrayContaining([amountLine, dateLine]))
    expect(email).toMatchObject({ language, locale: `${language}-CA`, link: input.link, amount: 123456, order_display_id: "12" })
    expect(email.text).toContain(input.link)
    expect(email.subject + email.text + email.html).not.toMatch(/\{\w+\}/)
  })

  it("says a returned card fee is included, in the customer's language", () => {
    expect(refundEmail({ ...input, surcharge_cents: 350 }).text).toContain("This includes the card fee of $3.50 you paid.")
    expect(refundEmail({ ...input, language: "fr", surcharge_cents: 350 }).text).toContain(`les frais de carte de 3,50${nbsp}$`)
    expect(refundEmail(input).surcharge_formatted).toBeNull()
  })

  it("escapes HTML in names and the link", () => {
    const email = refundEmail(input)
    expect(email.html).toContain("Érablière &lt;Demo&gt;")
    expect(email.html).toContain('href="https://jetpay.example/payment/receive/abc?x=1&amp;y=2"')
  })
})

describe("creditClaim", () => {
  it.each([
    ["requested", "unclaimed"],
    ["processing", "claimed"],
    ["initiated", "claimed"],
    ["completed", "claimed"],
    ["failed", "closed"],
    ["cancelled", "closed"],
    ["canceled", "closed"],
    ["on_hold", "unknown"],
  ])("%s -> %s", (state, claim) => {
    expect(creditClaim(state)).toBe(claim)
  })
})

describe("refundEmailView and resendRefusal", () => {
  const credit = {
    jetpay_id: "c-1",
    kind: "credit",
    state: "requested",
    link: "https://jetpay.example/payment/receive/c-1",
    order_id: "order_1",
    created_at: "2026-11-30T15:00:00Z",
    refund_email: {
      language: "fr",
      sendings: [
        { at: "2026-11-30T15:00:01Z", notification_id: "noti_1", error: null },
        { at: "2026-12-01T15:00:00Z", notification_id: null, error: "provider down" },
      ],
    },
  }
  it("an unclaimed credit: since when, emails sent, the last error, resendable", () => {
    expect(refundEmailView(credit)).toEqual({
      claim: "unclaimed",
      unclaimed_since: "2026-11-30T15:00:00.000Z",
      sent_count: 1,
      last_sent_at: "2026-11-30T15:00:01Z",
      notification_error: "provider down",
      language: "fr",
      tries: 0,
      next_try_at: null,
      gave_up: false,
      can_resend: true,
    })
    expect(resendRefusal(credit)).toBeNull()
  })

  it("a refund's own email not sent yet: its tries, when the reconciliation tries it again, or that it gave up", () => {
    const failing = {
      ...credit,
      refund_email: { language: "en", tries: 3, sendings: [{ at: "2026-11-30T15:00:01Z", notification_id: null, error: "provider down" }] },
      refund_email_retry_at: new Date("2026-11-30T15:05:00Z"),
    }
    expect(refundEmailView(failing)).toMatchObject({ sent_count: 0, tries: 3, next_try_at: "2026-11-30T15:05:00.000Z", gave_up: false, can_resend: true })
    const givenUp = { ...failing, refund_email: { ...failing.refund_email, tries: 8, gave_up_at: "2026-12-01T00:00:00Z" }, refund_email_retry_at: null }
    expect(refundEmailView(givenUp)).toMatchObject({ tries: 8, next_try_at: null, gave_up: true, can_resend: true })
    // Sent by a resend, or claimed since: nothing pending any more.
    const resent = { ...givenUp, refund_email: { ...givenUp.refund_email, sendings: [...givenUp.refund_email.sendings, { at: "2026-12-02T00:00:00Z", notification_id: "noti_9", error: null }] } }
    expect(refundEmailView(resent)).toMatchObject({ sent_count: 1, tries: 0, next_try_at: null, gave_up: false })
    expect(refundEmailView({ ...failing, state: "processing" })).toMatchObject({ tries: 0, next_try_at: null, gave_up: false })
  })

  it.each<[Partial<typeof credit>, RegExp]>([
    [{ state: "processing" }, /already claimed: the customer entered their bank account/],
    [{ state: "completed" }, /already claimed/],
    [{ state: "failed" }, /is failed at Jetpay: its link no longer works/],
    [{ state: "weird" }, /state Jetpay does not document \(weird\)/],
    [{ link: null as never }, /has no payee link/],
    [{ order_id: null as never }, /belongs to no order/],
  ])("refuses to resend %p", (change, message) => {
    const record = { ...credit, ...change }
    expect(resendRefusal(record)).toMatch(message)
    expect(refundEmailView(record)!.can_resend).toBe(false)
  })

  it("a debit has no refund email; a credit never emailed shows none sent", () => {
    expect(refundEmailView({ ...credit, kind: "debit" })).toBeNull()
    expect(refundEmailView({ ...credit, refund_email: null })).toMatchObject({ sent_count: 0, last_sent_at: null, notification_error: null, language: null })
  })
})

describe("refundEmailRetryStep and refundEmailRetryAt", () => {
  const record = (tries: number, sent = false) =>
    readRefundEmailRecord({
      language: "en",
      tries,
      sendings: [{ at: "2026-11-30T15:00:01Z", notification_id: sent ? "noti_1" : null, error: sent ? null : "provider down" }],
    })
  it.each<[string, ReturnType<typeof record>, boolean, string]>([
    ["a failed first try: again", record(1), true, "try"],
    ["a try whose process died before any sending was recorded: again", readRefundEmailRecord({ language: "en", tries: 1, sendings: [] }), true, "try"],
    ["seven failed tries: an eighth", record(7), true, "try"],
    ["eight failed tries: given up", record(8), true, "give_up"],
    ["sent (by a try or a resend): done", record(3, true), true, "done"],
    ["claimed, closed, or without a link or an order: done", record(1), false, "done"],
  ])("%s", (_label, value, worthSending, step) => {
    expect(refundEmailRetryStep(value, worthSending)).toBe(step)
  })

  it.each([
    [1, 5_000],
    [2, 10_000],
    [3, 20_000],
    [20, 3_600_000],
  ])("after try %i, waits %i ms (the run's interval, doubling, at most an hour)", (tries, waitMs) => {
    const now = new Date("2026-11-30T15:00:00Z")
    expect(refundEmailRetryAt(tries, now, 5_000).getTime() - now.getTime()).toBe(waitMs)
  })
})
