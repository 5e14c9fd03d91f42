import { inspect } from "node:util"
import { performance } from "node:perf_hooks"
import {
  JetpayApiError,
  JetpayClient,
  JetpayConfigError,
  JetpayError,
  JetpayInvalidRequestError,
  JetpayNetworkError,
  JetpayResponseError,
  JetpayTimeoutError,
  isNotFound,
  type JetpayClientConfig,
} from "../index"
import { closedPort, sendJson, startTestServer, type Handler, type TestServer } from "./support/test-server"

/**
 * The client over real HTTP against a scripted local server: retries, timeouts, error mapping
 * and what errors must never contain.
 */

const TOKEN = "jp_test_S3cr3t-token-0123456789"
const EMAIL = "jane.doe@example.com"
const DEBIT = { identifier: "d-1", link: "https://jetpay.example/payment/pay/d-1", amount: 10000, customer_surcharge_amount: 350 }
const STATUS = { state: "requested", fail_reason: null, fail_direction: null }
const DEBIT_INPUT = { amount: 10000, statement: "SHOP ORDER 1001", toBankAccount: "ba-1", contactId: "c-1" }

let server: TestServer | undefined

async function serve(handler: Handler): Promise<TestServer> {
  server = await startTestServer(handler)
  return server
}

afterEach(async () => {
  await server?.close()
  server = undefined
})

function makeClient(baseUrl: string, overrides: Partial<JetpayClientConfig> = {}): JetpayClient {
  return new JetpayClient({
    baseUrl,
    apiKey: TOKEN,
    timeoutMs: 2000,
    maxAttempts: 3,
    maxRetryTimeMs: 10_000,
    retryBaseMs: 10,
    ...overrides,
  })
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail")
    },
    (error: unknown) => error,
  )
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

describe("JetpayClient over HTTP", () => {
  describe("requests", () => {
    it("sends the token as a Bearer header and the body as JSON with Jetpay's names", async () => {
      const s = await serve((_req, res) => sendJson(res, 200, DEBIT))
      await makeClient(s.url).createDebit({ ...DEBIT_INPUT, note: "cart_1" })
      const [request] = s.requests
      expect(request.method).toBe("PUT")
      expect(request.url).toBe("/debit")
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`)
      expect(request.headers["content-type"]).toMatch(/^application\/json/)
      expect(JSON.parse(request.body)).toEqual({
        amount: 10000,
        statement: "SHOP ORDER 1001",
        note: "cart_1",
        to_bank_account: "ba-1",
        contact_id: "c-1",
      })
    })

    it.each([200, 201])("accepts %i as success", async (status) => {
      const s = await serve((_req, res) => sendJson(res, status, DEBIT))
      await expect(makeClient(s.url).createDebit(DEBIT_INPUT)).resolves.toEqual(DEBIT)
    })

    it("keeps a path prefix of the base URL and ignores its trailing slash", async () => {
      const s = await serve((_req, res) => sendJson(res, 200, STATUS))
      await makeClient(`${s.url}/api/`).getTransactionStatus("t-1")
      expect(s.requests[0].url).toBe("/api/transaction/t-1/status")
    })

    it("URL-encodes ids in paths", async () => {
      const s = await serve((_req, res) => sendJson(res, 200, STATUS))
      await makeClient(s.url).getTransactionStatus("a/b c?x")
      expect(s.requests[0].url).toBe("/transaction/a%2Fb%20c%3Fx/status")
    })

    it.each([
      ["zero", 0],
      ["fractional", 99.5],
      ["negative", -1],
      ["unsafe", Number.MAX_SAFE_INTEGER + 1],
    ])("refuses a %s amount without sending anything", async (_label, amount) => {
      const s = await serve((_req, res) => sendJson(res, 200, DEBIT))
      const error = await failure(makeClient(s.url).createDebit({ ...DEBIT_INPUT, amount }))
      expect(error).toBeInstanceOf(JetpayInvalidRequestError)
      expect(String(error)).toContain("amount: must be a positive whole number")
      expect(s.requests).toHaveLength(0)
    })

    it("refuses an empty id without sending anything", async () => {
      const s = await serve((_req, res) => sendJson(res, 200, STATUS))
      await expect(makeClient(s.url).cancelTransaction("")).rejects.toBeInstanceOf(JetpayInvalidRequestError)
      expect(s.requests).toHaveLength(0)
    })
  })

  describe("retries", () => {
    it("retries a GET after a 503, then succeeds", async () => {
      const s = await serve((_req, res, i) => (i === 0 ? sendJson(res, 503, { detail: "busy" }) : sendJson(res, 200, STATUS)))
      await expect(makeClient(s.url).getTransactionStatus("t-1")).resolves.toEqual(STATUS)
      expect(s.requests).toHaveLength(2)
    })

    it("waits at least Retry-After seconds before retrying", async () => {
      const s = await serve((_req, res, i) =>
        i === 0 ? sendJson(res, 503, { detail: "busy" }, { "Retry-After": "1" }) : sendJson(res, 200, STATUS),
      )
      await makeClient(s.url).getTransactionStatus("t-1")
      expect(s.requests).toHaveLength(2)
      expect(s.requests[1].at - s.requests[0].at).toBeGreaterThanOrEqual(1000)
    })

    it("waits until a Retry-After HTTP-date before retrying", async () => {
      let retryAt = 0
      const s = await serve((_req, res, i) => {
        if (i === 0) {
          // An HTTP-date has whole seconds: 2 s ahead, truncated, is 1 to 2 s away.
          const date = new Date(Date.now() + 2000).toUTCString()
          retryAt = Date.parse(date)
          sendJson(res, 503, { detail: "busy" }, { "Retry-After": date })
        } else {
          sendJson(res, 200, STATUS)
        }
      })
      await makeClient(s.url).getTransactionStatus("t-1")
      expect(s.requests).toHaveLength(2)
      expect(s.requests[1].at - s.requests[0].at).toBeGreaterThanOrEqual(1000)
      expect(Date.now()).toBeGreaterThanOrEqual(retryAt)
    })

    it("retries a PUT after a 429", async () => {
      const s = await serve((_req, res, i) =>
        i === 0 ? sendJson(res, 429, { detail: "slow down" }, { "Retry-After": "0" }) : sendJson(res, 201, DEBIT),
      )
      await expect(makeClient(s.url).createDebit(DEBIT_INPUT)).resolves.toEqual(DEBIT)
      expect(s.requests).toHaveLength(2)
      expect(s.requests[1].body).toBe(s.requests[0].body)
    })

    it.each([500, 502, 503, 504])("does not retry a PUT after a %i (a proxy may answer it after Jetpay acted)", async (status) => {
      const s = await serve((_req, res) => sendJson(res, status, { detail: "internal error" }))
      const error = await failure(makeClient(s.url).createDebit(DEBIT_INPUT))
      expect(error).toBeInstanceOf(JetpayApiError)
      expect(error).toMatchObject({ status, method: "PUT", path: "/debit", retryable: false, attempts: 1 })
      expect(String(error)).toContain(`Jetpay failed to handle PUT /debit (${status}): internal error`)
      expect(s.requests).toHaveLength(1)
    })

    it.each([400, 404, 409, 422])("does not retry a GET after a %i", async (status) => {
      const s = await serve((_req, res) => sendJson(res, status, { detail: "no" }))
      await expect(makeClient(s.url).getTransactionStatus("t-1")).rejects.toMatchObject({ status, retryable: false })
      expect(s.requests).toHaveLength(1)
    })

    it("retries a DELETE after a 500", async () => {
      const s = await serve((_req, res, i) => (i === 0 ? sendJson(res, 500, {}) : sendJson(res, 200, { ok: true })))
      await expect(makeClient(s.url).cancelTransaction("t-1")).resolves.toEqual({ ok: true })
      expect(s.requests).toHaveLength(2)
    })

    it("sends a PUT that times out exactly once, and says it was not resent", async () => {
      const s = await serve(() => {
        // Never answers: the request arrived, the outcome is unknown to the client.
      })
      // The client's whole retry loop has run once the call failed: one request, never resent.
      const error = await failure(makeClient(s.url, { timeoutMs: 300 }).createDebit(DEBIT_INPUT))
      expect(s.requests).toHaveLength(1)
      expect(error).toBeInstanceOf(JetpayTimeoutError)
      expect(error).toMatchObject({ outcomeUnknown: true, retryable: false, method: "PUT", path: "/debit", attempts: 1 })
      expect(String(error)).toContain("Jetpay did not answer PUT /debit within 300 ms")
      expect(String(error)).toContain("may have reached Jetpay and was NOT resent")
    })

    it("retries a GET that timed out", async () => {
      const s = await serve((_req, res, i) => {
        if (i > 0) sendJson(res, 200, STATUS)
      })
      await expect(makeClient(s.url, { timeoutMs: 300 }).getTransactionStatus("t-1")).resolves.toEqual(STATUS)
      expect(s.requests).toHaveLength(2)
    })

    it("gives up on a GET that keeps timing out, with a retryable JetpayTimeoutError", async () => {
      const s = await serve(() => undefined)
      const error = await failure(makeClient(s.url, { timeoutMs: 200 }).getTransactionStatus("t-1"))
      expect(error).toBeInstanceOf(JetpayTimeoutError)
      expect(error).toMatchObject({ outcomeUnknown: false, retryable: true, attempts: 3 })
      expect(String(error)).toContain("after 3 attempts")
      expect(s.requests).toHaveLength(3)
    })

    it("times out a slowly trickling answer (a deadline, not an idle timer)", async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" })
        const timer = setInterval(() => res.write(" "), 50)
        res.on("close", () => clearInterval(timer))
      })
      const error = await failure(makeClient(s.url, { timeoutMs: 300 }).createDebit(DEBIT_INPUT))
      expect(error).toBeInstanceOf(JetpayTimeoutError)
      expect(s.requests).toHaveLength(1)
    })

    it("retries a PUT whose connection is refused, then fails with JetpayNetworkError", async () => {
      const lines: string[] = []
      const port = await closedPort()
      const error = await failure(
        makeClient(`http://127.0.0.1:${port}`, { logger: { warn: (line) => lines.push(line) } }).createDebit(DEBIT_INPUT),
      )
      expect(error).toBeInstanceOf(JetpayNetworkError)
      expect(error).toMatchObject({ reachedServer: false, outcomeUnknown: false, retryable: true, attempts: 3, code: "ECONNREFUSED" })
      expect(String(error)).toContain("Could not connect to Jetpay for PUT /debit (ECONNREFUSED) after 3 attempts")
      expect(lines).toHaveLength(2)
    })

    it("retries a PUT whose host name does not resolve (it was never sent)", async () => {
      const lines: string[] = []
      const error = await failure(
        makeClient("http://jetpay-test.invalid", { maxAttempts: 2, logger: { warn: (line) => lines.push(line) } }).createDebit(
          DEBIT_INPUT,
        ),
      )
      expect(error).toBeInstanceOf(JetpayNetworkError)
      expect(error).toMatchObject({ reachedServer: false, attempts: 2 })
      expect(["ENOTFOUND", "EAI_AGAIN"]).toContain(error instanceof JetpayNetworkError ? error.code : undefined)
      expect(lines).toHaveLength(1)
    })

    it("does not retry a PUT whose connection broke after sending", async () => {
      const s = await serve((req) => req.socket.destroy())
      const error = await failure(makeClient(s.url).createDebit(DEBIT_INPUT))
      await pause(100)
      expect(error).toBeInstanceOf(JetpayNetworkError)
      expect(error).toMatchObject({ reachedServer: true, outcomeUnknown: true, retryable: false })
      expect(String(error)).toContain("may have reached Jetpay and was NOT resent")
      expect(s.requests).toHaveLength(1)
    })

    it("retries a GET whose connection broke", async () => {
      const s = await serve((req, res, i) => (i === 0 ? req.socket.destroy() : sendJson(res, 200, STATUS)))
      await expect(makeClient(s.url).getTransactionStatus("t-1")).resolves.toEqual(STATUS)
      expect(s.requests).toHaveLength(2)
    })

    it("stops at maxAttempts", async () => {
      const s = await serve((_req, res) => sendJson(res, 503, { detail: "down" }))
      const error = await failure(makeClient(s.url, { maxAttempts: 4 }).getTransactionStatus("t-1"))
      expect(s.requests).toHaveLength(4)
      expect(error).toMatchObject({ status: 503, attempts: 4, retryable: true })
      expect(String(error)).toBe("JetpayApiError: Jetpay failed to handle GET /transaction/t-1/status (503) after 4 attempts: down")
    })

    it("does not retry at all with maxAttempts 1", async () => {
      const s = await serve((_req, res) => sendJson(res, 503, {}))
      await expect(makeClient(s.url, { maxAttempts: 1 }).getTransactionStatus("t-1")).rejects.toBeInstanceOf(JetpayApiError)
      expect(s.requests).toHaveLength(1)
    })

    it("stops when maxRetryTimeMs is spent", async () => {
      const s = await serve((_req, res) => sendJson(res, 503, {}))
      const started = performance.now()
      await expect(
        makeClient(s.url, { maxAttempts: 10, retryBaseMs: 400, maxRetryTimeMs: 700 }).getTransactionStatus("t-1"),
        // The last 503, or the last attempt cut short by the budget on a busy machine: either way it stops.
      ).rejects.toBeInstanceOf(JetpayError)
      expect(performance.now() - started).toBeLessThan(1200)
      expect(s.requests.length).toBeGreaterThanOrEqual(1)
      expect(s.requests.length).toBeLessThan(10)
    })

    it("does not wait for a Retry-After beyond the time budget", async () => {
      const s = await serve((_req, res) => sendJson(res, 503, {}, { "Retry-After": "30" }))
      const started = performance.now()
      await expect(makeClient(s.url, { maxRetryTimeMs: 5000 }).getTransactionStatus("t-1")).rejects.toMatchObject({ status: 503 })
      expect(performance.now() - started).toBeLessThan(1000)
      expect(s.requests).toHaveLength(1)
    })

    it("cuts an attempt's timeout to the time budget", async () => {
      const s = await serve(() => undefined)
      const started = performance.now()
      const error = await failure(makeClient(s.url, { timeoutMs: 5000, maxRetryTimeMs: 400 }).getTransactionStatus("t-1"))
      expect(error).toBeInstanceOf(JetpayTimeoutError)
      expect(performance.now() - started).toBeLessThan(1500)
    })

    it("logs one line per retry with method, path, attempt and reason, never the token", async () => {
      const lines: string[] = []
      const s = await serve((_req, res, i) => (i < 2 ? sendJson(res, 503, {}) : sendJson(res, 200, STATUS)))
      await makeClient(s.url, { logger: { debug: (line) => lines.push(line) } }).getTransactionStatus("t-1")
      expect(lines).toHaveLength(2)
      expect(lines[0]).toMatch(/^Jetpay GET \/transaction\/t-1\/status: attempt 1 of 3 got HTTP 503; retrying in \d+ ms$/)
      expect(lines[1]).toContain("attempt 2 of 3")
      expect(lines.join("\n")).not.toContain(TOKEN)
    })
  })

  describe("errors", () => {
    it("flattens a list-form detail", async () => {
      const s = await serve((_req, res) =>
        sendJson(res, 422, {
          detail: [{ loc: ["body", "amount"], msg: "ensure this value is greater than 0", type: "value_error.number.not_gt" }],
        }),
      )
      const error = await failure(makeClient(s.url).createDebit(DEBIT_INPUT))
      expect(error).toBeInstanceOf(JetpayApiError)
      expect(error).toMatchObject({ status: 422, detail: "body.amount: ensure this value is greater than 0", retryable: false })
      expect(error instanceof Error && error.message).toBe(
        "Jetpay rejected PUT /debit (422): body.amount: ensure this value is greater than 0",
      )
    })

    it("uses a string-form detail", async () => {
      const s = await serve((_req, res) => sendJson(res, 404, { detail: "Transaction not found" }))
      const error = await failure(makeClient(s.url).getTransactionStatus("t-404"))
      expect(error instanceof Error && error.message).toBe("Jetpay rejected GET /transaction/t-404/status (404): Transaction not found")
    })

    it("reports a status read after a cancel that Jetpay answers 404 as not found, once, with its status", async () => {
      const s = await serve((_req, res) => sendJson(res, 404, { detail: "Not Found" }))
      const error = await failure(makeClient(s.url).getTransactionStatus("t-deleted"))
      expect(error).toBeInstanceOf(JetpayApiError)
      expect(error).toMatchObject({ status: 404, retryable: false })
      expect(isNotFound(error)).toBe(true)
      expect(s.requests).toHaveLength(1)
    })

    it.each<[string, unknown]>([
      ["a 410", new JetpayApiError({ method: "GET", path: "/transaction/t/status", status: 410, retryable: false })],
      ["a 500", new JetpayApiError({ method: "GET", path: "/transaction/t/status", status: 500, retryable: true })],
      ["a timeout", new JetpayTimeoutError({ method: "GET", path: "/transaction/t/status", timeoutMs: 1, outcomeUnknown: false })],
      ["a plain error with status 404", Object.assign(new Error("x"), { status: 404 })],
      ["undefined", undefined],
    ])("isNotFound is false for %s", (_label, error) => {
      expect(isNotFound(error)).toBe(false)
    })

    it("has no detail when the body is not JSON", async () => {
      const s = await serve((_req, res) => {
        res.writeHead(502, { "content-type": "text/html" })
        res.end("<html>Bad gateway</html>")
      })
      const error = await failure(makeClient(s.url, { maxAttempts: 1 }).getTransactionStatus("t-1"))
      expect(error).toMatchObject({ status: 502, detail: undefined })
      expect(error instanceof Error && error.message).toBe("Jetpay failed to handle GET /transaction/t-1/status (502)")
    })

    it("points at the token on a 401", async () => {
      const s = await serve((_req, res) => sendJson(res, 401, { detail: "Invalid token" }))
      const error = await failure(makeClient(s.url).getTransactionStatus("t-1"))
      expect(String(error)).toContain("Jetpay refused GET /transaction/t-1/status (401): Invalid token. Check the API token")
    })

    it("does not follow a redirect", async () => {
      const s = await serve((_req, res) => {
        res.writeHead(307, { location: "/elsewhere" })
        res.end()
      })
      const error = await failure(makeClient(s.url).createDebit(DEBIT_INPUT))
      expect(error).toMatchObject({ status: 307 })
      expect(s.requests).toHaveLength(1)
    })

    it("names the field of a malformed 2xx body, and does not retry", async () => {
      const s = await serve((_req, res) => sendJson(res, 200, { identifier: "d-1", amount: 10000 }))
      const error = await failure(makeClient(s.url).createDebit(DEBIT_INPUT))
      expect(error).toBeInstanceOf(JetpayResponseError)
      expect(error instanceof Error && error.message).toBe("Jetpay PUT /debit returned an unexpected response: link: Required")
      expect(error).toMatchObject({ status: 200, issues: ["link: Required"], retryable: false })
      expect(s.requests).toHaveLength(1)
    })

    it("refuses a 2xx body that is not JSON", async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { "content-type": "text/plain" })
        res.end("OK")
      })
      await expect(makeClient(s.url).getTransactionStatus("t-1")).rejects.toThrow(
        "Jetpay GET /transaction/t-1/status returned an unexpected response: (body): not JSON",
      )
    })

    it("are all JetpayError with method and path", async () => {
      const s = await serve((_req, res) => sendJson(res, 409, { detail: "conflict" }))
      const error = await failure(makeClient(s.url).cancelTransaction("t-1"))
      expect(error).toBeInstanceOf(JetpayError)
      expect(error).toMatchObject({ method: "DELETE", path: "/transaction/t-1" })
    })

    // Each scenario ends in an error after Jetpay (or the network) saw the token and the email.
    const leakScenarios: Array<[string, Handler, Partial<JetpayClientConfig>]> = [
      [
        "a 422 echoing the input",
        (_req, res) =>
          sendJson(res, 422, {
            detail: [{ loc: ["body", "email"], msg: `${EMAIL} is taken; token ${TOKEN}`, input: EMAIL }],
          }),
        {},
      ],
      ["a 500 with a string detail naming both", (_req, res) => sendJson(res, 500, { detail: `${EMAIL} ${TOKEN}` }), {}],
      ["a 2xx body of the wrong shape", (_req, res) => sendJson(res, 200, { email: EMAIL, name: "Jane Doe", token: TOKEN }), {}],
      ["a timeout", () => undefined, { timeoutMs: 200 }],
      ["a broken connection", (req) => req.socket.destroy(), {}],
    ]

    it.each(leakScenarios)("never carry the token or the email: %s", async (_label, handler, overrides) => {
      const s = await serve(handler)
      const error = await failure(
        makeClient(s.url, overrides).createContact({ email: EMAIL, name: "Jane Doe", language: "en" }),
      )
      expect(error).toBeInstanceOf(JetpayError)
      const views = [
        JSON.stringify(error),
        inspect(error, { depth: 20, showHidden: true, getters: true }),
        String(error),
        error instanceof Error ? String(error.stack) : "",
      ]
      for (const view of views) {
        expect(view).not.toContain(TOKEN)
        expect(view).not.toContain(EMAIL)
        expect(view).not.toContain("Bearer")
      }
      // Nothing from axios rides along.
      expect(Object.keys(Object(error))).toEqual(
        expect.not.arrayContaining(["config", "request", "response", "cause", "headers", "data"]),
      )
      expect(s.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`)
    })

    it("never carries the token in a refused connection's error", async () => {
      const error = await failure(makeClient(`http://127.0.0.1:${await closedPort()}`, { maxAttempts: 1 }).getJwks())
      expect(inspect(error, { depth: 20, showHidden: true })).not.toContain(TOKEN)
      expect(JSON.stringify(error)).not.toContain(TOKEN)
    })
  })

  describe("configuration", () => {
    it.each<[string, Partial<JetpayClientConfig>, string]>([
      ["a base URL that is not a URL", { baseUrl: "extapi.jetpay" }, "baseUrl:"],
      ["a base URL of another scheme", { baseUrl: "ftp://extapi.jetpay.example" }, "baseUrl:"],
      ["an empty API key", { apiKey: "  " }, "apiKey:"],
      ["a zero timeout", { timeoutMs: 0 }, "timeoutMs:"],
      ["zero attempts", { maxAttempts: 0 }, "maxAttempts:"],
    ])("refuses %s", (_label, overrides, fragment) => {
      expect(() => new JetpayClient({ baseUrl: "https://extapi.jetpay.example", apiKey: TOKEN, ...overrides })).toThrow(
        JetpayConfigError,
      )
      expect(() => new JetpayClient({ baseUrl: "https://extapi.jetpay.example", apiKey: TOKEN, ...overrides })).toThrow(
        fragment,
      )
    })

    it("does not put the API key in a configuration error", () => {
      try {
        new JetpayClient({ baseUrl: "nope", apiKey: TOKEN })
      } catch (error) {
        expect(inspect(error, { showHidden: true })).not.toContain(TOKEN)
      }
    })
  })

  describe("every method", () => {
    const WEBHOOK = { id: 7, identifier: "wh-1", callback_url: "https://shop.example/hooks/jetpay", state: "active", last_sent_event_id: null }
    const ANSWERS: Record<string, unknown> = {
      "PUT /contact": { identifier: "c-1", email: EMAIL, name: "Jane Doe", language: "en", tags: ["medusa"] },
      "PUT /debit": DEBIT,
      "GET /transaction/t-1/status": { state: "failed", fail_reason: "account_frozen", fail_direction: "pull" },
      "DELETE /transaction/t-1": { ok: true },
      "PUT /credit": { identifier: "cr-1", link: "https://jetpay.example/credit/cr-1", amount: 2500, state: "requested" },
      "POST /webhooks/": WEBHOOK,
      "GET /webhooks/": { items: [WEBHOOK] },
      "GET /webhooks/wh-1": WEBHOOK,
      "PATCH /webhooks/wh-1": { ...WEBHOOK, max_batch_size: 50 },
      "DELETE /webhooks/wh-1": undefined,
      "GET /.well-known/jwks.json": { keys: [{ kty: "RSA", kid: "k1", n: "abc", e: "AQAB" }] },
    }

    beforeEach(async () => {
      await serve((req, res) => {
        const key = `${req.method} ${req.url}`
        if (!(key in ANSWERS)) {
          sendJson(res, 404, { detail: "Not Found" })
        } else if (ANSWERS[key] === undefined) {
          res.writeHead(204)
          res.end()
        } else {
          sendJson(res, 200, ANSWERS[key])
        }
      })
    })

    function client(): JetpayClient {
      if (!server) throw new Error("no server")
      return makeClient(server.url)
    }

    function lastBody(): unknown {
      const body = server?.requests.at(-1)?.body
      return body ? JSON.parse(body) : undefined
    }

    it("createContact", async () => {
      await expect(client().createContact({ email: EMAIL, name: "Jane Doe", tags: ["medusa"], language: "en" })).resolves.toMatchObject({
        identifier: "c-1",
      })
      expect(lastBody()).toEqual({ email: EMAIL, name: "Jane Doe", tags: ["medusa"], language: "en" })
    })

    it("createDebit", async () => {
      await expect(client().createDebit(DEBIT_INPUT)).resolves.toEqual(DEBIT)
    })

    it("getTransactionStatus", async () => {
      await expect(client().getTransactionStatus("t-1")).resolves.toEqual({
        state: "failed",
        fail_reason: "account_frozen",
        fail_direction: "pull",
      })
    })

    it("cancelTransaction", async () => {
      await expect(client().cancelTransaction("t-1")).resolves.toEqual({ ok: true })
    })

    it("createCredit", async () => {
      await expect(
        client().createCredit({ amount: 2500, statement: "SHOP REFUND", fromBankAccount: "ba-1", contactId: "c-1" }),
      ).resolves.toMatchObject({ identifier: "cr-1", link: "https://jetpay.example/credit/cr-1" })
      expect(lastBody()).toEqual({ amount: 2500, statement: "SHOP REFUND", from_bank_account: "ba-1", contact_id: "c-1" })
    })

    it("registerWebhook", async () => {
      await expect(
        client().registerWebhook({ callbackUrl: "https://shop.example/hooks/jetpay", maxBatchSize: 10, replayFromEventId: 5 }),
      ).resolves.toEqual(WEBHOOK)
      expect(lastBody()).toEqual({ callback_url: "https://shop.example/hooks/jetpay", max_batch_size: 10, replay_from_event_id: 5 })
    })

    it("listWebhooks", async () => {
      await expect(client().listWebhooks()).resolves.toEqual([WEBHOOK])
    })

    it("getWebhook", async () => {
      await expect(client().getWebhook("wh-1")).resolves.toEqual(WEBHOOK)
    })

    it("updateWebhook", async () => {
      await expect(client().updateWebhook("wh-1", { maxBatchSize: 50 })).resolves.toMatchObject({ max_batch_size: 50 })
      expect(lastBody()).toEqual({ max_batch_size: 50 })
    })

    it("deleteWebhook (a 204 with no body)", async () => {
      await expect(client().deleteWebhook("wh-1")).resolves.toBeUndefined()
    })

    it("getJwks", async () => {
      await expect(client().getJwks()).resolves.toEqual({ keys: [{ kty: "RSA", kid: "k1", n: "abc", e: "AQAB" }] })
    })
  })
})
