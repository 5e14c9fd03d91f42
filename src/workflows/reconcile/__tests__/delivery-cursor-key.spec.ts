import { advanceDeliveryCursor } from "../../sync/delivery-cursor"
import type JetpayModuleService from "../../../modules/jetpay/service"
import { deliveryCursorKey } from "../reconcile"

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
