import fs from "node:fs"
import path from "node:path"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { advanceDeliveryCursor } from "../../sync/delivery-cursor"
import type JetpayModuleService from "../../../modules/jetpay/service"
import { deliveryCursorKey, notBeingApplied, transactionLockKey } from "../reconcile"

describe("the reconciliation's look and the delivery cursor", () => {
  it("read the cursor under the key the cursor is kept under", async () => {
    const read: string[] = []
    const written: string[] = []
    const jetpay = {
      readState: async (key: string) => {
        read.push(key)
        return undefined
      },
      eventIdsAfter: async () => [{ id: "7", received_at: new Date() }],
      advanceCursorState: async (key: string) => {
        written.push(key)
      },
    } as unknown as JetpayModuleService
    await advanceDeliveryCursor(jetpay, "extapi.jetpay.example")
    expect(read).toEqual([deliveryCursorKey("extapi.jetpay.example")])
    expect(written).toEqual([deliveryCursorKey("extapi.jetpay.example")])
  })
})

describe("notBeingApplied: a run leaves a transaction whose sync is running to that sync", () => {
  /** A locking module whose `acquire` refuses a key another owner holds, as Medusa's in-memory and Redis ones do. */
  function locking(held: string[]) {
    const locks = new Map<string, string>(held.map((key) => [key, "a running sync"]))
    const calls: string[] = []
    const module = {
      acquire: async (key: string, { ownerId }: { ownerId: string }) => {
        calls.push(`acquire ${key}`)
        if (locks.has(key) && locks.get(key) !== ownerId) throw new Error(`Failed to acquire lock for key "${key}"`)
        locks.set(key, ownerId)
      },
      release: async (key: string, { ownerId }: { ownerId: string }) => {
        calls.push(`release ${key}`)
        if (locks.get(key) !== ownerId) return false
        return locks.delete(key)
      },
    }
    const container = { resolve: (name: string) => (name === Modules.LOCKING ? module : undefined) } as unknown as MedusaContainer
    return { container, locks, calls }
  }

  it("keeps the transactions nobody holds, lets go of every lock it tried, and leaves the held ones held", async () => {
    const { container, locks, calls } = locking([transactionLockKey("jp-2")])
    expect(await notBeingApplied(container, ["jp-1", "jp-2", "jp-3"])).toEqual(["jp-1", "jp-3"])
    expect([...locks]).toEqual([[transactionLockKey("jp-2"), "a running sync"]])
    expect(calls.filter((call) => call.startsWith("release"))).toEqual([
      `release ${transactionLockKey("jp-1")}`,
      `release ${transactionLockKey("jp-3")}`,
    ])
  })

  it("asks nothing of the locking module for no transaction", async () => {
    const { container, calls } = locking([])
    expect(await notBeingApplied(container, [])).toEqual([])
    expect(calls).toEqual([])
  })

  it("tries the very lock a sync takes (apply-jetpay-transactions.ts)", () => {
    const source = fs.readFileSync(path.join(__dirname, "../../sync/apply-jetpay-transactions.ts"), "utf8")
    expect(transactionLockKey("ID")).toBe("jetpay:transaction:ID")
    expect(source).toContain("`jetpay:transaction:${jetpayTransactionId}`")
  })
})
