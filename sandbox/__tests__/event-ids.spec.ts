// Event ids never repeat across sandbox restarts when the sandbox is told where to start.

import { parseCliOptions } from "../cli"
import { startSandbox } from "../index"
import { client } from "./helpers/client"

describe("first event id", () => {
  it("starts the event ids where asked", async () => {
    const sandbox = await startSandbox({ port: 0, firstEventId: 5_000 })
    try {
      const api = client(sandbox.url)
      const contact = await api.contact()
      await api.debit(contact.identifier, { amount: 1000, statement: "ACME" })
      const events = (await api.get("/_sandbox/events")).body as Array<{ id: number }>
      expect(events.map((event) => event.id)).toEqual([5_000])
    } finally {
      await sandbox.close()
    }
  })

  it("refuses a first event id that is not a positive whole number", async () => {
    await expect(startSandbox({ port: 0, firstEventId: 0 })).rejects.toThrow(/firstEventId/)
    await expect(startSandbox({ port: 0, firstEventId: 1.5 })).rejects.toThrow(/firstEventId/)
  })

  it("the CLI starts at the current time in ms by default, so a restart never reuses an id", () => {
    const before = Date.now()
    const first = parseCliOptions([], {}).firstEventId!
    expect(first).toBeGreaterThanOrEqual(before)
    expect(first).toBeLessThanOrEqual(Date.now())
    expect(parseCliOptions(["--first-event-id", "42"], {}).firstEventId).toBe(42)
  })
})
