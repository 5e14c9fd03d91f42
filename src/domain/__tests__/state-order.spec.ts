import { furthestState } from "../state-order"

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
