import { webhookSchema } from "../schemas"
import { planWebhookChange, type WebhookPlan, type WebhookSettings, classifyWebhookState } from "../webhook-plan"
import { WEBHOOK_HEALTHY_STATES } from "../constants"

const webhook = (fields: Record<string, unknown> = {}) =>
  webhookSchema.parse({
    id: 9,
    identifier: "wh-9",
    callback_url: "https://shop.example/hooks/jetpay",
    state: "active",
    last_sent_event_id: 130,
    max_batch_size: 10,
    max_wait_seconds: 60,
    ...fields,
  })

describe("planWebhookChange", () => {
  it.each<[string, Record<string, unknown>, WebhookSettings, WebhookPlan]>([
    ["healthy, nothing asked", {}, {}, { action: "unchanged" }],
    ["healthy, same settings", {}, { maxBatchSize: 10, maxWaitSeconds: 60 }, { action: "unchanged" }],
    ["healthy, a replay start (ignored while delivering)", { state: "scheduled" }, { replayFromEventId: 5 }, { action: "unchanged" }],
    ["healthy, another batch size", {}, { maxBatchSize: 50, maxWaitSeconds: 60 }, { action: "updated", patch: { maxBatchSize: 50 } }],
    ["healthy, another wait", { state: "backing_off" }, { maxWaitSeconds: 300 }, { action: "updated", patch: { maxWaitSeconds: 300 } }],
    ["healthy, settings Jetpay does not show", { max_batch_size: null }, { maxBatchSize: 10 }, { action: "updated", patch: { maxBatchSize: 10 } }],
    ["healthy, an api key", { state: "dispatching" }, { callbackApiKey: "k" }, { action: "updated", patch: { callbackApiKey: "k" } }],
    [
      "failed, with a replay start",
      { state: "failed" },
      { replayFromEventId: 121 },
      { action: "repaired", patch: { state: "active", replayFromEventId: 121 }, replayedFrom: 121 },
    ],
    [
      "failed, a replay start of 0",
      { state: "failed", last_sent_event_id: null },
      { replayFromEventId: 0 },
      { action: "repaired", patch: { state: "active", replayFromEventId: 0 }, replayedFrom: 0 },
    ],
    ["failed, no replay start", { state: "failed" }, {}, { action: "repaired", patch: { state: "active" } }],
    [
      "failed, with settings",
      { state: "Failed" },
      { maxBatchSize: 20, maxWaitSeconds: 60, callbackApiKey: "k", replayFromEventId: 7 },
      { action: "repaired", patch: { maxBatchSize: 20, callbackApiKey: "k", state: "active", replayFromEventId: 7 }, replayedFrom: 7 },
    ],
  ])("%s", (_label, fields, settings, plan) => {
    expect(planWebhookChange(webhook(fields), settings)).toEqual(plan)
  })

  it.each<[string, string]>([
    ["paused", "is paused"],
    ["deactivated", 'state this plugin does not know ("deactivated")'],
  ])("leaves a %s webhook as it is, whatever is asked, and says why", (state, reason) => {
    const plan = planWebhookChange(webhook({ state }), { callbackApiKey: "k", maxBatchSize: 99, replayFromEventId: 3 })
    expect(plan).toEqual({ action: "unchanged", needsAttention: expect.stringContaining(reason) })
  })
})

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
