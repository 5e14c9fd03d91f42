/**
 * Every timing the plugin acts on, in milliseconds: the provider's `timings` option
 * (providers/jetpay/options.ts) overrides any of them. The defaults are production's;
 * tests set them short instead of waiting.
 */
export type JetpayTimings = {
  /** How often the reconciliation job runs (on the worker). */
  reconcileIntervalMs: number
  /**
   * How long after a cart completion began, with the payer not having authorized, an order it
   * left unpaid is taken for the work of a completion that died (sync-plan.ts).
   */
  unpaidOrderAfterMs: number
  /** An event never tried this long after it was recorded was never handed to the subscriber. */
  neverTriedGraceMs: number
  /** How long a debit whose completion check failed waits before the next try. */
  completionRetryMs: number
  /** How often the reconciliation reads this store's webhook at Jetpay, unless a gap asks sooner. */
  webhookCheckIntervalMs: number
  /**
   * How often it reads the webhook while the store is idle: no open transaction and no event
   * received since the last read (next-check.ts, `runWork`).
   */
  idleWebhookCheckIntervalMs: number
  /**
   * How old a checkout debit whose link the payer never used (still `requested` at Jetpay) may get
   * before the reconciliation cancels it at Jetpay, removes its payment session and stops re-reading it.
   */
  abandonedDebitAfterMs: number
  /** How long a gap in the event ids may stay open before it counts as a lost delivery. */
  gapGraceMs: number
  /** How long after asking Jetpay to replay from an id the same replay is not asked again. */
  replayCooldownMs: number
  /** First delay before an event whose processing failed is tried again; it doubles each time. */
  eventRetryBaseMs: number
  /** The longest delay between two tries of a failed event. */
  eventRetryCapMs: number
  /** How long a failure waits for the events before it (Jetpay's history) before it is applied anyway. */
  historyWaitMs: number
  /** How long a paid debit may have no order before Needs attention lists it. */
  paidWithoutOrderGraceMs: number
  /**
   * How long a refund may stay recorded as on its way without Jetpay's answer before its outcome is
   * taken as unknown (its process died meanwhile): Needs attention lists it, and no other refund of
   * the payment is sent until a person says whether Jetpay made it.
   */
  refundIntentStaleMs: number
  /**
   * How long after a refund credit was sent (its record's last change) Medusa may still be busy
   * recording its refund: past it, a credit no Medusa refund of its payment accounts for is listed
   * in Needs attention (`refund_unrecorded`, unrecorded-refunds.ts).
   */
  unrecordedRefundGraceMs: number
  /** The storefront's status route reuses a Jetpay status read this long (one read per cart, however often it polls). */
  statusCacheMs: number
  /**
   * A status read by a sync is reused by the provider's authorization this long, and one read by
   * the provider by the webhook's sync of the same change (recent-status.ts).
   */
  recentStatusMs: number
  /** While signing keys are held, an unknown key id refetches Jetpay's keys at most this often. */
  jwksRefetchIntervalMs: number
  /**
   * How long a processed webhook event is kept: older ones that nothing needs any more are
   * deleted by the reconciliation job, a bounded batch at a time (docs/operations.md, Retention).
   */
  processedEventRetentionMs: number
}

export const DEFAULT_TIMINGS: Readonly<JetpayTimings> = Object.freeze({
  reconcileIntervalMs: 5_000,
  unpaidOrderAfterMs: 45_000,
  neverTriedGraceMs: 15_000,
  completionRetryMs: 20_000,
  webhookCheckIntervalMs: 20_000,
  idleWebhookCheckIntervalMs: 10 * 60_000,
  abandonedDebitAfterMs: 7 * 24 * 60 * 60_000,
  gapGraceMs: 10_000,
  replayCooldownMs: 30_000,
  eventRetryBaseMs: 2_000,
  eventRetryCapMs: 10 * 60_000,
  historyWaitMs: 10 * 60_000,
  paidWithoutOrderGraceMs: 60_000,
  refundIntentStaleMs: 5 * 60_000,
  unrecordedRefundGraceMs: 60_000,
  statusCacheMs: 3_000,
  recentStatusMs: 5_000,
  jwksRefetchIntervalMs: 60_000,
  processedEventRetentionMs: 90 * 24 * 60 * 60_000,
})
