import { createHash } from "node:crypto"
import type { JWK, JWTPayload } from "jose"
import {
  WebhookVerificationError,
  createWebhookVerifier,
  payloadHashOf,
  type WebhookVerificationReason,
  type WebhookVerifier,
} from "../index"
import { loadJose } from "../jwks-cache"
import { bearerToken, payloadHashMatches, reasonForJoseError } from "../verify-webhook"
import { closedPort, sendJson, startTestServer, type TestServer } from "./support/test-server"

// jose is ESM-only; Jest (with --experimental-vm-modules) refuses to require it, so the test
// signs with jose loaded the way the verifier loads it.
const jose = loadJose()
type KeyPair = Awaited<ReturnType<typeof jose.generateKeyPair>>

const KID = "jetpay-2026-01"
const BODY = Buffer.from(
  JSON.stringify({
    webhookId: 123,
    events: [{ id: 1, createdAt: "2026-01-22T10:15:30.123456Z", type: "transactions.debits.created", data: { state: "requested", transactionId: "t-1" } }],
  }),
)
const REFETCH_INTERVAL_MS = 60_000

function hashOf(body: Buffer | string): string {
  return createHash("sha256").update(body).digest("base64url")
}

/** A clock the test moves: the verifier and the tokens it checks both read it. */
function fakeClock(start = Date.now()) {
  let ms = start
  return {
    now: () => ms,
    seconds: () => Math.floor(ms / 1000),
    advance: (by: number) => {
      ms += by
    },
  }
}

async function publicJwk(pair: KeyPair, kid: string): Promise<JWK> {
  return { ...(await jose.exportJWK(pair.publicKey)), kid, alg: "RS256", use: "sig" }
}

async function expectReason(promise: Promise<unknown>, reason: WebhookVerificationReason): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(WebhookVerificationError)
  expect(error).toMatchObject({ reason })
}

describe("createWebhookVerifier", () => {
  let jetpayKey: KeyPair
  let otherKey: KeyPair
  let rotatedKey: KeyPair
  let jwks: { keys: JWK[] }
  let server: TestServer
  let jwksRequests: () => number
  let clock: ReturnType<typeof fakeClock>
  let verifier: WebhookVerifier

  beforeAll(async () => {
    jetpayKey = await jose.generateKeyPair("RS256", { extractable: true })
    otherKey = await jose.generateKeyPair("RS256", { extractable: true })
    rotatedKey = await jose.generateKeyPair("RS256", { extractable: true })
  })

  beforeEach(async () => {
    jwks = { keys: [await publicJwk(jetpayKey, KID)] }
    server = await startTestServer((_req, res) => sendJson(res, 200, jwks))
    jwksRequests = () => server.requests.length
    clock = fakeClock()
    verifier = createWebhookVerifier({
      jwksUrl: `${server.url}/.well-known/jwks.json`,
      minJwksRefetchIntervalMs: REFETCH_INTERVAL_MS,
      now: clock.now,
    })
  })

  afterEach(async () => {
    await server.close()
  })

  function claims(overrides: Partial<JWTPayload> = {}, body: Buffer | string = BODY): JWTPayload {
    const iat = clock.seconds()
    return {
      jti: "0e4f8f7e-5c6a-4f55-9d0d-1d9a7b1f2e3c",
      iat,
      exp: iat + 90,
      iss: "jetpay",
      sub: "webhook",
      payload_hash: hashOf(body),
      ...overrides,
    }
  }

  function sign(payload: JWTPayload, options: { key?: KeyPair; kid?: string | null } = {}): Promise<string> {
    const kid = options.kid === undefined ? KID : options.kid
    return new jose.SignJWT(payload)
      .setProtectedHeader(kid === null ? { alg: "RS256" } : { alg: "RS256", kid })
      .sign((options.key ?? jetpayKey).privateKey)
  }

  /** Drops a claim while keeping the others. */
  function without(claim: string): JWTPayload {
    return Object.fromEntries(Object.entries(claims()).filter(([name]) => name !== claim))
  }

  it("accepts a token Jetpay signed over this body, and returns its claims", async () => {
    const payload = claims()
    const verified = await verifier.verify(`Bearer ${await sign(payload)}`, BODY)
    expect(verified).toEqual({
      jti: payload.jti,
      iat: payload.iat,
      exp: payload.exp,
      kid: KID,
      payloadHash: hashOf(BODY),
    })
  })

  it("accepts the body as a string as well as bytes, and a lower-case scheme", async () => {
    const token = await sign(claims())
    await expect(verifier.verify(`bearer ${token}`, BODY.toString("utf8"))).resolves.toMatchObject({ kid: KID })
  })

  it("caches the JWKS: many verifications, one fetch", async () => {
    for (let i = 0; i < 5; i += 1) {
      await verifier.verify(`Bearer ${await sign(claims())}`, BODY)
    }
    expect(jwksRequests()).toBe(1)
  })

  it.each([
    ["no header", undefined, "missing_token"],
    ["an empty header", "", "missing_token"],
    ["another scheme", "Basic dXNlcjpwYXNz", "malformed"],
    ["Bearer with nothing after it", "Bearer ", "malformed"],
    ["garbage", "Bearer not-a-jwt", "malformed"],
    ["three segments that are not JSON", "Bearer a.b.c", "malformed"],
    ["a JWE-like five-segment token", "Bearer a.b.c.d.e", "malformed"],
  ] as const)("refuses %s (%s) with %s", async (_label, header, reason) => {
    await expectReason(verifier.verify(header, BODY), reason)
    expect(jwksRequests()).toBe(0)
  })

  it("refuses an alg:none token before any key lookup", async () => {
    const token = new jose.UnsecuredJWT(claims()).encode()
    await expectReason(verifier.verify(`Bearer ${token}`, BODY), "unsupported_algorithm")
    expect(jwksRequests()).toBe(0)
  })

  it("refuses an HS256 token signed with the public key's bytes as the secret, before any key lookup", async () => {
    const secret = new TextEncoder().encode(await jose.exportSPKI(jetpayKey.publicKey))
    const token = await new jose.SignJWT(claims()).setProtectedHeader({ alg: "HS256", kid: KID }).sign(secret)
    await expectReason(verifier.verify(`Bearer ${token}`, BODY), "unsupported_algorithm")
    expect(jwksRequests()).toBe(0)
  })

  it("refuses RS512 and PS256 too: exactly RS256", async () => {
    for (const alg of ["RS512", "PS256"]) {
      // Same kid, a key of that algorithm: refused by the header alone.
      const pair = await jose.generateKeyPair(alg)
      const token = await new jose.SignJWT(claims()).setProtectedHeader({ alg, kid: KID }).sign(pair.privateKey)
      await expectReason(verifier.verify(`Bearer ${token}`, BODY), "unsupported_algorithm")
    }
  })

  it("refuses a token without kid", async () => {
    await expectReason(verifier.verify(`Bearer ${await sign(claims(), { kid: null })}`, BODY), "malformed")
  })

  it("refuses an unknown kid, refetching the JWKS at most once per interval", async () => {
    await verifier.verify(`Bearer ${await sign(claims())}`, BODY)
    expect(jwksRequests()).toBe(1)

    // Just fetched: an unknown kid does not refetch yet, and says the delivery may verify later.
    await expectReason(verifier.verify(`Bearer ${await sign(claims(), { kid: "nope" })}`, BODY), "unknown_key_refetch_pending")
    expect(jwksRequests()).toBe(1)

    clock.advance(REFETCH_INTERVAL_MS)
    await expectReason(verifier.verify(`Bearer ${await sign(claims(), { kid: "nope" })}`, BODY), "unknown_key")
    expect(jwksRequests()).toBe(2)

    // A flood of unknown kids within the interval costs no further fetch.
    for (let i = 0; i < 5; i += 1) {
      await expectReason(verifier.verify(`Bearer ${await sign(claims(), { kid: `nope-${i}` })}`, BODY), "unknown_key_refetch_pending")
    }
    expect(jwksRequests()).toBe(2)
  })

  it("picks up a rotated key with one refetch", async () => {
    await verifier.verify(`Bearer ${await sign(claims())}`, BODY)
    jwks = { keys: [...jwks.keys, await publicJwk(rotatedKey, "jetpay-2026-02")] }
    clock.advance(REFETCH_INTERVAL_MS)
    const token = await sign(claims(), { key: rotatedKey, kid: "jetpay-2026-02" })
    await expect(verifier.verify(`Bearer ${token}`, BODY)).resolves.toMatchObject({ kid: "jetpay-2026-02" })
    expect(jwksRequests()).toBe(2)
  })

  it("shares one fetch between concurrent first verifications", async () => {
    const token = await sign(claims())
    await Promise.all([1, 2, 3, 4].map(() => verifier.verify(`Bearer ${token}`, BODY)))
    expect(jwksRequests()).toBe(1)
  })

  it("refuses a token signed by another key under Jetpay's kid", async () => {
    await expectReason(verifier.verify(`Bearer ${await sign(claims(), { key: otherKey })}`, BODY), "bad_signature")
  })

  it("refuses a token whose payload was altered after signing", async () => {
    const [header, , signature] = (await sign(claims())).split(".")
    const forged = Buffer.from(JSON.stringify(claims({ sub: "webhook", jti: "other" }))).toString("base64url")
    await expectReason(verifier.verify(`Bearer ${header}.${forged}.${signature}`, BODY), "bad_signature")
  })

  it.each<[string, () => JWTPayload, WebhookVerificationReason]>([
    ["an expired token", () => claims({ iat: clock.seconds() - 200, exp: clock.seconds() - 100 }), "expired"],
    ["exp just past, beyond the 30 s skew", () => claims({ iat: clock.seconds() - 120, exp: clock.seconds() - 31 }), "expired"],
    ["iat in the future beyond the skew", () => claims({ iat: clock.seconds() + 120, exp: clock.seconds() + 210 }), "not_yet_valid"],
    ["nbf in the future beyond the skew", () => claims({ nbf: clock.seconds() + 120 }), "not_yet_valid"],
    ["a wrong iss", () => claims({ iss: "someone-else" }), "bad_claims"],
    ["a wrong sub", () => claims({ sub: "login" }), "bad_claims"],
    ["no iss", () => without("iss"), "bad_claims"],
    ["no sub", () => without("sub"), "bad_claims"],
    ["no exp", () => without("exp"), "bad_claims"],
    ["no iat", () => without("iat"), "bad_claims"],
    ["no payload_hash", () => without("payload_hash"), "bad_claims"],
    ["a payload_hash that is not a string", () => claims({ payload_hash: 42 }), "bad_claims"],
    ["the payload_hash of another body", () => claims({}, '{"webhookId":123,"events":[]}'), "payload_mismatch"],
    ["a payload_hash of another length", () => claims({ payload_hash: "abc" }), "payload_mismatch"],
  ])("refuses %s", async (_label, makeClaims, reason) => {
    await expectReason(verifier.verify(`Bearer ${await sign(makeClaims())}`, BODY), reason)
  })

  it("refuses a body changed after signing", async () => {
    const token = await sign(claims())
    const changed = Buffer.from(BODY.toString("utf8").replace('"requested"', '"completed"'))
    await expectReason(verifier.verify(`Bearer ${token}`, changed), "payload_mismatch")
  })

  it.each([
    ["exp 20 s ago", () => claims({ iat: clock.seconds() - 110, exp: clock.seconds() - 20 })],
    ["iat 20 s ahead", () => claims({ iat: clock.seconds() + 20, exp: clock.seconds() + 110 })],
  ])("tolerates clock skew within 30 s: %s", async (_label, makeClaims) => {
    await expect(verifier.verify(`Bearer ${await sign(makeClaims())}`, BODY)).resolves.toMatchObject({ kid: KID })
  })

  it("says jwks_unavailable when the JWKS cannot be fetched, and does not hammer it", async () => {
    const unreachable = createWebhookVerifier({
      jwksUrl: `http://127.0.0.1:${await closedPort()}/.well-known/jwks.json`,
      now: clock.now,
    })
    await expectReason(unreachable.verify(`Bearer ${await sign(claims())}`, BODY), "jwks_unavailable")
    await expectReason(unreachable.verify(`Bearer ${await sign(claims())}`, BODY), "jwks_unavailable")
  })

  it("says jwks_unavailable when the JWKS endpoint fails or answers something else", async () => {
    const failing = await startTestServer((_req, res, index) =>
      index === 0 ? sendJson(res, 500, { detail: "boom" }) : sendJson(res, 200, { not: "a jwks" }),
    )
    try {
      const v = createWebhookVerifier({ jwksUrl: failing.url, now: clock.now, minJwksRefetchIntervalMs: 1 })
      // The 500 is tried again at once; that answer is not a JWKS either.
      await expectReason(v.verify(`Bearer ${await sign(claims())}`, BODY), "jwks_unavailable")
      expect(failing.requests).toHaveLength(2)
      clock.advance(10)
      await expectReason(v.verify(`Bearer ${await sign(claims())}`, BODY), "jwks_unavailable")
      expect(failing.requests).toHaveLength(3)
    } finally {
      await failing.close()
    }
  })

  it("rides out a JWKS endpoint failing once: the fetch is tried again at once", async () => {
    const flaky = await startTestServer((_req, res, index) =>
      index === 0 ? sendJson(res, 503, { detail: "busy" }) : sendJson(res, 200, jwks),
    )
    try {
      const v = createWebhookVerifier({ jwksUrl: flaky.url, now: clock.now })
      await expect(v.verify(`Bearer ${await sign(claims())}`, BODY)).resolves.toMatchObject({ kid: KID })
      expect(flaky.requests).toHaveLength(2)
    } finally {
      await flaky.close()
    }
  })

  it("holding no keys, fetches again after 1 s, 2 s, 4 s... (not a minute), and verifies once the endpoint is back", async () => {
    let down = true
    const endpoint = await startTestServer((_req, res) => (down ? sendJson(res, 500, { detail: "down" }) : sendJson(res, 200, jwks)))
    try {
      const v = createWebhookVerifier({ jwksUrl: endpoint.url, now: clock.now })
      const token = await sign(claims())
      const attempt = () => v.verify(`Bearer ${token}`, BODY)
      await expectReason(attempt(), "jwks_unavailable") // fetch 1 (two requests)
      clock.advance(999)
      await expectReason(attempt(), "jwks_unavailable") // too soon: no request
      expect(endpoint.requests).toHaveLength(2)
      clock.advance(1)
      await expectReason(attempt(), "jwks_unavailable") // fetch 2, after 1 s
      expect(endpoint.requests).toHaveLength(4)
      clock.advance(1_999)
      await expectReason(attempt(), "jwks_unavailable") // the wait doubled: no request
      expect(endpoint.requests).toHaveLength(4)
      down = false
      clock.advance(1)
      await expect(attempt()).resolves.toMatchObject({ kid: KID }) // fetch 3, after 2 s
      expect(endpoint.requests).toHaveLength(5)
    } finally {
      await endpoint.close()
    }
  })

  it("holding keys, an unknown kid still fetches at most once a minute", async () => {
    await expect(verifier.verify(`Bearer ${await sign(claims())}`, BODY)).resolves.toMatchObject({ kid: KID })
    const before = server.requests.length
    const forged = await sign(claims(), { key: otherKey, kid: "not-jetpays" })
    await expectReason(verifier.verify(`Bearer ${forged}`, BODY), "unknown_key_refetch_pending")
    clock.advance(2_000)
    await expectReason(verifier.verify(`Bearer ${forged}`, BODY), "unknown_key_refetch_pending")
    expect(server.requests.length - before).toBeLessThanOrEqual(1)
  })

  it("ignores JWKS entries that are not RS256 signing keys", async () => {
    jwks = {
      keys: [
        { kty: "oct", kid: "hmac", k: "c2VjcmV0" },
        { ...(await publicJwk(otherKey, "enc-key")), use: "enc" },
        ...jwks.keys,
      ],
    }
    await expect(verifier.verify(`Bearer ${await sign(claims())}`, BODY)).resolves.toMatchObject({ kid: KID })
    // The JWKS was just fetched: the encryption key was in it and is not used, so the kid is unknown.
    await expectReason(verifier.verify(`Bearer ${await sign(claims(), { key: otherKey, kid: "enc-key" })}`, BODY), "unknown_key_refetch_pending")
    clock.advance(REFETCH_INTERVAL_MS)
    await expectReason(verifier.verify(`Bearer ${await sign(claims(), { key: otherKey, kid: "enc-key" })}`, BODY), "unknown_key")
  })

  it("puts neither the token nor the body in its error", async () => {
    const token = await sign(claims({ iss: "someone-else" }))
    const error = await verifier.verify(`Bearer ${token}`, BODY).catch((caught: unknown) => caught)
    expect(String(error)).not.toContain(token)
    expect(JSON.stringify(error)).not.toContain(token)
    expect(JSON.stringify(error)).not.toContain("transactionId")
  })
})

describe("webhook verification helpers", () => {
  it.each([
    [undefined, "missing_token"],
    ["   ", "missing_token"],
    ["Token abc.def.ghi", "malformed"],
    ["Bearer abc.def", "malformed"],
    ["Bearer abc.def.ghi extra", "malformed"],
    [`Bearer ${"a".repeat(17_000)}.b.c`, "malformed"],
  ] as const)("bearerToken(%j) refuses with %s", (header, reason) => {
    expect(() => bearerToken(header)).toThrow(expect.objectContaining({ reason }))
  })

  it("bearerToken returns the token", () => {
    expect(bearerToken("Bearer aaa.bbb.ccc")).toBe("aaa.bbb.ccc")
  })

  it.each([
    ["", "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"],
    ["abc", "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0"],
  ])("payloadHashOf(%j) is base64url(SHA-256)", (body, expected) => {
    expect(payloadHashOf(body)).toBe(expected)
    expect(payloadHashOf(Buffer.from(body))).toBe(expected)
  })

  it.each([
    ["the right hash", "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0", true],
    ["a hash differing in one character", "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa1", false],
    ["a shorter string", "ungWv48Bz", false],
    ["standard base64 instead of base64url", "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", false],
  ])("payloadHashMatches with %s", (_label, claimed, expected) => {
    expect(payloadHashMatches(claimed, "abc")).toBe(expected)
  })

  it.each([
    [{ code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" }, "bad_signature"],
    [{ code: "ERR_JWT_EXPIRED", claim: "exp" }, "expired"],
    [{ code: "ERR_JWT_CLAIM_VALIDATION_FAILED", claim: "nbf", reason: "check_failed" }, "not_yet_valid"],
    [{ code: "ERR_JWT_CLAIM_VALIDATION_FAILED", claim: "iat", reason: "check_failed" }, "not_yet_valid"],
    [{ code: "ERR_JWT_CLAIM_VALIDATION_FAILED", claim: "iss", reason: "check_failed" }, "bad_claims"],
    [{ code: "ERR_JWT_CLAIM_VALIDATION_FAILED", claim: "exp", reason: "missing" }, "bad_claims"],
    [{ code: "ERR_JOSE_ALG_NOT_ALLOWED" }, "unsupported_algorithm"],
    [{ code: "ERR_JWS_INVALID" }, "malformed"],
    [new TypeError("anything else"), "malformed"],
  ])("reasonForJoseError(%j) is %s", (error, reason) => {
    expect(reasonForJoseError(error)).toBe(reason)
  })
})
