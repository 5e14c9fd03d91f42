import { createHash } from "node:crypto"
import { isAuthorized } from "../auth"
import { callbackUrlProblem } from "../callback-url"
import { formatIsoMicros, MicrosClock, parseIsoMicros } from "../clock"
import { faultMatches } from "../faults"
import { computeSurcharge, formatCad } from "../money"
import { contactBody, debitBody } from "../schemas"
import { parseValue } from "../validation"
import { ReplyError } from "../http-util"
import { MAX_RETRY_DELAY_MS, payloadHash, retryDelayMs, webhookClaims } from "../webhook-delivery"

describe("computeSurcharge (integer math, half up)", () => {
  it.each([
    [10000, 0.035, 350],
    [12345, 0.035, 432], // 432.075
    [100, 0.035, 4], // 3.5 rounds up
    [15, 0.035, 1], // 0.525
    [14, 0.035, 0], // 0.49
    [1, 0.035, 0],
    [0, 0.035, 0],
    [999_999, 0.035, 35_000], // 34999.965
    [1000, 0.0125, 13], // 12.5 rounds up
    [10000, 0, 0],
    // Float arithmetic gets these wrong: 5750 * 0.022 = 126.49999999999999 and 5000 * 0.0255 = 127.49999999999999.
    [5750, 0.022, 127],
    [5000, 0.0255, 128],
    [Number.MAX_SAFE_INTEGER, 0.5, 4_503_599_627_370_496],
  ])("%i cents at %d -> %i", (amount, rate, expected) => {
    expect(computeSurcharge(amount, rate)).toBe(expected)
  })

  it.each([[-1], [1.5], [Number.NaN]])("refuses amount %d", (amount) => {
    expect(() => computeSurcharge(amount, 0.035)).toThrow(RangeError)
  })
})

describe("formatCad", () => {
  it.each([
    [12345, "$123.45 CAD"],
    [0, "$0.00 CAD"],
    [5, "$0.05 CAD"],
    [99, "$0.99 CAD"],
    [100, "$1.00 CAD"],
    [123456789, "$1,234,567.89 CAD"],
    [-250, "-$2.50 CAD"],
  ])("%i -> %s", (cents, text) => {
    expect(formatCad(cents)).toBe(text)
  })
})

describe("microsecond timestamps", () => {
  it.each([
    [1769076930123456n, "2026-01-22T10:15:30.123456Z"],
    [1769076930000001n, "2026-01-22T10:15:30.000001Z"],
    [0n, "1970-01-01T00:00:00.000000Z"],
  ])("formats %s as %s and parses it back", (micros, text) => {
    expect(formatIsoMicros(micros)).toBe(text)
    expect(parseIsoMicros(text)).toBe(micros)
  })

  it.each([
    ["2026-01-22T10:15:30Z", 1769076930000000n],
    ["2026-01-22T10:15:30.5Z", 1769076930500000n],
    ["2026-01-22T12:15:30.123+02:00", 1769076930123000n],
    ["yesterday", null],
  ])("parses %s", (text, micros) => {
    expect(parseIsoMicros(text)).toBe(micros)
  })

  it("never repeats or goes back", () => {
    const clock = new MicrosClock()
    const stamps = Array.from({ length: 1000 }, () => clock.now())
    for (let index = 1; index < stamps.length; index++) expect(stamps[index] > stamps[index - 1]).toBe(true)
  })
})

describe("callbackUrlProblem", () => {
  it.each([
    ["https://shop.example.com/hooks/jetpay", true],
    ["http://localhost:9000/hooks/jetpay", true],
    ["http://127.0.0.1:9000/hooks/jetpay", true],
    ["http://[::1]:9000/hooks/jetpay", true],
    ["http://shop.example.com/hooks/jetpay", false],
    ["http://10.0.0.5/hooks", false],
    ["ftp://localhost/hooks", false],
    ["https://user:pw@shop.example.com/hooks", false],
    ["not a url", false],
  ])("%s accepted: %s", (url, accepted) => {
    expect(callbackUrlProblem(url) === undefined).toBe(accepted)
  })
})

describe("isAuthorized", () => {
  it.each([
    [undefined, undefined, false],
    ["", undefined, false],
    ["Bearer", undefined, false],
    ["Bearer ", undefined, false],
    ["Basic abc", undefined, false],
    ["Bearer anything", undefined, true],
    ["bearer anything", undefined, true],
    ["Bearer secret", "secret", true],
    ["Bearer secret2", "secret", false],
    ["Bearer secre", "secret", false],
  ])("%p with required token %p -> %p", (header, token, expected) => {
    expect(isAuthorized(header, token)).toBe(expected)
  })
})

describe("faultMatches", () => {
  it.each([
    [{}, "GET", "/webhooks/", true],
    [{ method: "PUT" }, "put", "/debit", true],
    [{ method: "PUT" }, "GET", "/debit", false],
    [{ path: "/transaction" }, "GET", "/transaction/abc/status", true],
    [{ path: "/debit" }, "PUT", "/credit", false],
    [{ method: "DELETE", path: "/transaction/" }, "DELETE", "/transaction/abc", true],
  ])("%p matches %s %s: %p", (rule, method, path, expected) => {
    expect(faultMatches(rule, method, path)).toBe(expected)
  })
})

describe("retryDelayMs", () => {
  it.each([
    [1, 1000, 0, 500],
    [1, 1000, 1, 1000],
    [2, 1000, 1, 2000],
    [3, 1000, 0.5, 3000],
    [7, 1000, 1, MAX_RETRY_DELAY_MS], // 64 s capped at 60 s
    [50, 1000, 0, MAX_RETRY_DELAY_MS / 2],
    [2, 50, 1, 100],
  ])("attempt %i, base %i, random %d -> %i ms", (attempt, base, random, expected) => {
    expect(retryDelayMs(attempt, base, () => random)).toBe(expected)
  })
})

describe("webhook claims", () => {
  it("hash the exact body bytes and live 90 seconds", () => {
    const body = Buffer.from('{"webhookId":1,"events":[]}')
    const claims = webhookClaims(body, 1_700_000_000)
    expect(claims).toEqual({
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      iat: 1_700_000_000,
      exp: 1_700_000_090,
      iss: "jetpay",
      sub: "webhook",
      payload_hash: createHash("sha256").update(body).digest("base64url"),
    })
    expect(payloadHash(Buffer.from('{"webhookId":1,"events":[] }'))).not.toBe(claims.payload_hash)
  })
})

describe("FastAPI-style validation errors", () => {
  const errorsOf = (run: () => unknown) => {
    try {
      run()
    } catch (error) {
      if (error instanceof ReplyError && "json" in error.reply) return { status: error.reply.status, body: error.reply.json }
    }
    throw new Error("expected a validation error")
  }

  it("reports missing fields, types, bounds and enums with pydantic's types", () => {
    const { status, body } = errorsOf(() =>
      parseValue(debitBody, { amount: 1.5, statement: "x".repeat(31), to_bank_account: "acct" })
    )
    expect(status).toBe(422)
    expect(body).toEqual({
      detail: expect.arrayContaining([
        { loc: ["body", "amount"], msg: "Input should be a valid integer", type: "int_type" },
        { loc: ["body", "statement"], msg: "String should have at most 30 characters", type: "string_too_long" },
        { loc: ["body", "contact_id"], msg: "Field required", type: "missing" },
      ]),
    })
  })

  it.each([
    [{ email: "nope", name: "A", language: "en" }, "email", "value_error"],
    [{ email: "a@b.co", name: "  ", language: "en" }, "name", "string_too_short"],
    [{ email: "a@b.co", name: "A", language: "de" }, "language", "enum"],
    [{ email: "a@b.co", name: "A", language: "en", tags: "vip" }, "tags", "list_type"],
  ])("contact %p -> %s %s", (input, field, type) => {
    const { body } = errorsOf(() => parseValue(contactBody, input))
    expect(body).toEqual({ detail: [expect.objectContaining({ loc: ["body", field], type })] })
  })

  it("tolerates unknown fields on Jetpay's bodies", () => {
    expect(parseValue(contactBody, { email: "a@b.co", name: "A", language: "fr", extra: 1 })).toEqual({
      email: "a@b.co",
      name: "A",
      language: "fr",
      tags: [],
    })
  })
})
