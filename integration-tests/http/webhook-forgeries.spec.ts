import http from "node:http"
import { createHash, generateKeyPairSync } from "node:crypto"
import type { AddressInfo } from "node:net"
import { jetpayTestApp } from "../helpers/test-app"
import { loadJose } from "../../src/jetpay-api/jwks-cache"
import { JETPAY_MODULE } from "../../src/modules/jetpay"
import type JetpayModuleService from "../../src/modules/jetpay/service"

jest.setTimeout(120_000)

// jose is ESM-only; load it the way the plugin does (Node's own require of ESM).
const jose = loadJose()

// Jetpay's signing key for this file: the app's JWKS URL points at a local server
// publishing its public half, so the test can sign valid tokens and forge others.
const KID = "jetpay-test-key"
const signing = generateKeyPairSync("rsa", { modulusLength: 2048 })
const impostor = generateKeyPairSync("rsa", { modulusLength: 2048 })
const CALLBACK_API_KEY = "callback-key-for-tests"
let jwksServer: http.Server

beforeAll(async () => {
  const jwk = { ...signing.publicKey.export({ format: "jwk" }), kid: KID, alg: "RS256", use: "sig" }
  jwksServer = http.createServer((req, res) => {
    res.setHeader("content-type", "application/json")
    res.end(JSON.stringify({ keys: [jwk] }))
  })
  await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve))
  const { port } = jwksServer.address() as AddressInfo
  process.env.JETPAY_WEBHOOK_JWKS_URL = `http://127.0.0.1:${port}/.well-known/jwks.json`
  process.env.JETPAY_WEBHOOK_API_KEY = CALLBACK_API_KEY
  process.env.JETPAY_BASE_URL = "http://127.0.0.1:9" // never called: nothing valid gets processed here
})
afterAll(async () => {
  delete process.env.JETPAY_WEBHOOK_API_KEY
  delete process.env.JETPAY_WEBHOOK_JWKS_URL
  await new Promise((resolve) => jwksServer.close(resolve))
})

const payloadHash = (body: string) => createHash("sha256").update(body).digest("base64url")

function batch(eventId: number) {
  return JSON.stringify({
    webhookId: 7,
    events: [
      {
        id: eventId,
        createdAt: "2026-11-24T10:15:30.123456Z",
        type: "transactions.debits.updated",
        data: { state: "initiated", transactionId: "3f0c9a1e-1111-4222-8333-444455556666" },
      },
    ],
  })
}

type TokenOptions = {
  key?: Parameters<InstanceType<typeof jose.SignJWT>["sign"]>[0]
  kid?: string
  iss?: string
  sub?: string
  iat?: number
  exp?: number
  hashOf?: string
}

async function token(body: string, options: TokenOptions = {}) {
  const now = Math.floor(Date.now() / 1000)
  return new jose.SignJWT({ payload_hash: payloadHash(options.hashOf ?? body) })
    .setProtectedHeader({ alg: "RS256", kid: options.kid ?? KID, typ: "JWT" })
    .setJti(crypto.randomUUID())
    .setIssuer(options.iss ?? "jetpay")
    .setSubject(options.sub ?? "webhook")
    .setIssuedAt(options.iat ?? now)
    .setExpirationTime(options.exp ?? now + 90)
    .sign(options.key ?? signing.privateKey)
}

/** An unsigned token (`alg: none`) and an HS256 one keyed with the public key's bytes. */
function encodeUnsigned(body: string) {
  const now = Math.floor(Date.now() / 1000)
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url")
  const claims = { iss: "jetpay", sub: "webhook", iat: now, exp: now + 90, payload_hash: payloadHash(body) }
  return `${part({ alg: "none", kid: KID, typ: "JWT" })}.${part(claims)}.`
}
async function hs256WithPublicKey(body: string) {
  const now = Math.floor(Date.now() / 1000)
  const secret = new Uint8Array(Buffer.from(signing.publicKey.export({ format: "pem", type: "spki" })))
  return new jose.SignJWT({ payload_hash: payloadHash(body) })
    .setProtectedHeader({ alg: "HS256", kid: KID })
    .setIssuer("jetpay")
    .setSubject("webhook")
    .setIssuedAt(now)
    .setExpirationTime(now + 90)
    .sign(secret)
}

jetpayTestApp({
  testSuite: ({ api, getContainer }) => {
    const jetpayModule = () => getContainer().resolve<JetpayModuleService>(JETPAY_MODULE)

    async function deliver(body: string, authorization?: string, apiKey: string | null = CALLBACK_API_KEY) {
      const headers: Record<string, string> = { "content-type": "application/json" }
      if (authorization !== undefined) headers.authorization = authorization
      if (apiKey !== null) headers["x-callback-api-key"] = apiKey
      const response = await fetch(`${api.defaults.baseURL}/hooks/jetpay`, { method: "POST", headers, body })
      return { status: response.status, body: await response.text() }
    }

    async function recorded() {
      return (await jetpayModule().listJetpayWebhookEvents({})).length
    }

    const now = () => Math.floor(Date.now() / 1000)
    const forgeries: Array<[string, (body: string) => Promise<string | undefined>]> = [
      ["no Authorization header", async () => undefined],
      ["a token signed with another key", async (body) => `Bearer ${await token(body, { key: impostor.privateKey })}`],
      ["alg: none", async (body) => `Bearer ${encodeUnsigned(body)}`],
      ["HS256 signed with the public key", async (body) => `Bearer ${await hs256WithPublicKey(body)}`],
      ["an expired token", async (body) => `Bearer ${await token(body, { iat: now() - 600, exp: now() - 300 })}`],
      ["iat in the future", async (body) => `Bearer ${await token(body, { iat: now() + 600, exp: now() + 690 })}`],
      ["the wrong iss", async (body) => `Bearer ${await token(body, { iss: "not-jetpay" })}`],
      ["the wrong sub", async (body) => `Bearer ${await token(body, { sub: "login" })}`],
      ["payload_hash of another body", async (body) => `Bearer ${await token(body, { hashOf: batch(999) })}`],
      ["a body changed after signing", async () => `Bearer ${await token(batch(1))}`],
    ]

    it.each(forgeries)("refuses %s with 401 and records nothing", async (_name, authorize) => {
      const body = batch(2)
      const response = await deliver(body, await authorize(body))
      expect(response.status).toBe(401)
      expect(await recorded()).toBe(0)
    })

    it("refuses an unknown kid and records nothing: 503 while the JWKS was just fetched (a key rotated moments ago verifies when Jetpay delivers again), 401 once refetched", async () => {
      const body = batch(2)
      // The forgeries above made the route fetch the JWKS moments ago.
      const response = await deliver(body, `Bearer ${await token(body, { kid: "someone-else" })}`)
      expect([503, 401]).toContain(response.status)
      expect(await recorded()).toBe(0)
    })

    it("refuses a valid signature without the callback api key, and with a wrong one", async () => {
      const body = batch(3)
      expect((await deliver(body, `Bearer ${await token(body)}`, null)).status).toBe(401)
      expect((await deliver(body, `Bearer ${await token(body)}`, "wrong-key")).status).toBe(401)
      expect(await recorded()).toBe(0)
    })

    it("answers 400 to malformed JSON and to a body that is not a Jetpay batch", async () => {
      const garbage = "{not json"
      expect((await deliver(garbage, `Bearer ${await token(garbage)}`)).status).toBe(400)
      const notABatch = JSON.stringify({ hello: "world" })
      const response = await deliver(notABatch, `Bearer ${await token(notABatch)}`)
      expect(response.status).toBe(400)
      expect(response.body).toMatch(/events/)
      expect(await recorded()).toBe(0)
    })

    it("refuses an oversized body", async () => {
      const huge = JSON.stringify({ webhookId: 7, events: [], padding: "x".repeat(1024 * 1024) })
      const response = await deliver(huge, `Bearer ${await token(huge)}`)
      expect(response.status).toBe(413)
      expect(await recorded()).toBe(0)
    })

    it("records a genuine delivery once, however often it comes", async () => {
      const body = batch(4)
      const first = await deliver(body, `Bearer ${await token(body)}`)
      expect(first.status).toBe(200)
      expect(JSON.parse(first.body)).toEqual({ received: 1, recorded: 1 })
      const again = await deliver(body, `Bearer ${await token(body)}`)
      expect(JSON.parse(again.body)).toEqual({ received: 1, recorded: 0 })
      const events = await jetpayModule().listJetpayWebhookEvents({})
      expect(events.map((event) => event.jetpay_event_id)).toEqual(["4"])

      // Processed after the answer: the transaction is no payment of this store's, so it is
      // acknowledged and nothing is done (no Jetpay call, no error to retry).
      const deadline = Date.now() + 10_000
      let [event] = events
      while (!event.processed_at && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        ;[event] = await jetpayModule().listJetpayWebhookEvents({})
      }
      expect(event).toMatchObject({ attempts: 1, last_error: null })
      expect(event.processed_at).toBeTruthy()
    })
  },
})
