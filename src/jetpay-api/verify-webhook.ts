import { createHash, timingSafeEqual } from "node:crypto"
import { WEBHOOK_JWT } from "./constants"
import { WebhookVerificationError, type WebhookVerificationReason } from "./errors"
import { JwksCache } from "./jwks-cache"
import { loadJose } from "./jwks-cache"

/**
 * Establishes that a webhook delivery comes from Jetpay and that its body is the one Jetpay
 * signed (shared/jetpay-api.md, "Authenticity"). Run it on the raw request bytes before parsing:
 * a body re-serialised from parsed JSON no longer matches `payload_hash`.
 */

export interface WebhookVerifierOptions {
  /** Jetpay's JWKS, e.g. `${baseUrl}/.well-known/jwks.json`. */
  jwksUrl: string
  /** Tolerated clock difference for `iat` and `exp`. Default 30. */
  clockSkewSeconds?: number
  /** An unknown `kid` refetches the JWKS at most this often. Default 60_000. */
  minJwksRefetchIntervalMs?: number
  /** Cached keys are refetched when older than this. Default 600_000. */
  jwksMaxAgeMs?: number
  /** Timeout of one JWKS fetch. Default 5_000. */
  fetchTimeoutMs?: number
  /** The clock, in epoch milliseconds. Default Date.now. */
  now?: () => number
}

export interface VerifiedWebhook {
  /** The token's unique id (documented as always present). */
  jti: string | undefined
  iat: number
  exp: number
  kid: string
  /** base64url(SHA-256(body)), equal to the body's own hash. */
  payloadHash: string
}

export interface WebhookVerifier {
  verify(authorizationHeader: string | undefined, rawBody: Buffer | Uint8Array | string): Promise<VerifiedWebhook>
}

export const WEBHOOK_VERIFIER_DEFAULTS = {
  clockSkewSeconds: 30,
  minJwksRefetchIntervalMs: 60_000,
  jwksMaxAgeMs: 600_000,
  fetchTimeoutMs: 5_000,
} as const

// A Jetpay token is a few hundred bytes; anything far larger is not worth decoding.
const MAX_TOKEN_LENGTH = 16 * 1024

function fail(reason: WebhookVerificationReason, message: string): never {
  throw new WebhookVerificationError(reason, message)
}

/** The JWT from `Authorization: Bearer <JWT>`. */
export function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === "") {
    fail("missing_token", "no Authorization header")
  }
  const match = /^Bearer +([A-Za-z0-9_\-.=]+)$/i.exec(header.trim())
  if (!match) {
    fail("malformed", "the Authorization header is not `Bearer <JWT>`")
  }
  const token = match[1]
  if (token.length > MAX_TOKEN_LENGTH || token.split(".").length !== 3) {
    fail("malformed", "the bearer token is not a signed JWT")
  }
  return token
}

/** base64url(SHA-256(body)), as Jetpay computes `payload_hash`. */
export function payloadHashOf(rawBody: Buffer | Uint8Array | string): string {
  const bytes = typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody
  return createHash("sha256").update(bytes).digest("base64url")
}

/** Constant-time, so that the comparison does not leak how much of a forged hash was right. */
export function payloadHashMatches(claimed: string, rawBody: Buffer | Uint8Array | string): boolean {
  const expected = Buffer.from(payloadHashOf(rawBody), "utf8")
  const given = Buffer.from(claimed, "utf8")
  return given.length === expected.length && timingSafeEqual(given, expected)
}

function errorField(error: unknown, field: string): unknown {
  return typeof error === "object" && error !== null ? Reflect.get(error, field) : undefined
}

/** jose's error codes, as our reasons. */
export function reasonForJoseError(error: unknown): WebhookVerificationReason {
  switch (errorField(error, "code")) {
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return "bad_signature"
    case "ERR_JWT_EXPIRED":
      return "expired"
    case "ERR_JWT_CLAIM_VALIDATION_FAILED": {
      const claim = errorField(error, "claim")
      const reason = errorField(error, "reason")
      return (claim === "nbf" || claim === "iat") && reason === "check_failed" ? "not_yet_valid" : "bad_claims"
    }
    case "ERR_JOSE_ALG_NOT_ALLOWED":
    case "ERR_JOSE_NOT_SUPPORTED":
      return "unsupported_algorithm"
    default:
      return "malformed"
  }
}

export function createWebhookVerifier(options: WebhookVerifierOptions): WebhookVerifier {
  const now = options.now ?? Date.now
  const skewSeconds = options.clockSkewSeconds ?? WEBHOOK_VERIFIER_DEFAULTS.clockSkewSeconds
  const keys = new JwksCache({
    jwksUrl: options.jwksUrl,
    minRefetchIntervalMs: options.minJwksRefetchIntervalMs ?? WEBHOOK_VERIFIER_DEFAULTS.minJwksRefetchIntervalMs,
    maxAgeMs: options.jwksMaxAgeMs ?? WEBHOOK_VERIFIER_DEFAULTS.jwksMaxAgeMs,
    fetchTimeoutMs: options.fetchTimeoutMs ?? WEBHOOK_VERIFIER_DEFAULTS.fetchTimeoutMs,
    now,
  })

  async function verify(
    authorizationHeader: string | undefined,
    rawBody: Buffer | Uint8Array | string,
  ): Promise<VerifiedWebhook> {
    const token = bearerToken(authorizationHeader)
    const jose = loadJose()

    let header: ReturnType<typeof jose.decodeProtectedHeader>
    try {
      header = jose.decodeProtectedHeader(token)
    } catch {
      fail("malformed", "the token's header cannot be decoded")
    }
    // Before any key lookup: `none` and HS256 (with the public key as an HMAC secret) are the
    // classic ways to forge a token for a verifier that trusts the token's own `alg`.
    if (header.alg !== WEBHOOK_JWT.algorithm) {
      fail("unsupported_algorithm", `only ${WEBHOOK_JWT.algorithm} is accepted`)
    }
    const kid = header.kid
    if (typeof kid !== "string" || kid === "") {
      fail("malformed", "the token has no kid")
    }

    const key = await keys.keyFor(kid)

    let payload: Awaited<ReturnType<typeof jose.jwtVerify>>["payload"]
    try {
      const result = await jose.jwtVerify(token, key, {
        algorithms: [WEBHOOK_JWT.algorithm],
        issuer: WEBHOOK_JWT.issuer,
        subject: WEBHOOK_JWT.subject,
        requiredClaims: ["iat", "exp", WEBHOOK_JWT.payloadHashClaim],
        clockTolerance: skewSeconds,
        currentDate: new Date(now()),
      })
      payload = result.payload
    } catch (error) {
      const reason = reasonForJoseError(error)
      fail(reason, reason === "bad_signature" ? "the signature does not match the key" : "the token was refused")
    }

    const { iat, exp } = payload
    if (typeof iat !== "number" || typeof exp !== "number") {
      fail("bad_claims", "iat and exp must be numbers")
    }
    // jose checks iat only together with a maximum age; a token issued in the future is a
    // clock problem or a forgery either way.
    if (iat > now() / 1000 + skewSeconds) {
      fail("not_yet_valid", "the token was issued in the future")
    }
    const claimedHash: unknown = payload[WEBHOOK_JWT.payloadHashClaim]
    if (typeof claimedHash !== "string") {
      fail("bad_claims", `${WEBHOOK_JWT.payloadHashClaim} must be a string`)
    }
    if (!payloadHashMatches(claimedHash, rawBody)) {
      fail("payload_mismatch", "the body is not the one that was signed")
    }

    return {
      jti: typeof payload.jti === "string" ? payload.jti : undefined,
      iat,
      exp,
      kid,
      payloadHash: claimedHash,
    }
  }

  return { verify }
}
