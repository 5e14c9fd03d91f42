// Jetpay's API endpoints over real HTTP, as the plugin's client sees them.

import { startSandbox, type Sandbox } from "../index"
import { client, fetchJwks, type Client } from "./helpers/client"

let sandbox: Sandbox
let api: Client

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 })
  api = client(sandbox.url)
})

afterAll(() => sandbox.close())

beforeEach(() => api.post("/_sandbox/reset"))

describe("startSandbox", () => {
  it("listens on a free port and reports its URL without a trailing slash", () => {
    expect(sandbox.port).toBeGreaterThan(0)
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`)
  })

  it("refuses invalid options", async () => {
    await expect(startSandbox({ surchargeRate: 1.5 })).rejects.toThrow(/surchargeRate/)
    await expect(startSandbox({ port: -1 })).rejects.toThrow(/port/)
  })
})

describe("contact, debit, status and cancel", () => {
  it("round-trips a debit", async () => {
    const contact = await api.put("/contact", {
      email: "pat@example.com",
      name: "Pat Payer",
      tags: ["medusa", "vip"],
      language: "fr",
      unknown_field: "tolerated",
    })
    expect(contact.status).toBe(200)
    expect(contact.body).toEqual({
      identifier: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      email: "pat@example.com",
      name: "Pat Payer",
      tags: ["medusa", "vip"],
      language: "fr",
    })

    const debit = await api.put("/debit", {
      amount: 12345,
      statement: "ACME STORE",
      note: "cart_123",
      to_bank_account: "2b8f1c9e-0d7a-4b8e-9a51-7f3c2d1e0a11",
      contact_id: contact.body.identifier,
    })
    expect(debit.status).toBe(200)
    expect(debit.body).toEqual({
      identifier: expect.any(String),
      link: `${sandbox.url}/payment/pay/${debit.body.identifier}`,
      amount: 12345,
      customer_surcharge_amount: 432,
    })
    expect(debit.body.identifier).not.toBe(contact.body.identifier)

    const status = await api.get(`/transaction/${debit.body.identifier}/status`)
    expect(status).toMatchObject({ status: 200, body: { state: "requested", fail_reason: null, fail_direction: null } })

    const cancel = await api.del(`/transaction/${debit.body.identifier}`)
    expect(cancel).toMatchObject({ status: 200, body: { ok: true } })
    expect((await api.get(`/transaction/${debit.body.identifier}/status`)).body.state).toBe("cancelled")

    const again = await api.del(`/transaction/${debit.body.identifier}`)
    expect(again).toMatchObject({ status: 400, body: { detail: "Transaction is already cancelled" } })

    const record = await api.get(`/_sandbox/transactions/${debit.body.identifier}`)
    expect(record.body).toMatchObject({
      identifier: debit.body.identifier,
      kind: "debit",
      state: "cancelled",
      amount: 12345,
      customer_surcharge_amount: 432,
      method: null,
      contact_id: contact.body.identifier,
      statement: "ACME STORE",
      note: "cart_123",
    })
  })

  it.each([
    ["initiated", "eft"],
    ["paid", "card"],
  ] as const)("refuses to cancel once %s", async (state, method) => {
    const contact = await api.contact()
    const debit = await api.debit(contact.identifier)
    expect((await api.post(`/_sandbox/transactions/${debit.identifier}/pay`, { method })).body.state).toBe(state)
    const cancel = await api.del(`/transaction/${debit.identifier}`)
    expect(cancel).toEqual(
      expect.objectContaining({ status: 400, body: { detail: "Transaction can no longer be cancelled" } })
    )
    expect((await api.get(`/transaction/${debit.identifier}/status`)).body.state).toBe(state)
  })

  it("reports a failure with its reason and direction", async () => {
    const contact = await api.contact()
    const debit = await api.debit(contact.identifier)
    await api.post(`/_sandbox/transactions/${debit.identifier}/pay`, { method: "eft" })
    await api.post(`/_sandbox/transactions/${debit.identifier}/advance`, { state: "completed" })
    await api.post(`/_sandbox/transactions/${debit.identifier}/advance`, { state: "failed", fail_reason: "account_frozen" })
    expect((await api.get(`/transaction/${debit.identifier}/status`)).body).toEqual({
      state: "failed",
      fail_reason: "account_frozen",
      fail_direction: "pull",
    })
  })
})

describe("credits", () => {
  it("starts a credit without a payee account as requested, with a receive link", async () => {
    const contact = await api.contact()
    const credit = await api.put("/credit", {
      amount: 2500,
      statement: "ACME REFUND",
      from_bank_account: "2b8f1c9e-0d7a-4b8e-9a51-7f3c2d1e0a11",
      contact_id: contact.identifier,
    })
    expect(credit).toMatchObject({
      status: 200,
      body: {
        identifier: expect.any(String),
        link: `${sandbox.url}/payment/receive/${credit.body.identifier}`,
        amount: 2500,
        state: "requested",
      },
    })
  })

  it("sends a credit to a saved payee account straight to processing", async () => {
    const contact = await api.contact()
    const credit = await api.put("/credit", {
      amount: 2500,
      statement: "ACME REFUND",
      from_bank_account: "2b8f1c9e-0d7a-4b8e-9a51-7f3c2d1e0a11",
      to_bank_account: "9d2a6f0c-3b1e-4c7d-8e9f-0a1b2c3d4e5f",
      contact_id: contact.identifier,
    })
    expect(credit.body.state).toBe("processing")
    const completed = await api.post(`/_sandbox/transactions/${credit.body.identifier}/advance`, { state: "completed" })
    expect(completed.body).toMatchObject({ kind: "credit", state: "completed", customer_surcharge_amount: 0 })
  })

  it("fails a credit with direction push", async () => {
    const contact = await api.contact()
    const credit = await api.put("/credit", {
      amount: 100,
      statement: "ACME REFUND",
      from_bank_account: "acct-1",
      contact_id: contact.identifier,
    })
    await api.post(`/_sandbox/transactions/${credit.body.identifier}/advance`, { state: "failed" })
    expect((await api.get(`/transaction/${credit.body.identifier}/status`)).body).toEqual({
      state: "failed",
      fail_reason: "declined",
      fail_direction: "push",
    })
  })
})

describe("error answers", () => {
  it.each([
    ["no header", undefined],
    ["an empty bearer", "Bearer "],
    ["another scheme", "Basic dXNlcjpwYXNz"],
  ])("401 with %s", async (_, authorization) => {
    const response = await fetch(`${sandbox.url}/debit`, {
      method: "PUT",
      headers: authorization ? { authorization } : {},
      body: "{}",
    })
    expect(response.status).toBe(401)
    expect(response.headers.get("www-authenticate")).toBe("Bearer")
    expect(await response.json()).toEqual({ detail: "Not authenticated" })
  })

  it("accepts only the configured token when one is set", async () => {
    const strict = await startSandbox({ token: "right-token" })
    try {
      expect((await client(strict.url, "wrong-token").get("/webhooks/")).status).toBe(401)
      expect((await client(strict.url, "right-token").get("/webhooks/")).status).toBe(200)
      // The JWKS is public: receivers fetch it without a token.
      expect((await fetch(`${strict.url}/.well-known/jwks.json`)).status).toBe(200)
    } finally {
      await strict.close()
    }
  })

  it.each([
    ["GET", "/transaction/00000000-0000-4000-8000-000000000000/status", "Transaction not found"],
    ["DELETE", "/transaction/00000000-0000-4000-8000-000000000000", "Transaction not found"],
    ["GET", "/webhooks/00000000-0000-4000-8000-000000000000", "Webhook not found"],
    ["GET", "/no/such/path", "Not Found"],
  ])("404 for %s %s", async (method, path, text) => {
    expect(await api.call(method, path)).toMatchObject({ status: 404, body: { detail: text } })
  })

  it("404 for a debit to an unknown contact, and nothing is created", async () => {
    const answer = await api.put("/debit", {
      amount: 100,
      statement: "ACME",
      to_bank_account: "acct",
      contact_id: "00000000-0000-4000-8000-000000000000",
    })
    expect(answer).toMatchObject({ status: 404, body: { detail: "Contact not found" } })
    expect((await api.get("/_sandbox/transactions")).body).toEqual([])
  })

  it("405 for a known path with another method", async () => {
    expect(await api.call("POST", "/debit", {})).toMatchObject({ status: 405, body: { detail: "Method Not Allowed" } })
  })

  it.each([
    [{ amount: 0 }, "amount", "greater_than"],
    [{ amount: -5 }, "amount", "greater_than"],
    [{ amount: 10.5 }, "amount", "int_type"],
    [{ amount: "100" }, "amount", "int_type"],
    [{ statement: "" }, "statement", "string_too_short"],
    [{ statement: "THIS STATEMENT IS WAY TOO LONG!" }, "statement", "string_too_long"],
    [{ to_bank_account: "" }, "to_bank_account", "value_error"],
    [{ contact_id: undefined }, "contact_id", "missing"],
  ])("422 for debit field %p", async (override, field, type) => {
    const contact = await api.contact()
    const answer = await api.put("/debit", {
      amount: 100,
      statement: "ACME",
      to_bank_account: "acct",
      contact_id: contact.identifier,
      ...override,
    })
    expect(answer.status).toBe(422)
    expect(answer.body).toEqual({
      detail: [{ loc: ["body", field], msg: expect.any(String), type }],
    })
  })

  it("422 for a body that is not JSON", async () => {
    const answer = await api.call("PUT", "/contact", undefined, { body: "{not json" })
    expect(answer).toMatchObject({ status: 422, body: { detail: [{ loc: ["body", 0], type: "json_invalid" }] } })
  })

  it("422 for an invalid contact email", async () => {
    const answer = await api.put("/contact", { email: "not-an-email", name: "A", language: "en" })
    expect(answer).toMatchObject({ status: 422, body: { detail: [{ loc: ["body", "email"] }] } })
  })
})

describe("JWKS", () => {
  it("publishes one public RS256 signing key", async () => {
    const { keys } = await fetchJwks(sandbox.url)
    expect(keys).toHaveLength(1)
    expect(keys[0]).toEqual({
      kty: "RSA",
      n: expect.any(String),
      e: "AQAB",
      kid: expect.any(String),
      alg: "RS256",
      use: "sig",
    })
    expect(keys[0]).not.toHaveProperty("d")
  })
})
