import { startSandbox, type Sandbox } from "../../../../sandbox"
import { JetpayClient } from "../client"
import { ensureWebhook } from "../ensure-webhook"

describe("ensureWebhook (against the sandbox)", () => {
  let sandbox: Sandbox
  let client: JetpayClient

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, minWaitSeconds: 0 })
    client = new JetpayClient({ baseUrl: sandbox.url, apiKey: "token" })
  })
  afterAll(() => sandbox.close())

  it("registers once, then leaves it, then follows a new URL or settings, with one webhook throughout", async () => {
    const first = await ensureWebhook(client, { callbackUrl: "http://127.0.0.1:9000/hooks/jetpay", maxWaitSeconds: 60 })
    expect(first.action).toBe("registered")
    expect(first.webhook).toMatchObject({ callback_url: "http://127.0.0.1:9000/hooks/jetpay", state: "active" })

    const second = await ensureWebhook(client, { callbackUrl: "http://127.0.0.1:9000/hooks/jetpay", maxWaitSeconds: 60 })
    expect(second).toEqual({ action: "unchanged", webhook: expect.objectContaining({ identifier: first.webhook.identifier }) })

    const moved = await ensureWebhook(client, { callbackUrl: "http://127.0.0.1:9001/hooks/jetpay" })
    expect(moved.action).toBe("updated")
    expect(moved.webhook).toMatchObject({ identifier: first.webhook.identifier, callback_url: "http://127.0.0.1:9001/hooks/jetpay" })

    const batch = await ensureWebhook(client, { callbackUrl: "http://127.0.0.1:9001/hooks/jetpay", maxBatchSize: 100 })
    expect(batch.action).toBe("updated")
    expect(batch.webhook.max_batch_size).toBe(100)

    await client.updateWebhook(first.webhook.identifier, { state: "paused" })
    const resumed = await ensureWebhook(client, { callbackUrl: "http://127.0.0.1:9001/hooks/jetpay" })
    expect(resumed.action).toBe("updated")
    expect(resumed.webhook.state).toBe("active")

    // A configured api key cannot be read back, so it is always sent again.
    const keyed = await ensureWebhook(client, { callbackUrl: "http://127.0.0.1:9001/hooks/jetpay", callbackApiKey: "k" })
    expect(keyed.action).toBe("updated")

    expect(await client.listWebhooks()).toHaveLength(1)
  })
})
