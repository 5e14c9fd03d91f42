import { WEBHOOK_HEALTHY_STATES } from "../constants"
import { classifyWebhookState } from "../webhook-state"

describe("classifyWebhookState", () => {
  it.each([
    ["active", "healthy"],
    ["scheduled", "healthy"],
    ["dispatching", "healthy"],
    ["backing off", "healthy"],
    ["backing_off", "healthy"],
    ["backing-off", "healthy"],
    ["backingoff", "healthy"],
    ["Backing Off", "healthy"],
    [" ACTIVE ", "healthy"],
    ["paused", "paused"],
    ["Paused", "paused"],
    ["failed", "failed"],
    ["FAILED", "failed"],
    ["", "unknown"],
    ["disabled", "unknown"],
    ["backing  off", "unknown"],
    ["inactive", "unknown"],
  ])("%j is %s", (state, expected) => {
    expect(classifyWebhookState(state)).toBe(expected)
  })

  it("lists the documented healthy states, with every spelling of 'backing off'", () => {
    expect(WEBHOOK_HEALTHY_STATES).toEqual([
      "active",
      "scheduled",
      "dispatching",
      "backing off",
      "backing_off",
      "backing-off",
      "backingoff",
    ])
  })
})
