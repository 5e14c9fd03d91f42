import { JetpayWebhookPayloadError } from "../errors"
import {
  cancelResultSchema,
  contactSchema,
  creditSchema,
  debitSchema,
  jwksSchema,
  parseWebhookBatch,
  safeParseWith,
  transactionStatusSchema,
  webhookListSchema,
  webhookSchema,
} from "../schemas"

const event = {
  id: 45678,
  createdAt: "2026-01-22T10:15:30.123456Z",
  type: "transactions.debits.created",
  data: { state: "requested", transactionId: "0b0c1f4e-2f7a-4b55-8c1e-5a9f0a1b2c3d" },
}
const webhook = {
  id: 7,
  identifier: "wh-1",
  callback_url: "https://shop.example/hooks/jetpay",
  state: "active",
  last_sent_event_id: null,
}

const TX = "0b0c1f4e-2f7a-4b55-8c1e-5a9f0a1b2c3d"

describe("parseWebhookBatch", () => {
  it("returns the documented batch, keeping extra data fields and naming the transaction", () => {
    const batch = parseWebhookBatch({
      webhookId: 123,
      events: [{ ...event, data: { ...event.data, amount: 10000 } }],
      extra: true,
    })
    expect(batch.webhookId).toBe(123)
    expect(batch.events[0]).toEqual({
      ...event,
      data: { ...event.data, amount: 10000 },
      transaction: { id: TX, state: "requested" },
    })
  })

  it("accepts an empty batch", () => {
    expect(parseWebhookBatch({ webhookId: 1, events: [] }).events).toEqual([])
  })

  // Events that are not about a transaction are accepted with transaction: null, so that the batch
  // (and every payment event behind it) is never refused for them.
  it.each<[string, string, Record<string, unknown>, { id: string; state: string } | null]>([
    ["a debit created", "transactions.debits.created", { state: "requested", transactionId: TX }, { id: TX, state: "requested" }],
    ["a credit update", "transactions.credits.updated", { state: "processing", transactionId: TX }, { id: TX, state: "processing" }],
    ["an unknown state", "transactions.debits.updated", { state: "on_hold", transactionId: TX }, { id: TX, state: "on_hold" }],
    ["blanks around the fields", "transactions.debits.updated", { state: " paid ", transactionId: ` ${TX} ` }, { id: TX, state: "paid" }],
    // The type prefix is not required: a transaction event under an unguessed name still counts.
    ["an unprefixed type with both fields", "payments.updated", { state: "paid", transactionId: TX }, { id: TX, state: "paid" }],
    ["a company update", "company.updated", { companyId: "co-1", name: "Shop Inc." }, null],
    ["a KYC status", "kyc.status_changed", { status: "approved", level: 2 }, null],
    ["a card tokenization", "cards.tokenized", { token: "tok_1", last4: "4242" }, null],
    ["a platform event with empty data", "platform.maintenance", {}, null],
    ["a user action with nested data", "users.login", { user: { id: 5 }, at: ["x"] }, null],
    ["a transaction event without state", "transactions.debits.updated", { transactionId: TX }, null],
    ["a transaction event without id", "transactions.debits.updated", { state: "paid" }, null],
    ["an empty transactionId", "transactions.debits.updated", { state: "paid", transactionId: "" }, null],
    ["a blank state", "transactions.debits.updated", { state: "  ", transactionId: TX }, null],
    ["a numeric transactionId", "transactions.debits.updated", { state: "paid", transactionId: 42 }, null],
    ["a state that is not a string", "transactions.debits.updated", { state: { code: 1 }, transactionId: TX }, null],
  ])("accepts %s (%s), transaction %j", (_label, type, data, transaction) => {
    const batch = parseWebhookBatch({ webhookId: 1, events: [{ id: 7, createdAt: "2026-01-22T10:15:30Z", type, data }] })
    expect(batch.events).toEqual([{ id: 7, createdAt: "2026-01-22T10:15:30Z", type, data, transaction }])
  })

  it("keeps every event of a mixed batch in order", () => {
    const batch = parseWebhookBatch({
      webhookId: 9,
      events: [
        { ...event, id: 1 },
        { id: 2, createdAt: "2026-01-22T10:15:31Z", type: "company.updated", data: { name: "x" } },
        { ...event, id: 3, data: { state: "paid", transactionId: TX } },
      ],
    })
    expect(batch.events.map((parsed) => [parsed.id, parsed.transaction?.state ?? null])).toEqual([
      [1, "requested"],
      [2, null],
      [3, "paid"],
    ])
  })

  it.each<[string, unknown, string]>([
    ["no webhookId", { events: [event] }, "webhookId: Required"],
    ["a string webhookId", { webhookId: "123", events: [event] }, "webhookId: Invalid input: expected number, received string"],
    ["no events", { webhookId: 1 }, "events: Required"],
    ["events that are not an array", { webhookId: 1, events: { 0: event } }, "events: Invalid input: expected array"],
    ["an event without id", { webhookId: 1, events: [{ ...event, id: undefined }] }, "events.0.id: Required"],
    ["an event with a string id", { webhookId: 1, events: [event, { ...event, id: "45679" }] }, "events.1.id: Invalid input: expected number"],
    ["a fractional event id", { webhookId: 1, events: [{ ...event, id: 1.5 }] }, "events.0.id:"],
    ["an event without createdAt", { webhookId: 1, events: [{ ...event, createdAt: undefined }] }, "events.0.createdAt: Required"],
    ["an event without type", { webhookId: 1, events: [{ ...event, type: undefined }] }, "events.0.type: Required"],
    ["an event without data", { webhookId: 1, events: [{ ...event, data: undefined }] }, "events.0.data: Required"],
    ["an event whose data is null", { webhookId: 1, events: [{ ...event, data: null }] }, "events.0.data:"],
    ["an event whose data is an array", { webhookId: 1, events: [{ ...event, data: [] }] }, "events.0.data:"],
    ["an event that is not an object", { webhookId: 1, events: ["event"] }, "events.0: Invalid input"],
    ["not an object", "hello", "(body): Invalid input"],
    ["null", null, "(body): Invalid input"],
  ])("names the field when the batch has %s", (_label, json, fragment) => {
    expect(() => parseWebhookBatch(json)).toThrow(JetpayWebhookPayloadError)
    expect(() => parseWebhookBatch(json)).toThrow(fragment)
  })

  it("never echoes values in its message", () => {
    const error = (() => {
      try {
        parseWebhookBatch({ webhookId: "jane@example.com", events: [] })
      } catch (caught) {
        return caught
      }
    })()
    expect(String(error)).not.toContain("jane@example.com")
    expect(JSON.stringify(error)).not.toContain("jane@example.com")
  })
})

describe("response schemas", () => {
  it.each([
    ["present", { customer_surcharge_amount: 350 }, 350],
    ["absent", {}, 0],
    ["null", { customer_surcharge_amount: null }, 0],
  ])("debit surcharge %s -> %i", (_label, extra, expected) => {
    const debit = debitSchema.parse({ identifier: "d-1", link: "https://jetpay.example/pay/d-1", amount: 10000, ...extra })
    expect(debit.customer_surcharge_amount).toBe(expected)
  })

  it.each<[string, unknown, boolean]>([
    ["a debit without link", { identifier: "d-1", amount: 1 }, false],
    ["a debit whose link is not a URL", { identifier: "d-1", link: "pay here", amount: 1 }, false],
    ["a debit with a fractional amount", { identifier: "d-1", link: "https://x.example/p", amount: 1.5 }, false],
    ["a debit with extra fields", { identifier: "d-1", link: "https://x.example/p", amount: 1, currency: "CAD" }, true],
  ])("%s parses: %s", (_label, body, ok) => {
    expect(debitSchema.safeParse(body).success).toBe(ok)
  })

  it.each<[unknown, boolean]>([
    [{ state: "failed", fail_reason: "account_frozen", fail_direction: "pull" }, true],
    [{ state: "paid" }, true],
    [{ state: "paid", fail_reason: null, fail_direction: null }, true],
    [{ state: "something_new", fail_direction: "sideways" }, true],
    [{ state: "" }, false],
    [{ fail_reason: "x" }, false],
  ])("transaction status %j parses: %s", (body, ok) => {
    expect(transactionStatusSchema.safeParse(body).success).toBe(ok)
  })

  it.each<[unknown, unknown]>([
    [{ ok: true }, { ok: true }],
    [{ ok: false }, { ok: false }],
    [undefined, { ok: true }],
    ["", { ok: true }],
  ])("cancel answer %j -> %j", (body, expected) => {
    expect(cancelResultSchema.parse(body)).toEqual(expected)
  })

  it("refuses a cancel answer without ok", () => {
    expect(cancelResultSchema.safeParse({ deleted: true }).success).toBe(false)
  })

  it.each<[string, unknown]>([
    ["a bare array", [webhook]],
    ["items", { items: [webhook], total: 1 }],
    ["results", { results: [webhook], next: null }],
    ["webhooks", { webhooks: [webhook] }],
  ])("webhook list as %s", (_label, body) => {
    expect(webhookListSchema.parse(body)).toEqual([webhook])
  })

  it("refuses a webhook list of another shape", () => {
    expect(webhookListSchema.safeParse({ data: [webhook] }).success).toBe(false)
  })

  it.each(["backing off", "backing_off", "failed", "paused", "something_new"])("accepts a webhook in state %j", (state) => {
    expect(webhookSchema.parse({ ...webhook, state }).state).toBe(state)
  })

  it("accepts a webhook id as a number or a string", () => {
    expect(webhookSchema.parse({ ...webhook, id: "7" }).id).toBe("7")
  })

  it("parses a contact with nulls and extra fields", () => {
    expect(contactSchema.parse({ identifier: "c-1", email: null, name: "Jane", tags: ["medusa"], phone: "x" })).toEqual({
      identifier: "c-1",
      email: null,
      name: "Jane",
      tags: ["medusa"],
    })
  })

  it.each<[unknown, boolean]>([
    [{ identifier: "cr-1", link: "https://x.example/credit" }, true],
    [{ identifier: "cr-1", state: "processing", link: null }, true],
    [{ link: "https://x.example/credit" }, false],
  ])("credit %j parses: %s", (body, ok) => {
    expect(creditSchema.safeParse(body).success).toBe(ok)
  })

  it("keeps every member of a JWK", () => {
    const jwk = { kty: "RSA", kid: "k1", n: "abc", e: "AQAB", alg: "RS256", use: "sig" }
    expect(jwksSchema.parse({ keys: [jwk] }).keys[0]).toEqual(jwk)
  })
})

describe("safeParseWith", () => {
  it("says Required for a missing field and names nested paths", () => {
    const outcome = safeParseWith(debitSchema, { identifier: "d-1", amount: 1 })
    expect(outcome).toEqual({ ok: false, issues: ["link: Required"] })
  })

  it("reports at most five issues", () => {
    const outcome = safeParseWith(webhookListSchema, [{}, {}])
    expect(outcome.ok).toBe(false)
    if (!outcome.ok) {
      expect(outcome.issues).toHaveLength(6)
      expect(outcome.issues[5]).toMatch(/^and \d+ more$/)
    }
  })
})
