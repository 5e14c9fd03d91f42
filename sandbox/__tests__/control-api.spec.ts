// The /_sandbox/ control API: driving transactions, the request log, reset.

import { startSandbox, type Sandbox } from "../index"
import { client, type Client } from "./helpers/client"

let sandbox: Sandbox
let api: Client

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, minWaitSeconds: 0 })
  api = client(sandbox.url)
})

afterAll(() => sandbox.close())

beforeEach(() => api.post("/_sandbox/reset"))

describe("driving transactions", () => {
  it("needs no token", async () => {
    const anonymous = client(sandbox.url, "")
    expect((await anonymous.get("/_sandbox/transactions")).status).toBe(200)
    expect((await anonymous.get("/webhooks/")).status).toBe(401)
  })

  it("pays, completes and fails a debit and returns the full record", async () => {
    const contact = await api.contact()
    const debit = await api.debit(contact.identifier, { amount: 2000, statement: "ACME", note: "n1" })
    const paid = await api.post(`/_sandbox/transactions/${debit.identifier}/pay`, { method: "card" })
    expect(paid).toMatchObject({ status: 200, body: { state: "paid", method: "card", surcharge_applied: true } })
    const completed = await api.post(`/_sandbox/transactions/${debit.identifier}/advance`, { state: "completed" })
    expect(completed.body.state).toBe("completed")
    const returned = await api.post(`/_sandbox/transactions/${debit.identifier}/advance`, { state: "failed", fail_reason: "nsf" })
    expect(returned.body).toEqual({
      identifier: debit.identifier,
      kind: "debit",
      state: "failed",
      amount: 2000,
      customer_surcharge_amount: 70,
      method: "card",
      surcharge_applied: true,
      fail_reason: "nsf",
      fail_direction: "pull",
      contact_id: contact.identifier,
      statement: "ACME",
      note: "n1",
      to_bank_account: "2b8f1c9e-0d7a-4b8e-9a51-7f3c2d1e0a11",
      from_bank_account: null,
      created_at: expect.stringMatching(/\.\d{6}Z$/),
      updated_at: expect.stringMatching(/\.\d{6}Z$/),
      history: [
        { state: "requested", at: expect.any(String) },
        { state: "paid", at: expect.any(String) },
        { state: "completed", at: expect.any(String) },
        { state: "failed", at: expect.any(String) },
      ],
    })
    expect((await api.get("/_sandbox/transactions")).body).toEqual([returned.body])
  })

  it.each([
    ["pay twice", [{ pay: "eft" }, { pay: "card" }]],
    ["complete a requested debit", [{ advance: "completed" }]],
    ["complete twice", [{ pay: "eft" }, { advance: "completed" }, { advance: "completed" }]],
    ["fail a failed debit", [{ advance: "failed" }, { advance: "failed" }]],
  ])("409 to %s, and the state stays", async (_, steps) => {
    const debit = await api.debit((await api.contact()).identifier)
    let last = { status: 0, body: undefined as unknown }
    let before: unknown
    for (const step of steps) {
      before = (await api.get(`/_sandbox/transactions/${debit.identifier}`)).body
      last =
        "pay" in step
          ? await api.post(`/_sandbox/transactions/${debit.identifier}/pay`, { method: step.pay })
          : await api.post(`/_sandbox/transactions/${debit.identifier}/advance`, { state: step.advance })
    }
    expect(last).toMatchObject({ status: 409, body: { detail: expect.any(String) } })
    expect((await api.get(`/_sandbox/transactions/${debit.identifier}`)).body).toEqual(before)
  })

  it("touch emits an `updated` event with the unchanged state", async () => {
    const contact = await api.contact()
    const debit = await api.debit(contact.identifier, { amount: 2000, statement: "ACME" })
    await api.post(`/_sandbox/transactions/${debit.identifier}/pay`, { method: "eft" })
    const touched = await api.post(`/_sandbox/transactions/${debit.identifier}/touch`)
    expect(touched).toMatchObject({ status: 200, body: { state: "initiated" } })
    const events = (await api.get("/_sandbox/events")).body as Array<{ type: string; data: { state: string; transactionId: string } }>
    const mine = events.filter((event) => event.data.transactionId === debit.identifier)
    expect(mine.map((event) => [event.type, event.data.state])).toEqual([
      ["transactions.debits.created", "requested"],
      ["transactions.debits.updated", "initiated"],
      ["transactions.debits.updated", "initiated"],
    ])
    expect((await api.post("/_sandbox/transactions/nope/touch")).status).toBe(404)
  })

  it("422 for a debit paid without a method or with an unknown one", async () => {
    const debit = await api.debit((await api.contact()).identifier)
    expect((await api.post(`/_sandbox/transactions/${debit.identifier}/pay`, {})).status).toBe(422)
    expect((await api.post(`/_sandbox/transactions/${debit.identifier}/pay`, { method: "cash" })).status).toBe(422)
    expect((await api.post(`/_sandbox/transactions/${debit.identifier}/advance`, { state: "paid" })).status).toBe(422)
  })

  it("404 for unknown transactions and contacts", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000"
    expect((await api.get(`/_sandbox/transactions/${unknown}`)).status).toBe(404)
    expect((await api.post(`/_sandbox/transactions/${unknown}/pay`, { method: "eft" })).status).toBe(404)
    expect((await api.get(`/_sandbox/contacts/${unknown}`)).body).toEqual({ detail: "Contact not found" })
  })

  it("shows a contact record", async () => {
    const contact = await api.contact({ email: "c@example.com", language: "fr" })
    expect((await api.get(`/_sandbox/contacts/${contact.identifier}`)).body).toMatchObject({
      identifier: contact.identifier,
      email: "c@example.com",
      language: "fr",
    })
  })
})

describe("request log", () => {
  it("lists Jetpay API requests with method, path, status and time only", async () => {
    await api.del("/_sandbox/requests")
    const contact = await api.contact()
    const debit = await api.debit(contact.identifier)
    await api.get(`/transaction/${debit.identifier}/status`)
    await client(sandbox.url, "").get("/webhooks/")
    await fetch(`${sandbox.url}/payment/pay/${debit.identifier}`)

    const log = (await api.get("/_sandbox/requests")).body as Record<string, unknown>[]
    expect(log.map(({ method, path, status }) => [method, path, status])).toEqual([
      ["PUT", "/contact", 200],
      ["PUT", "/debit", 200],
      ["GET", `/transaction/${debit.identifier}/status`, 200],
      ["GET", "/webhooks/", 401],
    ])
    for (const entry of log) {
      expect(Object.keys(entry).sort()).toEqual(["at", "method", "path", "status"])
      expect(entry.at).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    }
    expect(JSON.stringify(log)).not.toContain("test-token")
  })

  it("counts a PUT exactly once", async () => {
    const contact = await api.contact()
    await api.debit(contact.identifier)
    const puts = ((await api.get("/_sandbox/requests")).body as { method: string; path: string }[]).filter(
      (entry) => entry.method === "PUT" && entry.path === "/debit"
    )
    expect(puts).toHaveLength(1)
    await api.del("/_sandbox/requests")
    expect((await api.get("/_sandbox/requests")).body).toEqual([])
  })
})

describe("reset", () => {
  it("clears state but keeps event ids growing and the signing key", async () => {
    const jwksBefore = await (await fetch(`${sandbox.url}/.well-known/jwks.json`)).json()
    await api.post("/webhooks/", { callback_url: "https://example.com/hooks" })
    await api.debit((await api.contact()).identifier)
    await api.post("/_sandbox/faults", { path: "/nothing", status: 500 })
    const lastEventBefore = Math.max(...(await api.get("/_sandbox/events")).body.map((event: { id: number }) => event.id))

    expect((await api.post("/_sandbox/reset")).body).toEqual({ ok: true })
    expect((await api.get("/_sandbox/transactions")).body).toEqual([])
    expect((await api.get("/_sandbox/contacts")).body).toEqual([])
    expect((await api.get("/_sandbox/events")).body).toEqual([])
    expect((await api.get("/webhooks/")).body).toEqual([])
    expect((await api.get("/_sandbox/faults")).body).toEqual([])
    expect((await api.get("/_sandbox/deliveries")).body).toEqual([])

    await api.debit((await api.contact()).identifier)
    const [event] = (await api.get("/_sandbox/events")).body
    expect(event.id).toBe(lastEventBefore + 1)
    expect(await (await fetch(`${sandbox.url}/.well-known/jwks.json`)).json()).toEqual(jwksBefore)
  })
})
