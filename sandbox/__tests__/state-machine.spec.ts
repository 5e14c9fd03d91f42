import {
  ALREADY_CANCELLED,
  CANCEL_TOO_LATE,
  TRANSACTION_STATES,
  transition,
  type TransactionKind,
  type TransactionState,
  type TransitionAction,
} from "../state-machine"

const ACTIONS: Record<string, TransitionAction> = {
  "pay eft": { type: "pay", method: "eft" },
  "pay card": { type: "pay", method: "card" },
  "enter bank details": { type: "enter_bank_details" },
  initiate: { type: "initiate" },
  complete: { type: "complete" },
  fail: { type: "fail" },
  cancel: { type: "cancel" },
}

// Every allowed transition; anything not listed here must be refused.
const ALLOWED: [TransactionKind, TransactionState, string, TransactionState][] = [
  ["debit", "requested", "pay eft", "initiated"],
  ["debit", "requested", "pay card", "paid"],
  ["debit", "initiated", "complete", "completed"],
  ["debit", "paid", "complete", "completed"],
  ["debit", "requested", "fail", "failed"],
  ["debit", "initiated", "fail", "failed"],
  ["debit", "paid", "fail", "failed"],
  ["debit", "completed", "fail", "failed"],
  ["debit", "requested", "cancel", "cancelled"],
  ["credit", "requested", "enter bank details", "processing"],
  ["credit", "processing", "initiate", "initiated"],
  ["credit", "initiated", "complete", "completed"],
  // Kept from before credits reached `initiated`: a credit may still settle in one step.
  ["credit", "processing", "complete", "completed"],
  ["credit", "requested", "fail", "failed"],
  ["credit", "processing", "fail", "failed"],
  ["credit", "initiated", "fail", "failed"],
  ["credit", "requested", "cancel", "cancelled"],
]

describe("transition: allowed moves", () => {
  it.each(ALLOWED)("%s %s --%s--> %s", (kind, from, action, to) => {
    const result = transition(kind, from, ACTIONS[action])
    expect(result).toMatchObject({ ok: true, state: to })
  })
})

const allowedKeys = new Set(ALLOWED.map(([kind, from, action]) => `${kind}|${from}|${action}`))
const REFUSED = (["debit", "credit"] as const).flatMap((kind) =>
  TRANSACTION_STATES.flatMap((from) =>
    Object.keys(ACTIONS)
      .filter((action) => !allowedKeys.has(`${kind}|${from}|${action}`))
      .map((action) => [kind, from, action] as const)
  )
)

describe("transition: everything else is refused", () => {
  it("covers the whole kind x state x action space", () => {
    expect(REFUSED.length + ALLOWED.length).toBe(2 * TRANSACTION_STATES.length * Object.keys(ACTIONS).length)
  })

  it.each(REFUSED)("%s %s --%s--> refused", (kind, from, action) => {
    const result = transition(kind, from, ACTIONS[action])
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.detail).toEqual(expect.any(String))
  })
})

describe("transition: details", () => {
  it.each([
    ["debit", "pay eft", "eft"],
    ["debit", "pay card", "card"],
    ["credit", "enter bank details", "eft"],
  ] as const)("%s %s records method %s", (kind, action, method) => {
    expect(transition(kind, "requested", ACTIONS[action])).toMatchObject({ method })
  })

  it.each([
    ["debit", "requested", "pull", "declined"],
    ["debit", "paid", "pull", "declined"],
    ["debit", "completed", "pull", "nsf"],
    ["credit", "processing", "push", "declined"],
    ["credit", "initiated", "push", "declined"],
  ] as const)("%s failing from %s: direction %s, default reason %s", (kind, from, direction, reason) => {
    expect(transition(kind, from, { type: "fail" })).toEqual({
      ok: true,
      state: "failed",
      failDirection: direction,
      failReason: reason,
    })
  })

  it("keeps a given fail reason", () => {
    expect(transition("debit", "completed", { type: "fail", reason: "account_frozen" })).toMatchObject({
      failReason: "account_frozen",
    })
  })

  it.each([
    ["requested", undefined],
    ["cancelled", ALREADY_CANCELLED],
    ["initiated", CANCEL_TOO_LATE],
    ["paid", CANCEL_TOO_LATE],
    ["completed", CANCEL_TOO_LATE],
    ["failed", CANCEL_TOO_LATE],
  ] as const)("cancel from %s -> %s", (from, refusal) => {
    const result = transition("debit", from, { type: "cancel" })
    if (refusal === undefined) expect(result).toEqual({ ok: true, state: "cancelled" })
    else expect(result).toEqual({ ok: false, detail: refusal })
  })
})
