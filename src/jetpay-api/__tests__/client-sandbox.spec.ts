import { performance } from "node:perf_hooks"
import { startSandbox, type Sandbox } from "../../../sandbox"
import {
  JetpayApiError,
  JetpayClient,
  JetpayTimeoutError,
  WebhookVerificationError,
  createWebhookVerifier,
  normalizeTransactionState,
  parseWebhookBatch,
  type JetpayClientConfig,
} from "../index"
import { startTestServer, type TestServer } from "./support/test-server"

/**
 * The client against the local Jetpay sandbox on port 0: every method, the retry rules through
 * the sandbox's fault switches, and webhook batches the sandbox signs checked by our verifier.
 */

const TOKEN = "sandbox-test-token"
const BANK_ACCOUNT = "7b0b6f6e-5d0c-4c4b-9a57-3d2f0d1c9e11"

let sandbox: Sandbox

beforeAll(async () => {
  // minWaitSeconds 0: webhook batching is not what these tests wait for.
  sandbox = await startSandbox({ port: 0, token: TOKEN, minWaitSeconds: 0 })
})

afterAll(async () => {
  await sandbox.close()
})

beforeEach(async () => {
  await control("POST", "/_sandbox/reset")
})

/** The sandbox's control API (/_sandbox/...), which stands for the payer, the bank, the network. */
async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) {
    throw new Error(`control ${method} ${path} answered ${response.status}: ${await response.text()}`)
  }
  return response.json()
}

interface LoggedRequest {
  method: string
  path: string
  status: number | null
}

function isLoggedRequest(value: unknown): value is LoggedRequest {
  return typeof value === "object" && value !== null && "method" in value && "path" in value
}

async function requestLog(method: string, path: string): Promise<LoggedRequest[]> {
  const log = await control("GET", "/_sandbox/requests")
  if (!Array.isArray(log)) throw new Error("the request log is not a list")
  return log.filter(isLoggedRequest).filter((entry) => entry.method === method && entry.path === path)
}

function makeClient(overrides: Partial<JetpayClientConfig> = {}): JetpayClient {
  return new JetpayClient({ baseUrl: sandbox.url, apiKey: TOKEN, timeoutMs: 3000, retryBaseMs: 20, ...overrides })
}

async function newDebit(client: JetpayClient, amount = 10000) {
  const contact = await client.createContact({ email: "pat@example.com", name: "Pat Payer", tags: ["medusa"], language: "en" })
  const debit = await client.createDebit({
    amount,
    statement: "SHOP ORDER 1001",
    note: "cart_01",
    toBankAccount: BANK_ACCOUNT,
    contactId: contact.identifier,
  })
  return { contact, debit }
}

describe("JetpayClient against the sandbox", () => {
  it("contact -> debit -> status -> pay -> status -> cancel refused", async () => {
    const client = makeClient()
    const { contact, debit } = await newDebit(client)
    expect(contact).toMatchObject({ email: "pat@example.com", name: "Pat Payer", language: "en" })
    expect(debit.amount).toBe(10000)
    expect(debit.link).toContain(debit.identifier)
    expect(debit.customer_surcharge_amount).toBeGreaterThan(0)

    const before = await client.getTransactionStatus(debit.identifier)
    expect(normalizeTransactionState(before.state)).toEqual({ known: true, state: "requested" })

    await control("POST", `/_sandbox/transactions/${debit.identifier}/pay`, { method: "eft" })
    const after = await client.getTransactionStatus(debit.identifier)
    expect(normalizeTransactionState(after.state)).toEqual({ known: true, state: "initiated" })

    const refused = await client.cancelTransaction(debit.identifier).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(JetpayApiError)
    expect(refused).toMatchObject({ method: "DELETE", status: 400, retryable: false })
    expect(String(refused)).toContain(`Jetpay rejected DELETE /transaction/${debit.identifier} (400): `)
  })

  it("a card payment is paid", async () => {
    const client = makeClient()
    const { debit } = await newDebit(client)
    await control("POST", `/_sandbox/transactions/${debit.identifier}/pay`, { method: "card" })
    expect((await client.getTransactionStatus(debit.identifier)).state).toBe("paid")
  })

  it("cancels a requested debit", async () => {
    const client = makeClient()
    const { debit } = await newDebit(client)
    await expect(client.cancelTransaction(debit.identifier)).resolves.toEqual({ ok: true })
    const status = await client.getTransactionStatus(debit.identifier)
    expect(normalizeTransactionState(status.state)).toEqual({ known: true, state: "cancelled" })
  })

  it("reports a failure with its reason and direction", async () => {
    const client = makeClient()
    const { debit } = await newDebit(client)
    await control("POST", `/_sandbox/transactions/${debit.identifier}/pay`, { method: "eft" })
    await control("POST", `/_sandbox/transactions/${debit.identifier}/advance`, { state: "failed", fail_reason: "account_frozen" })
    await expect(client.getTransactionStatus(debit.identifier)).resolves.toMatchObject({
      state: "failed",
      fail_reason: "account_frozen",
      fail_direction: "pull",
    })
  })

  it("answers 404 for an unknown transaction", async () => {
    await expect(makeClient().getTransactionStatus("no-such-transaction")).rejects.toThrow(
      "Jetpay rejected GET /transaction/no-such-transaction/status (404): Transaction not found",
    )
  })

  it("creates credits, with a link or straight to a saved payee account", async () => {
    const client = makeClient()
    const { contact } = await newDebit(client)
    const viaLink = await client.createCredit({
      amount: 2500,
      statement: "SHOP REFUND 1001",
      fromBankAccount: BANK_ACCOUNT,
      contactId: contact.identifier,
    })
    expect(viaLink).toMatchObject({ amount: 2500, state: "requested" })
    expect(viaLink.link).toEqual(expect.stringContaining(viaLink.identifier))

    const direct = await client.createCredit({
      amount: 1000,
      statement: "SHOP REFUND 1002",
      fromBankAccount: BANK_ACCOUNT,
      contactId: contact.identifier,
      toBankAccount: "payee-account-1",
    })
    expect(direct.state).toBe("processing")
  })

  it("registers, lists, reads, updates and deletes a webhook", async () => {
    const client = makeClient()
    const created = await client.registerWebhook({
      callbackUrl: "http://127.0.0.1:9/hooks/jetpay",
      callbackApiKey: "callback-secret",
      maxBatchSize: 10,
      maxWaitSeconds: 60,
    })
    expect(created).toMatchObject({ callback_url: "http://127.0.0.1:9/hooks/jetpay", state: "active", max_batch_size: 10 })

    await expect(client.listWebhooks()).resolves.toEqual([created])
    await expect(client.getWebhook(created.identifier)).resolves.toEqual(created)

    const updated = await client.updateWebhook(created.identifier, { maxBatchSize: 50, state: "paused" })
    expect(updated).toMatchObject({ identifier: created.identifier, max_batch_size: 50, state: "paused" })

    await expect(client.deleteWebhook(created.identifier)).resolves.toBeUndefined()
    await expect(client.listWebhooks()).resolves.toEqual([])
    await expect(client.getWebhook(created.identifier)).rejects.toMatchObject({ status: 404 })
  })

  it("reads the JWKS", async () => {
    const jwks = await makeClient().getJwks()
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: "RSA", kid: expect.any(String), alg: "RS256" })])
  })

  it("is refused with a wrong token, and says to check it", async () => {
    const error = await makeClient({ apiKey: "wrong-token" })
      .getTransactionStatus("t-1")
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ status: 401, retryable: false })
    expect(String(error)).toContain("Check the API token")
    expect(String(error)).not.toContain("wrong-token")
  })

  describe("webhooks the sandbox signs", () => {
    let receiver: TestServer

    beforeEach(async () => {
      receiver = await startTestServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" })
        res.end("{}")
      })
    })

    afterEach(async () => {
      await receiver.close()
    })

    async function deliver(): Promise<void> {
      const client = makeClient()
      await client.registerWebhook({ callbackUrl: `${receiver.url}/hooks/jetpay`, maxWaitSeconds: 3600 })
      await newDebit(client)
      await control("POST", "/_sandbox/webhooks/flush")
    }

    it("are accepted by the verifier and parse as a batch", async () => {
      await deliver()
      expect(receiver.requests.length).toBeGreaterThanOrEqual(1)
      const [delivery] = receiver.requests
      const verifier = createWebhookVerifier({ jwksUrl: `${sandbox.url}/.well-known/jwks.json` })
      const verified = await verifier.verify(delivery.headers.authorization, delivery.raw)
      expect(verified.kid).toEqual(expect.any(String))
      const batch = parseWebhookBatch(JSON.parse(delivery.body))
      expect(batch.events[0]).toMatchObject({ type: "transactions.debits.created", data: { state: "requested" } })
    })

    it("with a bad signature are refused", async () => {
      await control("POST", "/_sandbox/webhooks/faults", { bad_signature: 1 })
      await deliver()
      const [delivery] = receiver.requests
      const verifier = createWebhookVerifier({ jwksUrl: `${sandbox.url}/.well-known/jwks.json` })
      const error = await verifier.verify(delivery.headers.authorization, delivery.raw).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(WebhookVerificationError)
      expect(error).toMatchObject({ reason: "bad_signature" })
    })
  })

  describe("retries through the sandbox's faults", () => {
    it("sends a PUT /debit that times out once, and reports its outcome as unknown instead of resending it", async () => {
      const client = makeClient({ timeoutMs: 500 })
      const contact = await client.createContact({ email: "pat@example.com", name: "Pat Payer", language: "en" })
      // process: true: the sandbox creates the debit, then never answers.
      await control("POST", "/_sandbox/faults", { method: "PUT", path: "/debit", timeout: true, process: true })
      const error = await client
        .createDebit({ amount: 5000, statement: "SHOP ORDER 1002", toBankAccount: BANK_ACCOUNT, contactId: contact.identifier })
        .catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(JetpayTimeoutError)
      expect(error).toMatchObject({ outcomeUnknown: true })
      expect(String(error)).toContain("NOT resent")
      expect(await requestLog("PUT", "/debit")).toHaveLength(1)
      // The debit exists in Jetpay: exactly one, since the PUT was not sent again.
      const transactions = await control("GET", "/_sandbox/transactions")
      expect(Array.isArray(transactions) && transactions.length).toBe(1)
    })

    it("retries GET status after a 503 with Retry-After", async () => {
      const client = makeClient()
      const { debit } = await newDebit(client)
      await control("POST", "/_sandbox/faults", {
        method: "GET",
        path: `/transaction/${debit.identifier}/status`,
        status: 503,
        retry_after: 1,
      })
      const started = performance.now()
      await expect(client.getTransactionStatus(debit.identifier)).resolves.toMatchObject({ state: "requested" })
      expect(performance.now() - started).toBeGreaterThanOrEqual(1000)
      const log = await requestLog("GET", `/transaction/${debit.identifier}/status`)
      expect(log.map((entry) => entry.status)).toEqual([503, 200])
    })

    it("retries a PUT /debit refused with 429, and does not retry one that failed with 500", async () => {
      const client = makeClient()
      const contact = await client.createContact({ email: "pat@example.com", name: "Pat Payer", language: "en" })
      const debitInput = { amount: 5000, statement: "SHOP ORDER 1003", toBankAccount: BANK_ACCOUNT, contactId: contact.identifier }

      await control("POST", "/_sandbox/faults", { method: "PUT", path: "/debit", status: 429, retry_after: 0 })
      await expect(client.createDebit(debitInput)).resolves.toMatchObject({ amount: 5000 })
      expect((await requestLog("PUT", "/debit")).map((entry) => entry.status)).toEqual([429, 200])

      await control("DELETE", "/_sandbox/requests")
      await control("POST", "/_sandbox/faults", { method: "PUT", path: "/debit", status: 500 })
      await expect(client.createDebit(debitInput)).rejects.toMatchObject({ status: 500, retryable: false })
      expect((await requestLog("PUT", "/debit")).map((entry) => entry.status)).toEqual([500])
    })

    it("retries a GET that timed out", async () => {
      const client = makeClient({ timeoutMs: 400 })
      const { debit } = await newDebit(client)
      await control("POST", "/_sandbox/faults", { method: "GET", path: "/transaction/", timeout: true })
      await expect(client.getTransactionStatus(debit.identifier)).resolves.toMatchObject({ state: "requested" })
      expect((await requestLog("GET", `/transaction/${debit.identifier}/status`)).map((entry) => entry.status)).toEqual([
        null,
        200,
      ])
    })
  })
})
