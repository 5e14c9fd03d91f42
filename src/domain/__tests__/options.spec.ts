import { DEFAULT_TIMINGS } from "../timings"
import { parseJetpayOptions } from "../options"
import { JetpayProviderService } from "../../providers/jetpay/service"

const valid = { apiKey: "tok_123", bankAccountId: "acct-1" }

describe("provider options", () => {
  it("fills in the documented defaults", () => {
    expect(parseJetpayOptions(valid)).toEqual({
      ...valid,
      baseUrl: "https://extapi.demo.jetpay.baselinepayments.com",
      statement: "Online order",
      currency: "cad",
      cancelOrderOnFailure: false,
      eftAuthorizedOn: "completed",
      orderBeforePayment: { enabled: false, expireAfterMs: 30 * 86_400_000, reminderAfterMs: 7 * 86_400_000 },
      attentionEmails: [],
      refundSurcharge: "never",
      allowDemoHost: false,
      singleProcess: false,
      timeoutMs: 10000,
      webhookJwksUrl: "https://extapi.demo.jetpay.baselinepayments.com/.well-known/jwks.json",
      webhookApiKeyHeader: "x-callback-api-key",
      timings: DEFAULT_TIMINGS,
    })
  })

  it("takes any subset of the timings and fills in the rest with production's", () => {
    const { timings } = parseJetpayOptions({ ...valid, timings: { reconcileIntervalMs: 1_000, unpaidOrderAfterMs: 5_000 } })
    expect(timings).toEqual({ ...DEFAULT_TIMINGS, reconcileIntervalMs: 1_000, unpaidOrderAfterMs: 5_000 })
    expect(DEFAULT_TIMINGS).toMatchObject({ reconcileIntervalMs: 5_000, unpaidOrderAfterMs: 45_000 })
  })

  it("derives the JWKS URL from a custom base URL and keeps explicit values", () => {
    const options = parseJetpayOptions({ ...valid, baseUrl: "http://127.0.0.1:4010/", currency: "USD", cancelOrderOnFailure: true })
    expect(options.baseUrl).toBe("http://127.0.0.1:4010")
    expect(options.webhookJwksUrl).toBe("http://127.0.0.1:4010/.well-known/jwks.json")
    expect(options.currency).toBe("usd")
    expect(options.cancelOrderOnFailure).toBe(true)
  })

  it("takes when an EFT counts as authorized", () => {
    expect(parseJetpayOptions({ ...valid, eftAuthorizedOn: "initiated" }).eftAuthorizedOn).toBe("initiated")
  })

  it("takes orders before payment, off unless enabled, with a reminder before the expiry", () => {
    const obp = (orderBeforePayment: unknown) => parseJetpayOptions({ ...valid, orderBeforePayment }).orderBeforePayment
    const DAY = 86_400_000
    expect(obp({ enabled: true })).toEqual({ enabled: true, expireAfterMs: 30 * DAY, reminderAfterMs: 7 * DAY })
    expect(obp({})).toEqual({ enabled: false, expireAfterMs: 30 * DAY, reminderAfterMs: 7 * DAY })
    // Without a reminder time, an expiry sooner than 14 days is reminded of halfway.
    expect(obp({ enabled: true, expireAfterMs: 5_000 })).toEqual({ enabled: true, expireAfterMs: 5_000, reminderAfterMs: 2_500 })
    expect(obp({ enabled: true, expireAfterMs: 10 * DAY })).toEqual({ enabled: true, expireAfterMs: 10 * DAY, reminderAfterMs: 5 * DAY })
    expect(obp({ enabled: true, expireAfterMs: 5_000, reminderAfterMs: 4_000 })).toEqual({ enabled: true, expireAfterMs: 5_000, reminderAfterMs: 4_000 })
    // null: no reminder.
    expect(obp({ enabled: true, reminderAfterMs: null })).toEqual({ enabled: true, expireAfterMs: 30 * DAY, reminderAfterMs: null })
  })

  it("takes the surcharge refund policy", () => {
    expect(parseJetpayOptions({ ...valid, refundSurcharge: "on_full_refund" }).refundSurcharge).toBe("on_full_refund")
  })

  it("takes the production-safety switches as booleans", () => {
    expect(parseJetpayOptions({ ...valid, allowDemoHost: true, singleProcess: true })).toMatchObject({ allowDemoHost: true, singleProcess: true })
  })

  it("takes staff addresses for Needs attention emails, trimmed, lower-cased, once each", () => {
    expect(parseJetpayOptions({ ...valid, attentionEmails: [" Ops@Shop.ca", "ops@shop.ca", "owner@shop.ca"] }).attentionEmails).toEqual([
      "ops@shop.ca",
      "owner@shop.ca",
    ])
  })

  it.each([
    [{ ...valid, attentionEmails: ["ops@shop.ca", "not an email"] }, /"attentionEmails.1": must be a list of email addresses/],
    [{ ...valid, attentionEmails: "ops@shop.ca" }, /"attentionEmails": .*expected array/],
    [{ bankAccountId: "a" }, /"apiKey": is required/],
    [{ apiKey: "  ", bankAccountId: "a" }, /"apiKey": is required/],
    [{ apiKey: "t" }, /"bankAccountId": is required/],
    [{ ...valid, statement: "x".repeat(31) }, /"statement": must be at most 30 characters/],
    [{ ...valid, baseUrl: "not a url" }, /"baseUrl": must be a URL/],
    // The old form stops startup and says what to write instead.
    [{ ...valid, currencies: ["cad"] }, /"currencies": is replaced by "currency".*currency: "cad"/],
    [{ ...valid, currencies: ["cad", "usd"] }, /"currencies": is replaced by "currency"/],
    [{ ...valid, currency: "dollars" }, /"currency": must be an ISO 4217 code/],
    [{ ...valid, cancelOrderOnFailure: "yes" }, /"cancelOrderOnFailure"/],
    [{ ...valid, eftAuthorizedOn: "paid" }, /"eftAuthorizedOn": must be "completed" or "initiated"/],
    [{ ...valid, orderBeforePayment: { enabled: "yes" } }, /"orderBeforePayment.enabled": must be true or false/],
    [{ ...valid, orderBeforePayment: { enable: true } }, /"orderBeforePayment"/],
    [{ ...valid, orderBeforePayment: { enabled: true, expireAfterMs: 10 } }, /"orderBeforePayment.expireAfterMs": must be at least 1000 ms/],
    [{ ...valid, orderBeforePayment: { enabled: true, expireAfterMs: 5_000, reminderAfterMs: 5_000 } }, /"orderBeforePayment.reminderAfterMs": must be less than expireAfterMs \(5000 ms\)/],
    [{ ...valid, orderBeforePayment: { enabled: true, reminderAfterMs: 31 * 86_400_000 } }, /"orderBeforePayment.reminderAfterMs": must be less than expireAfterMs/],
    [{ ...valid, orderBeforePayment: { enabled: true, reminderAfterMs: 0 } }, /"orderBeforePayment.reminderAfterMs": must be at least 1000 ms \(null: no reminder\)/],
    [{ ...valid, orderBeforePayment: { enabled: true, reminderAfterMs: 1.5 } }, /"orderBeforePayment.reminderAfterMs": must be a whole number/],
    [{ ...valid, refundSurcharge: "always" }, /"refundSurcharge": .*"never".*"on_full_refund"/],
    [{ ...valid, allowDemoHost: "yes" }, /"allowDemoHost": .*expected boolean/],
    [{ ...valid, singleProcess: 1 }, /"singleProcess": .*expected boolean/],
    [{ ...valid, timeoutMs: -1 }, /"timeoutMs"/],
    [{ ...valid, webhookJwksUrl: "nope" }, /"webhookJwksUrl"/],
    [{ ...valid, timings: { reconcileIntervalMs: 10 } }, /"timings.reconcileIntervalMs": must be at least 200 ms/],
    [{ ...valid, timings: { processedEventRetentionMs: 1_000 } }, /"timings.processedEventRetentionMs": must be at least 60000 ms/],
    [{ ...valid, timings: { unpaidOrderAfterMs: 1.5e3 + 0.5 } }, /"timings.unpaidOrderAfterMs": must be a whole number/],
    [{ ...valid, timings: { replayCooldown: 1_000 } }, /"timings": .*replayCooldown/],
    [{ ...valid, timings: { eventRetryBaseMs: 5_000, eventRetryCapMs: 1_000 } }, /eventRetryCapMs must be at least eventRetryBaseMs/],
    [undefined, /"apiKey": is required; "bankAccountId": is required/],
  ])("refuses %p with a message naming the option", (options, message) => {
    expect(() => JetpayProviderService.validateOptions(options as never)).toThrow(message)
  })

  it("never echoes the API token in its errors", () => {
    expect(() => parseJetpayOptions({ apiKey: "secret-token-value", bankAccountId: "a", statement: "y".repeat(40) })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("secret-token-value") })
    )
  })
})
