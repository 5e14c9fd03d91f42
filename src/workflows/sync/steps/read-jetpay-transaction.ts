import type { IPaymentModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, OrderStatus, PaymentSessionStatus } from "@medusajs/framework/utils"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { isNotFound } from "../../../jetpay-api"
import { cartOfCollection, orderOfCart } from "../cart-links"
import { advanceDeliveryCursor } from "../delivery-cursor"
import { jetpayEnvironment } from "../../../domain/store-webhook"
import { jetpayServices } from "../../../providers/jetpay/jetpay-services"
import { rememberStatus, statusForSync } from "../../../domain/recent-status"
import { JETPAY_MODULE } from "../../../modules/jetpay"
import { paymentFacts, type PaymentFacts } from "../../../domain/payment-facts"
import type JetpayModuleService from "../../../modules/jetpay/service"
import { planSync, recordOnlyPlan, type MedusaSide, type SyncPlan } from "../../../domain/sync-plan"
import { isAbandoned } from "../../../domain/abandoned-debit"
import { readRequestDetails } from "../../../domain/payment-request-view"
import { unpaidOrderTimes, type RecordedSchedule } from "../../../domain/unpaid-order"
import { paymentMethodOf, type PaymentMethod } from "../../../domain/transaction-list"

export type JetpaySnapshot = {
  jetpayId: string
  /** Null when this store never recorded the transaction: another integration's, never acted on. */
  record: {
    id: string
    kind: "debit" | "credit"
    /** A checkout's debit, or one an admin requested for an order's outstanding amount. */
    purpose: "checkout" | "payment_request"
    created_at: Date
    payment_session_id: string | null
    cart_id: string | null
    order_id: string | null
    payment_id: string | null
    /** The cart completion this sync saw noted (see the model's `completion_started_at`). */
    completion_started_at: Date | null
    /** `orderBeforePayment`: when the order made before this debit was paid is reminded of and expires. */
    schedule: RecordedSchedule | null
  } | null
  /** The unprocessed events this run applies; events recorded while it runs wait for the next one. */
  pendingEvents: Array<{ id: string; attempts: number }>
  live: { state: string; fail_reason: string | null; fail_direction: string | null }
  /** How the payer paid, from the events' states and the live one (null when none tells). */
  paymentMethod: PaymentMethod | null
  facts: PaymentFacts
  /** The Medusa payment session; `awaiting` when it is `pending_authorization` (its order made, its payment awaiting). */
  session: { id: string; amount: unknown; awaiting: boolean } | null
  cartId: string | null
  paymentId: string | null
  orderId: string | null
  plan: SyncPlan
}

/**
 * Reads everything one sync decides on: the store's record and unprocessed events of the
 * transaction, its live status at Jetpay (the webhook is only a doorbell), the Medusa
 * payment session, payment and order, and makes the plan (sync-plan.ts).
 */
export const readJetpayTransactionStep = createStep(
  "read-jetpay-transaction",
  async ({ jetpayTransactionId }: { jetpayTransactionId: string }, { container }) => {
    return new StepResponse(await readSnapshot(container, jetpayTransactionId))
  }
)

async function readSnapshot(container: MedusaContainer, jetpayId: string): Promise<JetpaySnapshot> {
  const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
  const payments = container.resolve<IPaymentModuleService>(Modules.PAYMENT)
  // The record, its events and its history, in one read.
  const reading = await jetpay.readTransaction({ jetpay_id: jetpayId }, { events: true })
  const { record } = reading
  const pendingEvents = reading.events.flatMap((event) => (event.processed ? [] : [{ id: event.id, attempts: event.attempts }]))
  if (!record) return foreign(jetpayId, pendingEvents)

  let history = reading.history
  const live = await readLive(container, jetpayId, history.seen, pendingEvents.length > 0)
  const liveState = live.state === NOT_FOUND ? "not_found" : live.state
  // Only a settlement a status read confirmed (now, or recorded from an earlier one) moves money.
  let facts = paymentFacts(history.seen, liveState, { settlementConfirmed: history.settlementConfirmed })
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  if (facts.unknownLiveState) {
    logger.warn(`[jetpay] transaction ${jetpayId} is in unknown state "${facts.unknownLiveState}": its recorded history decides`)
  }

  if (facts.outcome === "failed" && record.kind === "debit" && record.payment_session_id) {
    await awaitWholeHistory(container, jetpay, record, jetpayId)
    // Read again: the events that made the history whole may have arrived during the status read.
    history = await jetpay.recordedStates(jetpayId, record)
    facts = paymentFacts(history.seen, liveState, { settlementConfirmed: history.settlementConfirmed })
  }
  if (facts.unconfirmedSettlement && facts.outcome === "failed") {
    logger.warn(
      `[jetpay] transaction ${jetpayId}: its events say it completed, no status read confirmed it, and Jetpay now reads it ` +
        `${live.state}: it is applied as a failed payment, never captured`
    )
  }

  // The session with its payment, in one read.
  const [session] = record.payment_session_id
    ? await payments.listPaymentSessions({ id: record.payment_session_id }, { take: 1, relations: ["payment"] })
    : []
  const cartId = record.cart_id ?? (session ? await cartOfCollection(container, session.payment_collection_id) : null)
  const payment = session?.payment ?? undefined
  // A debit's captured Medusa payment is a settlement a status read confirmed: the provider captures
  // only on Jetpay's live `completed` (a cart completion or "Check status" may read it before
  // this store's record does). A failure after it is a return, never a failure to cancel.
  if (record.kind === "debit" && payment?.captured_at && !facts.settled) {
    facts = paymentFacts(history.seen, liveState, { settlementConfirmed: true })
  }
  const orderId = (await orderOfCart(container, cartId)) ?? record.order_id
  const completionStartedAt = record.completion_started_at ? new Date(record.completion_started_at) : null
  // Only a noted completion can have left an order unpaid.
  const orderCanceled = orderId ? await isCanceled(container, orderId) : false
  // An order whose payment awaits the EFT's settlement was made as it should be: it is not unpaid.
  const awaiting = session?.status === PaymentSessionStatus.PENDING_AUTHORIZATION && !payment
  const schedule = orderSchedule(record)
  const times = unpaidOrderTimes(schedule, new Date())
  const unpaidOrder = !!completionStartedAt && !!cartId && !!orderId && !payment && !awaiting && !orderCanceled

  const medusa: MedusaSide = {
    kind: record.kind,
    hasSession: !!session,
    payment: payment ? { captured: !!payment.captured_at, canceled: !!payment.canceled_at } : null,
    awaiting,
    forCart: !!cartId,
    hasOrder: !!orderId,
    orderCanceled,
    unpaidOrder,
    completionAgeMs: completionStartedAt ? Date.now() - completionStartedAt.getTime() : null,
    abandoned: isAbandoned(
      { kind: record.kind, purpose: record.purpose, facts, createdAt: new Date(record.created_at) },
      new Date(),
      jetpayServices(container).options.timings
    ),
    expired: times.expired,
    reminderDue: times.reminderDue,
    told: {
      authorized: !!record.authorized_at,
      settled: !!record.settled_at,
      failed: !!record.failed_at,
      reversed: !!record.reversed_at,
    },
  }
  return {
    jetpayId,
    record: {
      id: record.id,
      kind: record.kind,
      purpose: record.purpose,
      created_at: record.created_at,
      payment_session_id: record.payment_session_id,
      cart_id: cartId,
      order_id: orderId,
      payment_id: payment?.id ?? record.payment_id,
      completion_started_at: completionStartedAt,
      schedule,
    },
    pendingEvents,
    live: { ...live, state: live.state === NOT_FOUND ? "cancelled" : live.state },
    paymentMethod: paymentMethodOf(record.kind, [...reading.events.map((event) => event.state), liveState]),
    facts,
    session: session ? { id: session.id, amount: session.amount, awaiting } : null,
    cartId,
    paymentId: payment?.id ?? null,
    orderId,
    plan: planSync(facts, medusa, jetpayServices(container).options.timings, jetpayServices(container).options),
  }
}

/** `orderBeforePayment`: the reminder and expiry its payment request recorded, if any. */
function orderSchedule(record: { purpose: string; request?: unknown }): RecordedSchedule | null {
  if (record.purpose !== "payment_request") return null
  const details = readRequestDetails(record.request)
  return details?.expires_at ? { expires_at: details.expires_at, remind_at: details.remind_at ?? null, reminded_at: details.reminded_at ?? null } : null
}

async function isCanceled(container: MedusaContainer, orderId: string): Promise<boolean> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ["status"], filters: { id: orderId } })
  return (data[0] as { status?: string } | undefined)?.status === OrderStatus.CANCELED
}

const NOT_FOUND = "\u0000not_found"

/** Raw states a failure may be recorded under in events. */
const FAILED_STATES = ["failed", "FAILED", "Failed"]
/**
 * A failed debit's failure is applied only once every event up to the failure's own has been
 * received (the delivery cursor is past it), so the record holds its whole history. (Whether it
 * had settled before, a return, is no longer the events' to say: only a settlement a status
 * read confirmed counts, see payment-facts.ts.) Until then the sync
 * fails with a "waiting" message and is retried; missing events are replayed meanwhile. After
 * the `historyWaitMs` timing the plugin acts on what it knows: a store whose webhooks never come
 * must still see its failures.
 */
async function awaitWholeHistory(
  container: MedusaContainer,
  jetpay: JetpayModuleService,
  record: { id: string; terminal_seen_at: Date | null },
  jetpayId: string
) {
  const failedEventId = await jetpay.lastEventIdInStates(jetpayId, FAILED_STATES)
  if (failedEventId !== null) {
    const environment = jetpayEnvironment(jetpayServices(container).options.baseUrl)
    const cursor = await advanceDeliveryCursor(jetpay, environment)
    if (cursor.through !== null && cursor.through >= BigInt(failedEventId)) return
  }
  const seenAt = record.terminal_seen_at ? new Date(record.terminal_seen_at) : new Date()
  if (!record.terminal_seen_at) await jetpay.updateJetpayTransactions({ id: record.id, terminal_seen_at: seenAt })
  if (Date.now() - seenAt.getTime() >= jetpayServices(container).options.timings.historyWaitMs) return
  throw new Error(
    `Jetpay payment ${jetpayId} failed; waiting for the webhook events before the failure (missed ones are replayed) ` +
      `to tell a failed payment from a returned one`
  )
}

/**
 * The live status. A 404 for a transaction this store created means Jetpay deleted it (a
 * cancel), unless the payer had authorized it: then it is a question for a person, and the
 * sync fails with that message rather than guess. A sync woken by webhook events takes this
 * process's read of a moment ago when no event is past it (the shopper's cart completion reads
 * the same change just before: recent-status.ts); a sync without new events (a refresh, the
 * reconciliation's re-read) always reads Jetpay.
 */
async function readLive(container: MedusaContainer, jetpayId: string, seen: string[], wokenByEvents: boolean) {
  const { client, options } = jetpayServices(container)
  const recent = wokenByEvents ? statusForSync(options.baseUrl, jetpayId, seen, options.timings.recentStatusMs) : undefined
  if (recent) return { state: recent.state, fail_reason: recent.fail_reason ?? null, fail_direction: recent.fail_direction ?? null }
  try {
    const status = await client.getTransactionStatus(jetpayId)
    rememberStatus(options.baseUrl, jetpayId, status)
    return { state: status.state, fail_reason: status.fail_reason ?? null, fail_direction: status.fail_direction ?? null }
  } catch (error) {
    if (!isNotFound(error)) throw error
    if (paymentFacts(seen, "requested").authorized) {
      throw new Error(`Jetpay answers 404 for transaction ${jetpayId}, which the payer had authorized: check it in Jetpay's dashboard`)
    }
    return { state: NOT_FOUND, fail_reason: null, fail_direction: null }
  }
}

function foreign(jetpayId: string, pendingEvents: JetpaySnapshot["pendingEvents"]): JetpaySnapshot {
  const facts = paymentFacts([], "requested")
  return {
    jetpayId,
    record: null,
    pendingEvents,
    live: { state: "requested", fail_reason: null, fail_direction: null },
    paymentMethod: null,
    facts,
    session: null,
    cartId: null,
    paymentId: null,
    orderId: null,
    plan: recordOnlyPlan(),
  }
}
