// Options of startSandbox and the CLI, checked once at start so a bad value fails loudly.

import { z } from "zod"
import { CANCELLED_WORDINGS, type CancelledWording } from "./cancelled-wording"

export interface SandboxOptions {
  /** TCP port. Default 0: a random free port (read it back from `Sandbox.port`). */
  port?: number
  /** Interface to listen on. Default "127.0.0.1". */
  host?: string
  /** When set, only `Authorization: Bearer <token>` with this token is accepted; otherwise any non-empty token. */
  token?: string
  /** Card surcharge rate quoted as `customer_surcharge_amount`. Default 0.035 (3.5 %), kept to six decimals. */
  surchargeRate?: number
  /** Lowest `max_wait_seconds` a webhook may ask for. Default 60 (Jetpay's); tests pass 0. */
  minWaitSeconds?: number
  /** First retry delay after a failed webhook delivery, in ms. Default 1000; doubles each time, capped at 60000, jittered. */
  webhookRetryBaseMs?: number
  /** Header that carries a webhook's callback_api_key (Jetpay does not document its name). Default "x-callback-api-key". */
  callbackApiKeyHeader?: string
  /**
   * Base URL written into payment links, when the browser reaches the sandbox at another address
   * than it listens on (a container, a tunnel). Default: the listening address.
   */
  publicUrl?: string
  /**
   * The first webhook event id. Default 1. Jetpay never reuses an event id, and a store records
   * each once: a sandbox restarted against the same store must start past the ids it sent before
   * (the CLI starts at the current time in milliseconds for that reason).
   */
  firstEventId?: number
  /**
   * After this many consecutive failed deliveries (refused, network error, timeout) a webhook
   * turns `failed` and delivers nothing until it is PATCHed back to `active`. Default 8.
   */
  webhookGiveUpAfter?: number
  /**
   * What a status read answers for a cancelled transaction: `cancelled` (default), `canceled`,
   * `deleted`, or `404` (404 {"detail":"Transaction not found"}; its events then say `deleted`).
   */
  cancelledWording?: CancelledWording
  /** One line per request and per webhook delivery. Default: silent. Never receives tokens. */
  log?: (line: string) => void
}

export interface ResolvedOptions {
  port: number
  host: string
  token: string | undefined
  surchargeRate: number
  minWaitSeconds: number
  webhookRetryBaseMs: number
  callbackApiKeyHeader: string
  publicUrl: string | undefined
  firstEventId: number
  webhookGiveUpAfter: number
  cancelledWording: CancelledWording
  log: (line: string) => void
}

const optionsSchema = z.object({
  port: z.number().int().min(0).max(65535).default(0),
  host: z.string().min(1).default("127.0.0.1"),
  token: z.string().min(1).optional(),
  surchargeRate: z.number().min(0).lt(1).default(0.035),
  minWaitSeconds: z.number().int().min(0).max(3600).default(60),
  webhookRetryBaseMs: z.number().int().min(1).default(1000),
  callbackApiKeyHeader: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, "must be an HTTP header name")
    .transform((name) => name.toLowerCase())
    .default("x-callback-api-key"),
  publicUrl: z
    .url()
    .transform((url) => url.replace(/\/+$/, ""))
    .optional(),
  firstEventId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER / 2).default(1),
  webhookGiveUpAfter: z.number().int().min(1).max(1000).default(8),
  cancelledWording: z.enum(CANCELLED_WORDINGS).default("cancelled"),
})

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  const { log, ...rest } = options
  const parsed = optionsSchema.safeParse(rest)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`)
    throw new TypeError(`Invalid sandbox options: ${problems.join("; ")}`)
  }
  const { token, publicUrl } = parsed.data
  return { ...parsed.data, token, publicUrl, log: log ?? (() => undefined) }
}
