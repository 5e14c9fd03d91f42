// The delivery side of Jetpay's docs: several webhooks each delivering every event on their own,
// the states a webhook shows while delivering, the give-up to `failed`, and its repair.

import { startSandbox, type Sandbox } from "../index"
import { parseCliOptions } from "../cli"
import { client, type Client } from "./helpers/client"
import { sleep, startReceiver, waitUntil, type Receiver } from "./helpers/receiver"

let sandbox: Sandbox
let api: Client
let receivers: Receiver[] = []

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, minWaitSeconds: 0, webhookRetryBaseMs: 20, webhookGiveUpAfter: 3 })
  api = client(sandbox.url)
})

afterAll(() => sandbox.close())

beforeEach(() => api.post("/_sandbox/reset"))

afterEach(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()))
  receivers = []
})

async function newReceiver(): Promise<Receiver> {
  const receiver = await startReceiver()
  receivers.push(receiver)
  return receiver
}

async function register(receiver: Receiver, overrides: Record<string, unknown> = {}) {
  const answer = await api.post("/webhooks/", { callback_url: receiver.url, max_wait_seconds: 0, ...overrides })
  if (answer.status !== 201) throw new Error(`register: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body as { id: number; identifier: string; last_sent_event_id: number }
}

const idsOf = (receiver: Receiver) => receiver.received.flatMap((delivery) => delivery.body.events.map((event) => event.id))
const webhook = async (identifier: string) => (await api.get(`/webhooks/${identifier}`)).body
const newDebit = async () => (await api.debit((await api.contact()).identifier)).identifier
const pay = (id: string) => api.post(`/_sandbox/transactions/${id}/pay`, { method: "eft" })

describe("several webhooks", () => {
  it("delivers every event to each webhook, each with its own webhookId and cursor", async () => {
    const [a, b] = [await newReceiver(), await newReceiver()]
    const hookA = await register(a, { max_batch_size: 1 })
    const hookB = await register(b, { max_batch_size: 10 })
    const id = await newDebit()
    await pay(id)
    await waitUntil(() => idsOf(a).length >= 2 && idsOf(b).length >= 2, 5000, "both webhooks")
    expect(idsOf(a)).toEqual(idsOf(b))
    expect(a.received.every((delivery) => delivery.body.webhookId === hookA.id)).toBe(true)
    expect(b.received.every((delivery) => delivery.body.webhookId === hookB.id)).toBe(true)
    expect(a.received.every((delivery) => delivery.body.events.length === 1)).toBe(true)
    const last = Math.max(...idsOf(a))
    expect((await webhook(hookA.identifier)).last_sent_event_id).toBe(last)
    expect((await webhook(hookB.identifier)).last_sent_event_id).toBe(last)
  })

  it("keeps one webhook's failures in its own lane", async () => {
    const [healthy, broken] = [await newReceiver(), await newReceiver()]
    broken.respondWith(() => 500)
    const good = await register(healthy)
    const bad = await register(broken)
    await newDebit()
    await waitUntil(() => broken.received.length >= 2, 5000, "retries to the broken webhook")
    await newDebit()
    await waitUntil(() => idsOf(healthy).length >= 2, 5000, "the healthy webhook's events")
    expect((await webhook(good.identifier)).last_sent_event_id).toBe(Math.max(...idsOf(healthy)))
    expect((await webhook(bad.identifier)).last_sent_event_id).toBe(bad.last_sent_event_id)
  })

  it("PATCH and DELETE touch only the webhook they name", async () => {
    const [a, b] = [await newReceiver(), await newReceiver()]
    const hookA = await register(a)
    const hookB = await register(b)
    await api.patch(`/webhooks/${hookA.identifier}`, { state: "paused" })
    await newDebit()
    await b.waitFor(1)
    expect((await api.post("/_sandbox/webhooks/flush")).body).toMatchObject({ delivered: 0 })
    expect(a.received).toHaveLength(0)
    expect((await api.del(`/webhooks/${hookB.identifier}`)).body).toEqual({ ok: true })
    expect((await api.get("/webhooks/")).body.map((hook: { identifier: string }) => hook.identifier)).toEqual([hookA.identifier])
  })
})

describe("states", () => {
  it("is `scheduled` while a batch waits for max_wait_seconds, then `active` again", async () => {
    const receiver = await newReceiver()
    const hook = await register(receiver, { max_wait_seconds: 1 })
    expect((await webhook(hook.identifier)).state).toBe("active")
    await newDebit()
    expect((await webhook(hook.identifier)).state).toBe("scheduled")
    await receiver.waitFor(1, 3000)
    await waitUntil(async () => (await webhook(hook.identifier)).state === "active", 2000, "active after the delivery")
  })

  it("is `dispatching` while a delivery is in flight", async () => {
    const receiver = await newReceiver()
    receiver.respondWith(() => sleep(400).then(() => 200))
    const hook = await register(receiver)
    await newDebit()
    await receiver.waitFor(1)
    expect((await webhook(hook.identifier)).state).toBe("dispatching")
    await waitUntil(async () => (await webhook(hook.identifier)).state === "active", 2000, "active after the answer")
  })

  it("is `backing_off` between a refused delivery and its retry", async () => {
    const slow = await startSandbox({ minWaitSeconds: 0, webhookRetryBaseMs: 5_000 })
    try {
      const slowApi = client(slow.url)
      const receiver = await newReceiver()
      receiver.respondWith(() => 503)
      const hook = (await slowApi.post("/webhooks/", { callback_url: receiver.url, max_wait_seconds: 0 })).body
      await slowApi.debit((await slowApi.contact()).identifier)
      await receiver.waitFor(1)
      await waitUntil(
        async () => (await slowApi.get(`/webhooks/${hook.identifier}`)).body.state === "backing_off",
        2000,
        "backing_off"
      )
      // The control view also tells how many deliveries failed in a row.
      expect((await slowApi.get("/_sandbox/webhooks")).body[0]).toMatchObject({ state: "backing_off", consecutive_failures: 1 })
    } finally {
      await slow.close()
    }
  })

  it("shows `paused` as set", async () => {
    const hook = await register(await newReceiver())
    await api.patch(`/webhooks/${hook.identifier}`, { state: "paused" })
    expect((await api.get("/webhooks/")).body[0].state).toBe("paused")
  })
})

describe("give-up", () => {
  it("turns `failed` after webhookGiveUpAfter failed deliveries in a row, then delivers nothing", async () => {
    const receiver = await newReceiver()
    receiver.respondWith(() => 500)
    const hook = await register(receiver)
    await newDebit()
    await waitUntil(async () => (await webhook(hook.identifier)).state === "failed", 5000, "failed")
    expect(receiver.received).toHaveLength(3)
    const shown = await webhook(hook.identifier)
    expect(shown.last_sent_event_id).toBe(hook.last_sent_event_id)

    receiver.respondWith(() => 200)
    await newDebit()
    expect((await api.post("/_sandbox/webhooks/flush")).body).toEqual({ delivered: 0, batches: 0 })
    expect(receiver.received).toHaveLength(3)
    expect((await webhook(hook.identifier)).state).toBe("failed")
  })

  it("counts failures in a row only: a 2xx in between starts the count over", async () => {
    const receiver = await newReceiver()
    // Fails twice, succeeds, then fails twice again: never three in a row.
    receiver.respondWith((_, index) => (index % 3 === 2 ? 200 : 500))
    const hook = await register(receiver, { max_batch_size: 1 })
    const id = await newDebit()
    await pay(id)
    await waitUntil(() => receiver.received.length >= 6, 5000, "six deliveries")
    await api.post("/_sandbox/webhooks/flush") // the last answer is in
    expect((await webhook(hook.identifier)).state).not.toBe("failed")
  })

  it("a PATCH to `active` repairs it and sends again from the cursor", async () => {
    const receiver = await newReceiver()
    receiver.respondWith(() => 500)
    const hook = await register(receiver)
    await newDebit()
    await waitUntil(async () => (await webhook(hook.identifier)).state === "failed", 5000, "failed")
    const missed = receiver.received[0].body.events.map((event) => event.id)

    receiver.respondWith(() => 200)
    const repaired = await api.patch(`/webhooks/${hook.identifier}`, { state: "active" })
    expect(repaired.body.state).not.toBe("failed")
    await receiver.waitFor(4)
    expect(receiver.received[3].body.events.map((event) => event.id)).toEqual(missed)
    await waitUntil(async () => (await webhook(hook.identifier)).last_sent_event_id === missed[0], 2000, "cursor moved")
    expect((await api.get("/_sandbox/webhooks")).body[0].consecutive_failures).toBe(0)
  })

  it("PATCH {state: active, replay_from_event_id: X} re-delivers from X inclusive", async () => {
    const receiver = await newReceiver()
    const hook = await register(receiver)
    const first = await newDebit()
    await pay(first)
    await waitUntil(() => idsOf(receiver).length >= 2, 5000, "the first two events")
    const [x] = idsOf(receiver)

    receiver.respondWith(() => 500)
    await newDebit()
    await waitUntil(async () => (await webhook(hook.identifier)).state === "failed", 5000, "failed")
    const failedCount = receiver.received.length

    receiver.respondWith(() => 200)
    const patched = await api.patch(`/webhooks/${hook.identifier}`, { state: "active", replay_from_event_id: x })
    expect(patched.body.last_sent_event_id).toBe(x - 1)
    await waitUntil(() => receiver.received.length > failedCount, 5000, "the replay")
    await waitUntil(async () => (await webhook(hook.identifier)).last_sent_event_id === x + 2, 5000, "all three events")
    const replayed = receiver.received.slice(failedCount).flatMap((delivery) => delivery.body.events.map((event) => event.id))
    expect(replayed).toEqual([x, x + 1, x + 2])
  })

  it("a replay alone leaves a failed webhook failed", async () => {
    const receiver = await newReceiver()
    receiver.respondWith(() => 500)
    const hook = await register(receiver)
    await newDebit()
    await waitUntil(async () => (await webhook(hook.identifier)).state === "failed", 5000, "failed")
    const patched = await api.patch(`/webhooks/${hook.identifier}`, { replay_from_event_id: 1 })
    expect(patched.body).toMatchObject({ state: "failed", last_sent_event_id: 0 })
    // A failed webhook is not active: a flush sends it nothing, replay or not.
    expect((await api.post("/_sandbox/webhooks/flush")).body).toEqual({ delivered: 0, batches: 0 })
    expect(receiver.received).toHaveLength(3)
  })

  it("refuses `failed` as a state a client sets", async () => {
    const hook = await register(await newReceiver())
    expect((await api.patch(`/webhooks/${hook.identifier}`, { state: "failed" })).status).toBe(422)
  })

  it("follows webhook_give_up_after changed at run time, and reset puts the option back", async () => {
    expect((await api.post("/_sandbox/settings", { webhook_give_up_after: 1 })).body).toMatchObject({ webhook_give_up_after: 1 })
    const receiver = await newReceiver()
    receiver.respondWith(() => 500)
    const hook = await register(receiver)
    await newDebit()
    await waitUntil(async () => (await webhook(hook.identifier)).state === "failed", 5000, "failed")
    expect(receiver.received).toHaveLength(1)
    await api.post("/_sandbox/reset")
    expect((await api.get("/_sandbox/settings")).body).toMatchObject({ webhook_give_up_after: 3 })
  })
})

describe("options", () => {
  it("defaults to 8, refuses a bad value, and takes --webhook-give-up-after", async () => {
    const plain = await startSandbox()
    try {
      expect((await client(plain.url).get("/_sandbox/settings")).body).toMatchObject({ webhook_give_up_after: 8 })
    } finally {
      await plain.close()
    }
    await expect(startSandbox({ webhookGiveUpAfter: 0 })).rejects.toThrow(/webhookGiveUpAfter/)
    expect(parseCliOptions(["--webhook-give-up-after", "4"], {}).webhookGiveUpAfter).toBe(4)
    expect(() => parseCliOptions(["--webhook-give-up-after", "x"], {})).toThrow(/webhook-give-up-after/)
  })
})
