import { JetpayInvalidRequestError } from "../errors"
import {
  buildContactBody,
  buildCreditBody,
  buildDebitBody,
  buildRegisterWebhookBody,
  buildUpdateWebhookBody,
  encodePathId,
} from "../request-bodies"
import { JETPAY_PATHS } from "../constants"

const debit = { amount: 10000, statement: "SHOP ORDER 1001", toBankAccount: "ba-1", contactId: "c-1" }
const credit = { amount: 2500, statement: "SHOP REFUND 1001", fromBankAccount: "ba-1", contactId: "c-1" }

function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error("expected a throw")
}

describe("buildDebitBody", () => {
  it("maps to Jetpay's field names", () => {
    expect(buildDebitBody({ ...debit, note: "cart_123" })).toEqual({
      amount: 10000,
      statement: "SHOP ORDER 1001",
      note: "cart_123",
      to_bank_account: "ba-1",
      contact_id: "c-1",
    })
  })

  it("leaves out an absent note", () => {
    expect(buildDebitBody(debit)).not.toHaveProperty("note")
  })

  it.each([
    ["zero", 0],
    ["negative", -100],
    ["fractional (dollars where cents were meant)", 10.5],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["beyond safe integers", 2 ** 53],
  ])("refuses a %s amount before sending", (_label, amount) => {
    const error = thrown(() => buildDebitBody({ ...debit, amount }))
    expect(error).toBeInstanceOf(JetpayInvalidRequestError)
    expect(String(error)).toContain("Cannot send PUT /debit to Jetpay: amount: must be a positive whole number")
  })

  it.each([
    ["an amount given as a string", { ...debit, amount: "100" }, "amount:"],
    ["a statement over 30 characters", { ...debit, statement: "x".repeat(31) }, "statement: must be at most 30 characters"],
    ["an empty statement", { ...debit, statement: "" }, "statement:"],
    ["no bank account", { ...debit, toBankAccount: " " }, "toBankAccount:"],
    ["no contact", { ...debit, contactId: undefined }, "contactId: Required"],
  ])("refuses %s", (_label, input, fragment) => {
    // @ts-expect-error: wrong on purpose, as a caller in plain JavaScript could pass it
    expect(() => buildDebitBody(input)).toThrow(fragment)
  })

  it("counts characters, not bytes, in the statement", () => {
    expect(buildDebitBody({ ...debit, statement: "é".repeat(30) }).statement).toHaveLength(30)
  })
})

describe("buildCreditBody", () => {
  it.each([
    ["without a payee account", credit, { amount: 2500, statement: "SHOP REFUND 1001", from_bank_account: "ba-1", contact_id: "c-1" }],
    [
      "with a payee account and a note",
      { ...credit, toBankAccount: "payee-1", note: "order 1001" },
      {
        amount: 2500,
        statement: "SHOP REFUND 1001",
        note: "order 1001",
        from_bank_account: "ba-1",
        contact_id: "c-1",
        to_bank_account: "payee-1",
      },
    ],
  ])("maps %s", (_label, input, expected) => {
    expect(buildCreditBody(input)).toEqual(expected)
  })

  it("refuses a zero amount", () => {
    expect(() => buildCreditBody({ ...credit, amount: 0 })).toThrow("Cannot send PUT /credit to Jetpay: amount:")
  })
})

describe("buildContactBody", () => {
  it("defaults tags to an empty list", () => {
    expect(buildContactBody({ email: "jane@example.com", name: "Jane Doe", language: "fr" })).toEqual({
      email: "jane@example.com",
      name: "Jane Doe",
      tags: [],
      language: "fr",
    })
  })

  it("refuses an unknown language without echoing the email", () => {
    // @ts-expect-error: wrong on purpose
    const error = thrown(() => buildContactBody({ email: "jane@example.com", name: "Jane", language: "de" }))
    expect(String(error)).toContain("language:")
    expect(String(error)).not.toContain("jane@example.com")
    expect(JSON.stringify(error)).not.toContain("jane@example.com")
  })
})

describe("webhook bodies", () => {
  it("maps every field to Jetpay's names", () => {
    expect(
      buildRegisterWebhookBody({
        callbackUrl: "https://shop.example/hooks/jetpay",
        callbackApiKey: "k",
        maxBatchSize: 10,
        maxWaitSeconds: 60,
        replayFromTimestamp: new Date("2026-01-22T10:15:30.000Z"),
      }),
    ).toEqual({
      callback_url: "https://shop.example/hooks/jetpay",
      callback_api_key: "k",
      max_batch_size: 10,
      max_wait_seconds: 60,
      replay_from_timestamp: "2026-01-22T10:15:30.000Z",
    })
  })

  it.each([
    ["a batch size of 0", { maxBatchSize: 0 }, "maxBatchSize:"],
    ["a batch size of 101", { maxBatchSize: 101 }, "maxBatchSize:"],
    ["a negative wait", { maxWaitSeconds: -1 }, "maxWaitSeconds:"],
    ["a wait of 3601 s", { maxWaitSeconds: 3601 }, "maxWaitSeconds:"],
    ["both replay starts", { replayFromEventId: 1, replayFromTimestamp: "2026-01-22T10:15:30Z" }, "not both"],
    ["a replay timestamp that is not ISO", { replayFromTimestamp: "yesterday" }, "replayFromTimestamp:"],
    ["a callback that is not a URL", { callbackUrl: "not a url" }, "callbackUrl:"],
  ])("refuses %s", (_label, fields, fragment) => {
    expect(() => buildRegisterWebhookBody({ callbackUrl: "https://shop.example/hooks", ...fields })).toThrow(fragment)
  })

  it("builds a patch of the given fields only", () => {
    expect(buildUpdateWebhookBody({ maxBatchSize: 50, replayFromEventId: 45678 }, "/webhooks/wh-1")).toEqual({
      max_batch_size: 50,
      replay_from_event_id: 45678,
    })
  })

  it("leaves Jetpay's 60 s minimum wait to Jetpay (a sandbox may allow less)", () => {
    expect(buildRegisterWebhookBody({ callbackUrl: "https://shop.example/hooks", maxWaitSeconds: 0 })).toEqual({
      callback_url: "https://shop.example/hooks",
      max_wait_seconds: 0,
    })
  })

  it.each([
    ["a pause", { state: "paused" as const }, { state: "paused" }],
    ["removing the callback key", { callbackApiKey: null }, { callback_api_key: null }],
    ["a new callback key", { callbackApiKey: "k2" }, { callback_api_key: "k2" }],
  ])("builds a patch with %s", (_label, patch, expected) => {
    expect(buildUpdateWebhookBody(patch, "/webhooks/wh-1")).toEqual(expected)
  })

  it("refuses an unknown webhook state", () => {
    // @ts-expect-error: wrong on purpose
    expect(() => buildUpdateWebhookBody({ state: "deleted" }, "/webhooks/wh-1")).toThrow("state:")
  })

  it("refuses an empty patch", () => {
    expect(() => buildUpdateWebhookBody({}, "/webhooks/wh-1")).toThrow("Cannot send PATCH /webhooks/wh-1 to Jetpay: (body): nothing to update")
  })
})

describe("encodePathId", () => {
  it.each([
    ["0b0c1f4e-2f7a-4b55-8c1e-5a9f0a1b2c3d", "/transaction/0b0c1f4e-2f7a-4b55-8c1e-5a9f0a1b2c3d/status"],
    ["a/b c?d#e", "/transaction/a%2Fb%20c%3Fd%23e/status"],
    ["../../admin", "/transaction/..%2F..%2Fadmin/status"],
  ])("%j -> %s", (id, expected) => {
    expect(encodePathId(id, "GET", JETPAY_PATHS.transactionStatus)).toBe(expected)
  })

  it.each(["", "  ", undefined, 42])("refuses %j", (id) => {
    expect(() => encodePathId(id, "GET", JETPAY_PATHS.transactionStatus)).toThrow(
      "Cannot send GET /transaction/{id}/status to Jetpay: id: must be a non-empty string",
    )
  })
})
