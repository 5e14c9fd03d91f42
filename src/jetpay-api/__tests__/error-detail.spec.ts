import { flattenJetpayDetail, redactText } from "../error-detail"

describe("flattenJetpayDetail", () => {
  it.each<[string, unknown, string | undefined]>([
    ["a string detail", { detail: "Transaction not found" }, "Transaction not found"],
    [
      "a FastAPI validation list",
      { detail: [{ loc: ["body", "amount"], msg: "ensure this value is greater than 0", type: "value_error" }] },
      "body.amount: ensure this value is greater than 0",
    ],
    [
      "several validation items",
      {
        detail: [
          { loc: ["body", "amount"], msg: "must be positive", type: "value_error" },
          { loc: ["body", "statement"], msg: "too long", type: "value_error" },
        ],
      },
      "body.amount: must be positive; body.statement: too long",
    ],
    ["numeric loc parts", { detail: [{ loc: ["body", "tags", 0], msg: "not a string" }] }, "body.tags.0: not a string"],
    ["an item without loc", { detail: [{ msg: "bad request" }] }, "bad request"],
    ["a list of strings", { detail: ["first", "second"] }, "first; second"],
    [
      "more than five items",
      { detail: ["a", "b", "c", "d", "e", "f", "g"].map((msg) => ({ loc: ["body", msg], msg: "bad" })) },
      "body.a: bad; body.b: bad; body.c: bad; body.d: bad; body.e: bad; and 2 more",
    ],
    [
      "pydantic's echoed input is left out",
      { detail: [{ loc: ["body", "email"], msg: "value is not a valid email address", input: "jane@example.com" }] },
      "body.email: value is not a valid email address",
    ],
    ["an object detail with a message", { detail: { message: "rate limited" } }, "rate limited"],
    ["an object detail of unknown shape", { detail: { email: "jane@example.com" } }, undefined],
    ["a gateway's message", { message: "Bad gateway" }, "Bad gateway"],
    ["a gateway's error", { error: "upstream timed out" }, "upstream timed out"],
    ["no detail", { ok: false }, undefined],
    ["an empty detail", { detail: "" }, undefined],
    ["an empty list", { detail: [] }, undefined],
    ["not an object", "Internal Server Error", undefined],
    ["null", null, undefined],
    ["an array body", [{ msg: "x" }], undefined],
    ["an email in a detail", { detail: "Contact jane.doe+shop@example.co.uk already exists" }, "Contact [email] already exists"],
    ["blanks collapsed", { detail: "line one\n\n   line two" }, "line one line two"],
  ])("%s", (_label, body, expected) => {
    expect(flattenJetpayDetail(body)).toBe(expected)
  })

  it("masks the secrets it is given", () => {
    expect(flattenJetpayDetail({ detail: "token sk_live_123 is revoked" }, ["sk_live_123"])).toBe("token [redacted] is revoked")
  })

  it("bounds the length", () => {
    const text = flattenJetpayDetail({ detail: "x".repeat(5000) })
    expect(text).toHaveLength(500)
    expect(text?.endsWith("…")).toBe(true)
  })
})

describe("redactText", () => {
  it.each([
    ["no secret", "plain text", [], "plain text"],
    ["an empty secret is ignored", "plain text", [""], "plain text"],
    ["every occurrence", "abc abc", ["abc"], "[redacted] [redacted]"],
    ["emails", "to a@b.io and c@d.ca", [], "to [email] and [email]"],
  ])("%s", (_label, text, secrets, expected) => {
    expect(redactText(text, secrets)).toBe(expected)
  })
})
