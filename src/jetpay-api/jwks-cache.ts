import http from "node:http"
import https from "node:https"
import axios, { type AxiosInstance } from "axios"
import { z } from "zod"
import { WEBHOOK_JWT } from "./constants"
import { WebhookVerificationError } from "./errors"
import { jwksSchema } from "./schemas"

/**
 * Jetpay's webhook signing keys, fetched from the JWKS URL and cached by `kid`.
 *
 * Fetches are rate-limited: an unknown `kid` (a key rotation, or a forged token) causes at most
 * one fetch per `minRefetchIntervalMs`, so that a flood of forged webhooks cannot turn this
 * server into a load generator against Jetpay's JWKS endpoint. While no keys are held at all
 * (a process just started), every delivery is refused until a fetch succeeds, so a failed
 * fetch is tried again after 1 s, 2 s, 4 s... up to that interval (and once more at once when
 * the endpoint answered 5xx or 429 or could not be reached): one blip right after a deploy
 * must not refuse a minute of deliveries, as Jetpay gives a webhook up after repeated refusals.
 */

export type VerificationKey = Awaited<ReturnType<Jose["importJWK"]>>

export interface JwksCacheOptions {
  jwksUrl: string
  minRefetchIntervalMs: number
  /** Keys older than this are refetched (when the rate limit allows) so that a revoked key goes away. */
  maxAgeMs: number
  fetchTimeoutMs: number
  now: () => number
  /** First wait before fetching again while no keys are held; doubles with each failure. Default 1000. */
  noKeysRetryBaseMs?: number
  /** Pause before the one immediate second attempt of a fetch that failed fast. Default 200. */
  retryPauseMs?: number
}

// Only what an RS256 verification key needs; other members of the JWK are not passed on.
const rsaSigningJwkSchema = z.object({
  kty: z.literal("RSA"),
  kid: z.string().min(1),
  n: z.string().min(1),
  e: z.string().min(1),
  alg: z.literal(WEBHOOK_JWT.algorithm).optional(),
  use: z.literal("sig").optional(),
})

export class JwksCache {
  private keys: Map<string, VerificationKey> | undefined
  private fetchedAt = 0
  private lastAttemptAt: number | undefined
  /** Fetches that failed in a row. */
  private failures = 0
  private inflight: Promise<void> | undefined
  private readonly http: AxiosInstance

  constructor(private readonly options: JwksCacheOptions) {
    this.http = axios.create({
      timeout: options.fetchTimeoutMs,
      validateStatus: () => true,
      maxRedirects: 0,
      responseType: "json",
      httpAgent: new http.Agent({ keepAlive: false }),
      httpsAgent: new https.Agent({ keepAlive: false }),
    })
  }

  /** The key for `kid`; throws WebhookVerificationError `unknown_key`, `unknown_key_refetch_pending` or `jwks_unavailable`. */
  async keyFor(kid: string): Promise<VerificationKey> {
    if (this.inflight) {
      await this.inflight.catch(() => undefined)
    }
    if (this.keys === undefined) {
      if (!this.mayFetch()) {
        throw new WebhookVerificationError("jwks_unavailable", "the JWKS could not be fetched recently; not retrying yet")
      }
      await this.refresh()
    } else if (this.options.now() - this.fetchedAt >= this.options.maxAgeMs && this.mayFetch()) {
      // Stale keys still verify while Jetpay's JWKS endpoint is down.
      await this.refresh().catch(() => undefined)
    }

    const cached = this.keys?.get(kid)
    if (cached !== undefined) {
      return cached
    }
    if (!this.mayFetch()) {
      throw new WebhookVerificationError(
        "unknown_key_refetch_pending",
        "the token's kid is not in Jetpay's JWKS as fetched moments ago; it is fetched again after the rate limit"
      )
    }
    await this.refresh()
    const refreshed = this.keys?.get(kid)
    if (refreshed === undefined) {
      throw new WebhookVerificationError("unknown_key", "the token's kid is not in Jetpay's JWKS, even after refetching it")
    }
    return refreshed
  }

  private mayFetch(): boolean {
    if (this.lastAttemptAt === undefined) return true
    const interval =
      this.keys === undefined
        ? Math.min(this.options.minRefetchIntervalMs, (this.options.noKeysRetryBaseMs ?? 1_000) * 2 ** Math.max(0, this.failures - 1))
        : this.options.minRefetchIntervalMs
    return this.options.now() - this.lastAttemptAt >= interval
  }

  /** One fetch at a time: concurrent callers share it. */
  private refresh(): Promise<void> {
    this.inflight ??= this.fetchKeys().finally(() => {
      this.inflight = undefined
    })
    return this.inflight
  }

  private async fetchKeys(): Promise<void> {
    this.lastAttemptAt = this.options.now()
    try {
      await this.fetchAndStore()
      this.failures = 0
    } catch (error) {
      this.failures += 1
      throw error
    }
  }

  private async fetchAndStore(): Promise<void> {
    let answer = await this.get()
    if (answer.kind === "again") {
      await new Promise((resolve) => setTimeout(resolve, this.options.retryPauseMs ?? 200))
      answer = await this.get()
    }
    if (answer.kind !== "body") throw new WebhookVerificationError("jwks_unavailable", answer.message)
    const body = answer.body
    const parsed = jwksSchema.safeParse(body)
    if (!parsed.success) {
      throw new WebhookVerificationError("jwks_unavailable", "the JWKS endpoint answered something that is not a JWKS")
    }
    const jose = loadJose()
    const keys = new Map<string, VerificationKey>()
    for (const candidate of parsed.data.keys) {
      const jwk = rsaSigningJwkSchema.safeParse(candidate)
      if (!jwk.success) {
        // Keys of other types or uses are not for webhooks; they are skipped, not an error.
        continue
      }
      try {
        const { kty, n, e, kid } = jwk.data
        keys.set(kid, await jose.importJWK({ kty, n, e }, WEBHOOK_JWT.algorithm))
      } catch {
        continue
      }
    }
    this.keys = keys
    this.fetchedAt = this.options.now()
  }

  /**
   * One GET of the JWKS. `again`: it failed in a way worth one immediate second try (5xx, 429,
   * not reached); a timeout is not, as a second one would hold the delivery twice as long.
   */
  private async get(): Promise<{ kind: "body"; body: unknown } | { kind: "again" | "failed"; message: string }> {
    try {
      const response = await this.http.get<unknown>(this.options.jwksUrl)
      if (response.status === 200) return { kind: "body", body: response.data }
      const message = `the JWKS endpoint answered ${response.status}`
      return { kind: response.status >= 500 || response.status === 429 ? "again" : "failed", message }
    } catch (error) {
      const timedOut = axios.isAxiosError(error) && (error.code === "ECONNABORTED" || error.code === "ETIMEDOUT")
      return { kind: timedOut ? "failed" : "again", message: "the JWKS endpoint could not be reached" }
    }
  }
}

/**
 * The one place jose is loaded, and why it is loaded this way:
 *
 * - jose is ESM-only and this package compiles to CommonJS ("module": "Node16"). A static import
 *   compiles to require(), which TypeScript refuses (TS1479).
 * - A dynamic import() is kept by tsc, but Jest's transform (swc, to CommonJS) rewrites it into
 *   Jest's own require(), and so does Jest's `createRequire`; both refuse an ESM package under
 *   --experimental-vm-modules, the mode `npm test` and Medusa's integration tests run in. The
 *   verifier (and the webhook route using it) could then not be tested at all.
 * - Node's own require() loads an ES module (require(esm)) on every Node this package supports
 *   (engines: >= 20.19). `process.getBuiltinModule` hands out Node's real `node:module`, whose
 *   createRequire is not replaced by Jest, so the same code runs built and under Jest.
 */
export type Jose = typeof import("jose", { with: { "resolution-mode": "import" } })

let loaded: Jose | undefined

export function loadJose(): Jose {
  if (loaded === undefined) {
    const nodeRequire = process.getBuiltinModule("node:module").createRequire(__filename)
    const candidate: Jose = nodeRequire("jose")
    // require() is untyped: make sure this is jose before trusting it with signatures.
    if (typeof candidate?.jwtVerify !== "function" || typeof candidate.importJWK !== "function") {
      throw new Error("The jose package could not be loaded (jwtVerify is missing)")
    }
    loaded = candidate
  }
  return loaded
}
