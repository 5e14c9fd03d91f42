// What a status read (and the events) say about a cancelled transaction: Jetpay does not
// document it, so the sandbox plays each reading on demand.

import { parseCliOptions } from "../cli"
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

async function cancelledDebit() {
  const debit = await api.debit((await api.contact()).identifier)
  expect((await api.del(`/transaction/${debit.identifier}`)).body).toEqual({ ok: true })
  return debit.identifier
}

const lastEvent = async () => {
  const events = (await api.get("/_sandbox/events")).body as { type: string; data: { state: string } }[]
  return events[events.length - 1]
}

describe("cancelled wording", () => {
  it("reads `cancelled` by default", async () => {
    expect((await api.get("/_sandbox/settings")).body).toEqual({ cancelled_wording: "cancelled", webhook_give_up_after: 8 })
    const id = await cancelledDebit()
    expect((await api.get(`/transaction/${id}/status`)).body).toEqual({ state: "cancelled", fail_reason: null, fail_direction: null })
    expect(await lastEvent()).toMatchObject({ type: "transactions.debits.updated", data: { state: "cancelled" } })
  })

  it.each([
    ["canceled", "canceled"],
    ["deleted", "deleted"],
  ])("reads %s in status and events when set so", async (wording, state) => {
    expect((await api.post("/_sandbox/settings", { cancelled_wording: wording })).body).toMatchObject({ cancelled_wording: wording })
    const id = await cancelledDebit()
    expect((await api.get(`/transaction/${id}/status`)).body).toMatchObject({ state })
    expect((await lastEvent()).data.state).toBe(state)
    // The control API keeps the sandbox's own name.
    expect((await api.get(`/_sandbox/transactions/${id}`)).body.state).toBe("cancelled")
    expect((await api.del(`/transaction/${id}`)).body).toEqual({ detail: "Transaction is already cancelled" })
  })

  it("answers 404 for a cancelled transaction with 404, whose event says `deleted`", async () => {
    await api.post("/_sandbox/settings", { cancelled_wording: "404" })
    const id = await cancelledDebit()
    expect(await api.get(`/transaction/${id}/status`)).toMatchObject({ status: 404, body: { detail: "Transaction not found" } })
    expect(await api.del(`/transaction/${id}`)).toMatchObject({ status: 404, body: { detail: "Transaction not found" } })
    expect((await lastEvent()).data.state).toBe("deleted")
    // Others read as usual.
    const live = await api.debit((await api.contact()).identifier)
    expect((await api.get(`/transaction/${live.identifier}/status`)).body.state).toBe("requested")
  })

  it("applies to credits too, and a change at run time applies to later reads", async () => {
    const contact = await api.contact()
    const credit = await api.put("/credit", { amount: 100, statement: "REFUND", from_bank_account: "acct", contact_id: contact.identifier })
    await api.del(`/transaction/${credit.body.identifier}`)
    expect((await api.get(`/transaction/${credit.body.identifier}/status`)).body.state).toBe("cancelled")
    await api.post("/_sandbox/settings", { cancelled_wording: "canceled" })
    expect((await api.get(`/transaction/${credit.body.identifier}/status`)).body.state).toBe("canceled")
  })

  it("is reset to the option's value", async () => {
    const deleted = await startSandbox({ cancelledWording: "deleted" })
    try {
      const deletedApi = client(deleted.url)
      await deletedApi.post("/_sandbox/settings", { cancelled_wording: "404" })
      await deletedApi.post("/_sandbox/reset")
      expect((await deletedApi.get("/_sandbox/settings")).body.cancelled_wording).toBe("deleted")
    } finally {
      await deleted.close()
    }
  })

  it("refuses unknown wordings and settings", async () => {
    expect((await api.post("/_sandbox/settings", { cancelled_wording: "gone" })).status).toBe(422)
    expect((await api.post("/_sandbox/settings", { wording: "deleted" })).status).toBe(422)
    expect((await api.post("/_sandbox/settings", { webhook_give_up_after: 0 })).status).toBe(422)
    // @ts-expect-error: a wrong value from JavaScript
    await expect(startSandbox({ cancelledWording: "gone" })).rejects.toThrow(/cancelledWording/)
  })

  it("is set from the CLI with --cancelled-wording", () => {
    expect(parseCliOptions(["--cancelled-wording", "404"], {}).cancelledWording).toBe("404")
    expect(parseCliOptions([], {}).cancelledWording).toBeUndefined()
    expect(() => parseCliOptions(["--cancelled-wording", "gone"], {})).toThrow(/cancelled, canceled, deleted, 404/)
  })
})
