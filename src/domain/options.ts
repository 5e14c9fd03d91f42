import { MedusaError } from "@medusajs/framework/utils"
import { z } from "zod"
import { JETPAY_DEMO_BASE_URL, STATEMENT_MAX_LENGTH } from "../jetpay-api"
import { DEFAULT_TIMINGS, type JetpayTimings } from "./timings"

/** A duration option in milliseconds: a whole number from `min` to a day. */
const duration = (min: number) =>
  z.number().int(`must be a whole number of milliseconds`).min(min, `must be at least ${min} ms`).max(86_400_000 * 30, "must be at most 30 days")

const DAY_MS = 86_400_000

/**
 * `orderBeforePayment.reminderAfterMs` when not given: 7 days after the order, or halfway to its
 * expiry when that comes in less than 14 days.
 */
export function defaultReminderAfterMs(expireAfterMs: number): number {
  return Math.min(7 * DAY_MS, Math.floor(expireAfterMs / 2))
}

/** Each timing with its smallest sensible value; missing ones take DEFAULT_TIMINGS (src/domain/timings.ts). */
const timingsSchema = z
  .object({
    reconcileIntervalMs: duration(200),
    unpaidOrderAfterMs: duration(1_000),
    neverTriedGraceMs: duration(100),
    completionRetryMs: duration(100),
    webhookCheckIntervalMs: duration(100),
    idleWebhookCheckIntervalMs: duration(100),
    abandonedDebitAfterMs: duration(1_000),
    gapGraceMs: duration(100),
    replayCooldownMs: duration(100),
    eventRetryBaseMs: duration(50),
    eventRetryCapMs: duration(50),
    historyWaitMs: duration(100),
    paidWithoutOrderGraceMs: duration(100),
    unrecordedRefundGraceMs: duration(100),
    refundIntentStaleMs: duration(1_000),
    statusCacheMs: duration(0),
    recentStatusMs: duration(0),
    jwksRefetchIntervalMs: duration(100),
    // An age, not a delay: up to ten years.
    processedEventRetentionMs: z
      .number()
      .int("must be a whole number of milliseconds")
      .min(60_000, "must be at least 60000 ms (a minute)")
      .max(3_650 * 86_400_000, "must be at most 3650 days"),
  } satisfies Record<keyof JetpayTimings, z.ZodType>)
  .partial()
  .strict()
  .default({})
  .transform((timings): JetpayTimings => ({ ...DEFAULT_TIMINGS, ...timings }))
  .refine((timings) => timings.eventRetryCapMs >= timings.eventRetryBaseMs, {
    message: "eventRetryCapMs must be at least eventRetryBaseMs",
  })

/**
 * Options of the Jetpay payment provider, as written in `medusa-config.ts`:
 * `{ resolve: "medusa-payment-jetpay/providers/jetpay", id: "jetpay", options: { ... } }`.
 */
export const jetpayOptionsSchema = z
  .object({
    /** The form before `currency`: refused with what to write instead. */
    currencies: z
      .unknown()
      .refine((value) => value === undefined, {
        message: 'is replaced by "currency", the Jetpay account\'s one currency: write currency: "cad"',
      })
      .optional(),
    /** Jetpay API token (dashboard, shown once). Required. Never logged. */
    apiKey: z.string().trim().min(1, "is required"),
    /** The merchant's Jetpay bank account id: `to_bank_account` of debits, `from_bank_account` of refunds. Required. */
    bankAccountId: z.string().trim().min(1, "is required"),
    /** Jetpay API base URL. Default: the Jetpay demo host. */
    baseUrl: z
      .string()
      .url("must be a URL such as https://extapi.jetpay.baselinepayments.com")
      .default(JETPAY_DEMO_BASE_URL)
      .transform((url) => url.replace(/\/+$/, "")),
    /**
     * Lets a production process (NODE_ENV=production) use Jetpay's demo host, whose links take no
     * real money: a staging store on a production build. Without it such a process refuses to
     * start on the demo host (src/domain/production-safety.ts). Default: false.
     */
    allowDemoHost: z.boolean().default(false),
    /**
     * The merchant's word that this store runs as one Medusa process, so a production process may
     * keep Medusa's in-memory locks; without it, a production process on in-memory locking refuses
     * to start (a shared locking provider is the other fix). Default: false.
     */
    singleProcess: z.boolean().default(false),
    /** Text on the payer's statement, at most 30 characters. Default: "Online order". */
    statement: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(STATEMENT_MAX_LENGTH, `must be at most ${STATEMENT_MAX_LENGTH} characters`)
      .default("Online order"),
    /**
     * The Jetpay merchant account's currency (ISO 4217, any case): a Jetpay debit or credit carries
     * no currency of its own, so a payment in any other currency is refused before Jetpay is called.
     * Default: "cad".
     */
    currency: z
      .string()
      .regex(/^[a-zA-Z]{3}$/, 'must be an ISO 4217 code such as "cad"')
      .default("cad")
      .transform((code) => code.toLowerCase()),
    /**
     * When a debit fails after its order was made (an NSF, a frozen account), also cancel the order
     * (releasing its inventory). Default: false: the order is kept, flagged "do not ship", for the
     * merchant to contact the customer, since a failed EFT is often paid again another way.
     */
    cancelOrderOnFailure: z.boolean().default(false),
    /**
     * When a Jetpay EFT (pre-authorized debit) counts as authorized in Medusa. `"completed"`: the
     * order is made as soon as the payer signs (`initiated`), its payment "awaiting" (Medusa's
     * `pending_authorization`) until Jetpay settles the debit, when it is authorized and captured;
     * a debit that fails meanwhile cancels the awaiting payment. `"initiated"`: the payment is
     * authorized as soon as the payer signs, for merchants who ship on a signed PAD. Card payments
     * are authorized when Jetpay says `paid` either way. Default: "completed".
     */
    eftAuthorizedOn: z.enum(["completed", "initiated"], { error: `must be "completed" or "initiated"` }).default("completed"),
    /**
     * Orders before payment (invoices, B2B, phone orders). `enabled: true`: a cart completed with
     * a Jetpay debit nobody has paid yet becomes an order with its payment awaiting (Medusa's
     * `pending_authorization`), and the debit's link is emailed to the order's email as a payment
     * request (template `jetpay-payment-request`); paying by it later authorizes and captures the
     * payment on that order. Default: `{ enabled: false }`: an unpaid debit makes no order.
     */
    orderBeforePayment: z
      .object({
        enabled: z.boolean({ error: "must be true or false" }).default(false),
        /**
         * How long such an order waits for its payment, in milliseconds: past it, the reconciliation
         * job cancels the debit at Jetpay and the order through Medusa's cancelOrderWorkflow
         * (reservations released). Default: 30 days.
         */
        expireAfterMs: z
          .number()
          .int("must be a whole number of milliseconds")
          .min(1_000, "must be at least 1000 ms")
          .max(365 * 86_400_000, "must be at most 365 days")
          .default(30 * 86_400_000),
        /**
         * When such an order, still unpaid, gets one reminder of its payment link (the same email,
         * marked as a reminder), in milliseconds after it was placed; `null`: no reminder. Must be
         * less than `expireAfterMs`. Default: 7 days, or halfway to the expiry when that is sooner.
         */
        reminderAfterMs: z
          .number()
          .int("must be a whole number of milliseconds")
          .min(1_000, "must be at least 1000 ms (null: no reminder)")
          .nullable()
          .optional(),
      })
      .strict()
      .superRefine((value, context) => {
        if (value.reminderAfterMs != null && value.reminderAfterMs >= value.expireAfterMs) {
          context.addIssue({
            code: "custom",
            path: ["reminderAfterMs"],
            message: `must be less than expireAfterMs (${value.expireAfterMs} ms): the reminder comes before the order expires`,
          })
        }
      })
      .transform(({ enabled, expireAfterMs, reminderAfterMs }) => ({
        enabled,
        expireAfterMs,
        reminderAfterMs: reminderAfterMs === undefined ? defaultReminderAfterMs(expireAfterMs) : reminderAfterMs,
      }))
      .default({ enabled: false, expireAfterMs: 30 * 86_400_000, reminderAfterMs: 7 * 86_400_000 }),
    /**
     * Staff addresses that get an email (Notification Module, channel `email`, template
     * `jetpay-attention`) for each new Needs attention item, once per item and address.
     * Default: none (no email).
     */
    attentionEmails: z
      .array(z.string().trim().email("must be a list of email addresses"))
      .max(20, "must list at most 20 addresses")
      .default([])
      .transform((addresses) => [...new Set(addresses.map((address) => address.toLowerCase()))]),
    /**
     * Whether a refund also returns the card surcharge the customer paid on top of the order
     * (Jetpay's `customer_surcharge_amount`, kept by the card processor): `"never"`, or
     * `"on_full_refund"` (the refund that completes a full refund of a card payment adds it to the
     * credit). Default: "never": the merchant never received the fee, so returning it is the
     * merchant's own money, and the customer was told the processor charges it.
     */
    refundSurcharge: z.enum(["never", "on_full_refund"]).default("never"),
    /** Timeout of one Jetpay API request, in milliseconds. Default: 10000. */
    timeoutMs: z.number().int().positive().max(120_000).default(10_000),
    /** Where the keys that sign Jetpay webhooks are published. Default: `{baseUrl}/.well-known/jwks.json`. */
    webhookJwksUrl: z.string().url().optional(),
    /** The `callback_api_key` registered with the webhook; when set, deliveries must carry it. Optional. */
    webhookApiKey: z.string().min(1).optional(),
    /** Header that carries `webhookApiKey` (Jetpay does not document its name). Default: "x-callback-api-key". */
    webhookApiKeyHeader: z.string().min(1).default("x-callback-api-key"),
    /**
     * The plugin's timings in milliseconds, each optional (src/domain/timings.ts lists them with their
     * defaults): how often reconciliation runs, how long an unpaid order is given, replay cooldowns,
     * status cache ages... The defaults suit production; tests set them short.
     */
    timings: timingsSchema,
  })
  .transform(({ currencies: _replaced, ...options }) => ({
    ...options,
    webhookJwksUrl: options.webhookJwksUrl ?? `${options.baseUrl}/.well-known/jwks.json`,
  }))

export type JetpayOptionsInput = z.input<typeof jetpayOptionsSchema>
export type JetpayOptions = z.output<typeof jetpayOptionsSchema>

/**
 * Parses the provider's options; a bad or missing option stops Medusa at startup
 * with a message that names it, e.g. `medusa-payment-jetpay: invalid option "statement": must be at most 30 characters`.
 */
export function parseJetpayOptions(options: unknown): JetpayOptions {
  const result = jetpayOptionsSchema.safeParse(options ?? {})
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.length ? issue.path.join(".") : "options"
    const missing = issue.code === "invalid_type" && valueAt(options, issue.path) === undefined
    const message = missing ? "is required" : issue.message
    return `"${name}": ${message}`
  })
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    `medusa-payment-jetpay: invalid option ${problems.join("; ")}`
  )
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (current, key) => (current !== null && typeof current === "object" ? (current as Record<PropertyKey, unknown>)[key] : undefined),
    value
  )
}
