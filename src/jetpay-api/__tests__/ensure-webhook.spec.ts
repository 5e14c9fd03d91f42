import { JetpayClient } from "../client"
import { WEBHOOK_HEALTHY_STATES } from "../constants"
import { ensureWebhook, replayWebhook } from "../ensure-webhook"
import { JetpayApiError, JetpayInvalidRequestError } from "../errors"
import { startFakeWebhooks, webhookRecord, type FakeWebhookRecord, type FakeWebhooks } from "./support/fake-webhooks"

/**
 * ensureWebhook over real HTTP against a fake of Jetpay's webhook endpoints. A company has several
 * webhooks; the store's is the one with its URL, and no other is ever written to.
 */

const OURS = "https://shop.example/hooks/jetpay"

// The company's other webhooks: another store, a staging copy (given up on), another integration (paused).
const OTHERS: FakeWebhookRecord[] = [
  webhookRecord({ identifier: "wh-1", callback_url: "https://other-shop.example/hooks/jetpay" }),
  webhookRecord({ identifier: "wh-2", callback_url: "https://staging.shop.example/hooks/jetpay", state: "failed", last_sent_event_id: 90 }),
  webhookRecord({ identifier: "wh-3", callback_url: "https://erp.example/jetpay", state: "paused" }),
  // Same host, another path: not ours either.
  webhookRecord({ identifier: "wh-4", callback_url: "https://shop.example/hooks/jetpay-legacy" }),
]
const OTHER_IDS = OTHERS.map((webhook) => webhook.identifier)

let fake: FakeWebhooks | undefined

async function company(webhooks: FakeWebhookRecord[], options?: Parameters<typeof startFakeWebhooks>[1]) {
  fake = await startFakeWebhooks(webhooks, options)
  return { fake, client: new JetpayClient({ baseUrl: fake.url, apiKey: "token", retryBaseMs: 1 }) }
}

afterEach(async () => {
  await fake?.close()
  fake = undefined
})

function ours(fields: Partial<FakeWebhookRecord> = {}): FakeWebhookRecord {
  return webhookRecord({ identifier: "wh-9", callback_url: OURS, ...fields })
}

function expectOthersUntouched(server: FakeWebhooks) {
  for (const identifier of OTHER_IDS) {
    expect(server.requestsTo(identifier)).toEqual([])
  }
  expect(server.requests.filter((request) => request.method === "DELETE")).toEqual([])
}

function sent(server: FakeWebhooks) {
  return server.requests.map((request) => [request.method, request.url, request.body ? JSON.parse(request.body) : undefined])
}

describe("ensureWebhook", () => {
  it("registers the store's URL when only other webhooks exist, and touches none of them", async () => {
    const { fake, client } = await company(OTHERS)
    const result = await ensureWebhook(client, { callbackUrl: OURS, maxBatchSize: 20, maxWaitSeconds: 60 })
    expect(result).toEqual({ action: "registered", webhook: expect.objectContaining({ callback_url: OURS, state: "active" }) })
    expect(sent(fake)).toEqual([
      ["GET", "/webhooks/", undefined],
      ["POST", "/webhooks/", { callback_url: OURS, max_batch_size: 20, max_wait_seconds: 60 }],
    ])
    expectOthersUntouched(fake)
    expect(fake.webhooks).toHaveLength(OTHERS.length + 1)
  })

  it("registers with a replay start when the caller gives one", async () => {
    const { fake, client } = await company([])
    const result = await ensureWebhook(client, { callbackUrl: OURS, replayFromEventId: 501 })
    expect(result).toMatchObject({ action: "registered", replayedFrom: 501 })
    expect(sent(fake)[1]).toEqual(["POST", "/webhooks/", { callback_url: OURS, replay_from_event_id: 501 }])
  })

  it.each([...WEBHOOK_HEALTHY_STATES, "Active", " BACKING OFF "])(
    "leaves our webhook in healthy state %j unchanged (only a list is sent)",
    async (state) => {
      const { fake, client } = await company([...OTHERS, ours({ state })])
      const result = await ensureWebhook(client, { callbackUrl: OURS, maxBatchSize: 10, maxWaitSeconds: 60, replayFromEventId: 7 })
      expect(result).toEqual({ action: "unchanged", webhook: expect.objectContaining({ identifier: "wh-9", state }) })
      expect(fake.writes()).toEqual([])
    },
  )

  it("PATCHes only the settings that differ on a healthy webhook, never its state or URL", async () => {
    const { fake, client } = await company([...OTHERS, ours({ state: "dispatching", max_batch_size: 10, max_wait_seconds: 60 })])
    const result = await ensureWebhook(client, { callbackUrl: OURS, maxBatchSize: 50, maxWaitSeconds: 60 })
    expect(result).toEqual({ action: "updated", webhook: expect.objectContaining({ max_batch_size: 50, state: "dispatching" }) })
    expect(fake.writes().map((request) => [request.method, request.url, JSON.parse(request.body)])).toEqual([
      ["PATCH", "/webhooks/wh-9", { max_batch_size: 50 }],
    ])
    expectOthersUntouched(fake)
  })

  it("always sends a configured api key again, since Jetpay never shows it back", async () => {
    const { fake, client } = await company([...OTHERS, ours()])
    const result = await ensureWebhook(client, { callbackUrl: OURS, callbackApiKey: "k-1" })
    expect(result.action).toBe("updated")
    expect(fake.writes().map((request) => [request.method, request.url, JSON.parse(request.body)])).toEqual([
      ["PATCH", "/webhooks/wh-9", { callback_api_key: "k-1" }],
    ])
  })

  it("repairs our failed webhook: back to active, replaying from the caller's event id", async () => {
    const { fake, client } = await company([...OTHERS, ours({ state: "failed", last_sent_event_id: 130 })])
    const result = await ensureWebhook(client, { callbackUrl: OURS, maxBatchSize: 10, replayFromEventId: 121 })
    expect(result).toEqual({
      action: "repaired",
      webhook: expect.objectContaining({ identifier: "wh-9", state: "active" }),
      replayedFrom: 121,
    })
    expect(fake.writes().map((request) => [request.method, request.url, JSON.parse(request.body)])).toEqual([
      ["PATCH", "/webhooks/wh-9", { state: "active", replay_from_event_id: 121 }],
    ])
    // The staging copy is failed too, and stays so: it is not this store's.
    expect(fake.webhooks.find((webhook) => webhook.identifier === "wh-2")?.state).toBe("failed")
    expectOthersUntouched(fake)
  })

  it("repairs a failed webhook without a replay when the caller has no event id (no guess from last_sent_event_id)", async () => {
    const { fake, client } = await company([ours({ state: "failed", last_sent_event_id: 130 })])
    const result = await ensureWebhook(client, { callbackUrl: OURS, callbackApiKey: "k-1", maxWaitSeconds: 120 })
    expect(result).toEqual({ action: "repaired", webhook: expect.objectContaining({ state: "active", max_wait_seconds: 120 }) })
    expect(JSON.parse(fake.writes()[0].body)).toEqual({ state: "active", callback_api_key: "k-1", max_wait_seconds: 120 })
  })

  it("leaves a paused webhook paused, even with settings to send, and says it needs attention", async () => {
    const { fake, client } = await company([...OTHERS, ours({ state: "paused" })])
    const result = await ensureWebhook(client, { callbackUrl: OURS, callbackApiKey: "k-1", maxBatchSize: 99 })
    expect(result).toEqual({
      action: "unchanged",
      webhook: expect.objectContaining({ state: "paused" }),
      needsAttention: expect.stringContaining("paused"),
    })
    expect(fake.writes()).toEqual([])
  })

  it("leaves a webhook in a state it does not know as it is, and says so", async () => {
    const { fake, client } = await company([ours({ state: "suspended_by_jetpay" })])
    const result = await ensureWebhook(client, { callbackUrl: OURS, replayFromEventId: 3 })
    expect(result).toMatchObject({ action: "unchanged", needsAttention: expect.stringContaining("suspended_by_jetpay") })
    expect(fake.writes()).toEqual([])
  })

  it.each([
    ["a trailing slash on Jetpay's side", "https://shop.example/hooks/jetpay/", OURS],
    ["a trailing slash on ours", OURS, "https://shop.example/hooks/jetpay/"],
    ["scheme and host in another case", "HTTPS://Shop.Example/hooks/jetpay", OURS],
    ["an explicit default port", "https://shop.example:443/hooks/jetpay", OURS],
  ])("finds our webhook despite %s", async (_label, registered, input) => {
    const { fake, client } = await company([...OTHERS, ours({ callback_url: registered })])
    const result = await ensureWebhook(client, { callbackUrl: input })
    expect(result).toMatchObject({ action: "unchanged", webhook: { identifier: "wh-9" } })
    expect(fake.writes()).toEqual([])
  })

  it("does not take a webhook whose path differs in case for ours", async () => {
    const { fake, client } = await company([webhookRecord({ identifier: "wh-1", callback_url: "https://shop.example/Hooks/Jetpay" })])
    const result = await ensureWebhook(client, { callbackUrl: OURS })
    expect(result.action).toBe("registered")
    expect(fake.requestsTo("wh-1")).toEqual([])
  })

  describe("when the POST answers a validation error (the URL already exists)", () => {
    it.each([400, 409, 422])("%i: lists again and leaves a healthy one unchanged", async (status) => {
      const { fake, client } = await company(OTHERS, { refusePostWith: status, registerOnRefusal: { identifier: "wh-9" } })
      const result = await ensureWebhook(client, { callbackUrl: OURS })
      expect(result).toMatchObject({ action: "unchanged", webhook: { identifier: "wh-9", callback_url: OURS } })
      expect(fake.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
        "GET /webhooks/",
        "POST /webhooks/",
        "GET /webhooks/",
      ])
      expectOthersUntouched(fake)
    })

    it.each([400, 409, 422])("%i: lists again and repairs a failed one", async (status) => {
      const { fake, client } = await company(OTHERS, {
        refusePostWith: status,
        registerOnRefusal: { identifier: "wh-9", state: "failed" },
      })
      const result = await ensureWebhook(client, { callbackUrl: OURS, replayFromEventId: 12 })
      expect(result).toMatchObject({ action: "repaired", replayedFrom: 12, webhook: { identifier: "wh-9", state: "active" } })
      expect(fake.writes().map((request) => `${request.method} ${request.url}`)).toEqual(["POST /webhooks/", "PATCH /webhooks/wh-9"])
      expectOthersUntouched(fake)
    })

    it.each([400, 409, 422])("%i: rethrows when ours is still not listed", async (status) => {
      const { fake, client } = await company(OTHERS, { refusePostWith: status })
      const error = await ensureWebhook(client, { callbackUrl: OURS }).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(JetpayApiError)
      expect(error).toMatchObject({ status, method: "POST" })
      expect(fake.requests.map((request) => request.method)).toEqual(["GET", "POST", "GET"])
      expectOthersUntouched(fake)
    })

    it("rethrows any other refusal without listing again", async () => {
      const { fake, client } = await company(OTHERS, { refusePostWith: 403, registerOnRefusal: { identifier: "wh-9" } })
      const error = await ensureWebhook(client, { callbackUrl: OURS }).catch((caught: unknown) => caught)
      expect(error).toMatchObject({ status: 403 })
      expect(fake.requests.map((request) => request.method)).toEqual(["GET", "POST"])
    })
  })

  it.each<[string, Record<string, unknown>]>([
    ["a callback URL that is not a URL", { callbackUrl: "shop" }],
    ["a batch size of 0", { callbackUrl: OURS, maxBatchSize: 0 }],
    ["a negative replay start", { callbackUrl: OURS, replayFromEventId: -1 }],
  ])("refuses %s before sending anything", async (_label, input) => {
    const { fake, client } = await company([ours()])
    const error = await ensureWebhook(client, { callbackUrl: OURS, ...input }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(JetpayInvalidRequestError)
    expect(fake.requests).toEqual([])
  })
})

describe("replayWebhook", () => {
  it("PATCHes the replay start only, on the webhook named", async () => {
    const { fake, client } = await company([...OTHERS, ours({ state: "backing off" })])
    const webhook = await replayWebhook(client, "wh-9", 4242)
    expect(webhook).toMatchObject({ identifier: "wh-9", state: "backing off" })
    expect(sent(fake)).toEqual([["PATCH", "/webhooks/wh-9", { replay_from_event_id: 4242 }]])
  })

  it.each([-1, 1.5, Number.NaN])("refuses %p as a start before sending anything", async (fromEventId) => {
    const { fake, client } = await company([ours()])
    await expect(replayWebhook(client, "wh-9", fromEventId)).rejects.toBeInstanceOf(JetpayInvalidRequestError)
    expect(fake.requests).toEqual([])
  })

  it("fails with a 404 for a webhook Jetpay does not know", async () => {
    const { client } = await company([])
    await expect(replayWebhook(client, "wh-gone", 1)).rejects.toMatchObject({ status: 404 })
  })
})
