import { PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import { sessionStatusForRawState } from "../status-mapping"
import { webhookActionForState } from "../status-mapping"

describe("Jetpay state -> Medusa (design.md, section 2)", () => {
  it.each([
    ["requested", PaymentSessionStatus.PENDING, PaymentActions.NOT_SUPPORTED, true],
    ["initiated", PaymentSessionStatus.PENDING_AUTHORIZATION, PaymentActions.AUTHORIZED, true],
    ["paid", PaymentSessionStatus.AUTHORIZED, PaymentActions.AUTHORIZED, true],
    ["completed", PaymentSessionStatus.CAPTURED, PaymentActions.SUCCESSFUL, true],
    ["failed", PaymentSessionStatus.ERROR, PaymentActions.FAILED, true],
    ["cancelled", PaymentSessionStatus.CANCELED, PaymentActions.CANCELED, true],
    ["canceled", PaymentSessionStatus.CANCELED, PaymentActions.CANCELED, true],
    ["refunded_maybe", PaymentSessionStatus.PENDING, PaymentActions.NOT_SUPPORTED, false],
    ["", PaymentSessionStatus.PENDING, PaymentActions.NOT_SUPPORTED, false],
  ])("%s -> session %s, webhook %s", (state, status, action, known) => {
    expect(sessionStatusForRawState(state)).toEqual({ status, known })
    expect(webhookActionForState(state)).toBe(action)
  })

  it.each([
    ["requested", PaymentSessionStatus.PENDING],
    ["initiated", PaymentSessionStatus.AUTHORIZED],
    ["paid", PaymentSessionStatus.AUTHORIZED],
    ["completed", PaymentSessionStatus.CAPTURED],
    ["failed", PaymentSessionStatus.ERROR],
  ])("eftAuthorizedOn \"initiated\" (ship on a signed PAD): %s -> session %s", (state, status) => {
    expect(sessionStatusForRawState(state, "initiated")).toEqual({ status, known: true })
  })
})
