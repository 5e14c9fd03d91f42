// Credits (refunds, payouts): requested -> (payee enters bank details) processing -> initiated
// -> completed, or failed on the way.

import { startSandbox, type Sandbox } from "../index"
import { client, type Client } from "./helpers/client"

let sandbox: Sandbox
let api: Client

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 })
  api = client(sandbox.url)
})

afterAll(() => sandbox.close())

beforeEach(() => api.post("/_sandbox/reset"))

async function newCredit(overrides: Record<string, unknown> = {}) {
  const contact = await api.contact()
  const answer = await api.put("/credit", {
    amount: 2500,
    statement: "REFUND",
    from_bank_account: "acct",
    contact_id: contact.identifier,
    ...overrides,
  })
  expect(answer.status).toBe(200)
  return answer.body as { identifier: string; state: string }
}

const advance = (id: string, body: Record<string, unknown>) => api.post(`/_sandbox/transactions/${id}/advance`, body)
const status = async (id: string) => (await api.get(`/transaction/${id}/status`)).body

describe("credits", () => {
  it("go requested -> processing -> initiated -> completed, one event each", async () => {
    const credit = await newCredit()
    expect(credit.state).toBe("requested")
    await api.post(`/_sandbox/transactions/${credit.identifier}/pay`, {})
    expect((await status(credit.identifier)).state).toBe("processing")
    expect((await advance(credit.identifier, { state: "initiated" })).body.state).toBe("initiated")
    expect(await status(credit.identifier)).toEqual({ state: "initiated", fail_reason: null, fail_direction: null })
    expect((await advance(credit.identifier, { state: "completed" })).body.state).toBe("completed")
    const events = (await api.get("/_sandbox/events")).body as { type: string; data: { state: string } }[]
    expect(events.map((event) => [event.type, event.data.state])).toEqual([
      ["transactions.credits.created", "requested"],
      ["transactions.credits.updated", "processing"],
      ["transactions.credits.updated", "initiated"],
      ["transactions.credits.updated", "completed"],
    ])
  })

  it("with a saved payee account start at processing and reach initiated", async () => {
    const credit = await newCredit({ to_bank_account: "payee-acct" })
    expect(credit.state).toBe("processing")
    expect((await advance(credit.identifier, { state: "initiated" })).status).toBe(200)
  })

  it("may still settle from processing in one step", async () => {
    const credit = await newCredit({ to_bank_account: "payee-acct" })
    expect((await advance(credit.identifier, { state: "completed" })).body.state).toBe("completed")
  })

  it("fail from initiated with fail_direction push", async () => {
    const credit = await newCredit({ to_bank_account: "payee-acct" })
    await advance(credit.identifier, { state: "initiated" })
    await advance(credit.identifier, { state: "failed", fail_reason: "account_closed" })
    expect(await status(credit.identifier)).toEqual({ state: "failed", fail_reason: "account_closed", fail_direction: "push" })
  })

  it.each([
    ["a requested credit", {}, "requested"],
    ["a completed credit", { to_bank_account: "payee-acct", complete: true }, "completed"],
  ])("409 to initiating %s", async (_, options, state) => {
    const { complete, ...overrides } = options as { complete?: boolean }
    const credit = await newCredit(overrides)
    if (complete) await advance(credit.identifier, { state: "completed" })
    expect((await advance(credit.identifier, { state: "initiated" })).status).toBe(409)
    expect((await status(credit.identifier)).state).toBe(state)
  })

  it("409 to initiating a debit by advance: its payer initiates it", async () => {
    const debit = await api.debit((await api.contact()).identifier)
    const refused = await advance(debit.identifier, { state: "initiated" })
    expect(refused).toMatchObject({ status: 409, body: { detail: expect.stringContaining("pay it by EFT") } })
  })
})
