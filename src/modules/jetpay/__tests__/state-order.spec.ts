import { furthestState, stateChange } from "../state-order"

describe("stateChange: a state only moves forward", () => {
  it.each([
    ["requested", "initiated", { kind: "advance", state: "initiated" }],
    ["requested", "paid", { kind: "advance", state: "paid" }],
    ["initiated", "completed", { kind: "advance", state: "completed" }],
    ["paid", "completed", { kind: "advance", state: "completed" }],
    ["requested", "cancelled", { kind: "advance", state: "cancelled" }],
    ["requested", "canceled", { kind: "advance", state: "cancelled" }],
    ["initiated", "failed", { kind: "advance", state: "failed" }],
    ["completed", "failed", { kind: "reversal", state: "failed" }],
    ["completed", "initiated", { kind: "none" }],
    ["completed", "paid", { kind: "none" }],
    ["completed", "completed", { kind: "none" }],
    ["failed", "completed", { kind: "none" }],
    ["cancelled", "requested", { kind: "none" }],
    ["initiated", "mystery", { kind: "none" }],
    ["mystery", "paid", { kind: "advance", state: "paid" }],
  ])("%s -> %s", (from, to, change) => {
    expect(stateChange(from, to)).toEqual(change)
  })
})

describe("furthestState", () => {
  it.each([
    ["requested", "initiated", "initiated"],
    ["completed", "paid", "completed"],
    ["requested", "requested", "requested"],
    ["mystery", "paid", "paid"],
    ["paid", "mystery", "paid"],
  ])("%s vs %s -> %s", (a, b, expected) => {
    expect(furthestState(a, b)).toBe(expected)
  })
})
