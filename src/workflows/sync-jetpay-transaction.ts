import type {
  IEventBusModuleService,
  ILockingModule,
  IOrderModuleService,
  IPaymentModuleService,
  Logger,
  MedusaContainer,
  PaymentDTO,
  PaymentSessionDTO,
} from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, PaymentActions } from "@medusajs/framework/utils"
import { capturePaymentWorkflow, processPaymentWorkflow } from "@medusajs/core-flows"
import { normalizeTransactionState, type JetpayTransactionStatus } from "../lib/jetpay"
import { cartOfCollection, orderOfCart } from "../lib/medusa-jetpay/cart-links"
import { JetpayEvents, type JetpayPaymentEventData } from "../lib/medusa-jetpay/events"
import { jetpayServices } from "../lib/medusa-jetpay/jetpay-services"
import { JETPAY_MODULE } from "../modules/jetpay"
import { EVENT_RETRY, nextEventAttemptDelayMs } from "../modules/jetpay/event-retry"
import type JetpayModuleService from "../modules/jetpay/service"
import { stateChange } from "../modules/jetpay/state-order"

type Deps = {
  container: MedusaContainer
  jetpay: JetpayModuleService
  payments: IPaymentModuleService
  logger: Logger
}

type TransactionRecord = Awaited<ReturnType<JetpayModuleService["retrieveJetpayTransaction"]>>

/**
 * Brings Medusa in line with one Jetpay transaction: takes its unprocessed webhook
 * events, re-reads the live status from Jetpay (the webhook is only a doorbell),
 * and moves the Medusa payment forward with Medusa's own workflows. One run per
 * transaction at a time (a lock), so duplicates and races change nothing twice.
 */
export async function syncJetpayTransaction(container: MedusaContainer, jetpayTransactionId: string): Promise<void> {
  const locking = container.resolve<ILockingModule>(Modules.LOCKING)
  const deps: Deps = {
    container,
    jetpay: container.resolve<JetpayModuleService>(JETPAY_MODULE),
    payments: container.resolve<IPaymentModuleService>(Modules.PAYMENT),
    logger: container.resolve(ContainerRegistrationKeys.LOGGER),
  }
  await locking.execute(`jetpay:transaction:${jetpayTransactionId}`, () => syncLocked(deps, jetpayTransactionId), {
    timeout: 60,
  })
}

async function syncLocked(deps: Deps, jetpayTransactionId: string): Promise<void> {
  const { jetpay, logger } = deps
  const pending = await jetpay.listJetpayWebhookEvents(
    { jetpay_transaction_id: jetpayTransactionId, processed_at: null },
    { take: null }
  )
  pending.sort((a, b) => compareEventIds(a.jetpay_event_id, b.jetpay_event_id))

  try {
    const { client } = jetpayServices(deps.container)
    const status = await client.getTransactionStatus(jetpayTransactionId)
    const record = await findOrRecordTransaction(deps, jetpayTransactionId)
    if (record) await applyStatus(deps, record, status)
    else logger.info(`[jetpay] transaction ${jetpayTransactionId} belongs to no payment of this store; events ignored`)

    if (pending.length) {
      await jetpay.updateJetpayWebhookEvents(
        pending.map((event) => ({
          id: event.id,
          processed_at: new Date(),
          attempts: event.attempts + 1,
          last_error: null,
          next_attempt_at: null,
        }))
      )
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    logger.warn(`[jetpay] processing transaction ${jetpayTransactionId} failed: ${message}`)
    if (!pending.length) throw error
    const attempts = Math.max(...pending.map((event) => event.attempts)) + 1
    const delayMs = nextEventAttemptDelayMs(attempts)
    await jetpay.updateJetpayWebhookEvents(
      pending.map((event) => ({
        id: event.id,
        attempts: event.attempts + 1,
        last_error: message.slice(0, 2000),
        next_attempt_at: new Date(Date.now() + delayMs),
      }))
    )
    if (attempts < EVENT_RETRY.maxInProcessAttempts) scheduleRetry(deps.container, jetpayTransactionId, delayMs)
  }
}

/** A later try in this process; the reconciliation job sweeps what a restart loses. */
function scheduleRetry(container: MedusaContainer, jetpayTransactionId: string, delayMs: number) {
  const timer = setTimeout(() => {
    syncJetpayTransaction(container, jetpayTransactionId).catch((error: Error) => {
      container.resolve(ContainerRegistrationKeys.LOGGER).warn(`[jetpay] retry failed: ${error.message}`)
    })
  }, delayMs)
  timer.unref()
}

/**
 * Our record of the transaction: the provider made it when it created the debit
 * (or the refund). The first time it is seen here, the cart it pays for is added.
 */
async function findOrRecordTransaction(deps: Deps, jetpayTransactionId: string): Promise<TransactionRecord | undefined> {
  const [record] = await deps.jetpay.listJetpayTransactions({ jetpay_id: jetpayTransactionId }, { take: 1 })
  if (!record || record.cart_id || !record.payment_session_id) return record
  const session = await sessionOf(deps, record)
  if (!session) return record
  const cartId = await cartOfCollection(deps.container, session.payment_collection_id)
  const [updated] = await deps.jetpay.updateJetpayTransactions([
    { id: record.id, payment_collection_id: session.payment_collection_id, cart_id: cartId },
  ])
  return updated
}

async function applyStatus(deps: Deps, record: TransactionRecord, status: JetpayTransactionStatus) {
  const change = stateChange(record.state, status.state)
  const live = normalizeTransactionState(status.state)
  if (!live.known) {
    deps.logger.warn(`[jetpay] transaction ${record.jetpay_id} is in unknown state "${status.state}": left as it is`)
    return
  }
  if (record.kind !== "debit" || !record.payment_session_id) {
    if (change.kind !== "none") await recordState(deps, record, change.state, status)
    return
  }

  const session = await sessionOf(deps, record)
  if (!session) {
    // The session was deleted (the cart changed and got a new link): only the record moves.
    if (change.kind !== "none") await recordState(deps, record, change.state, status)
    return
  }
  switch (live.state) {
    case "requested":
    case "processing":
      break
    case "initiated":
    case "paid":
      await ensureAuthorized(deps, record, session)
      break
    case "completed":
      await ensureAuthorized(deps, record, session)
      await ensureCaptured(deps, record, session)
      break
    case "failed":
    case "cancelled":
      await handleFailure(deps, record, session, status, change.kind === "reversal")
      break
  }
  if (change.kind !== "none") await recordState(deps, record, change.state, status)
}

/** The payer authorized the debit: authorize the session and complete the cart if no order exists yet. */
async function ensureAuthorized(deps: Deps, record: TransactionRecord, session: PaymentSessionDTO) {
  let payment = await paymentOfSession(deps, session.id)
  let orderId = await orderOfCart(deps.container, record.cart_id)
  if (!payment || (record.cart_id && !orderId)) {
    await processPaymentWorkflow(deps.container).run({
      input: { action: PaymentActions.AUTHORIZED, data: { session_id: session.id, amount: session.amount } },
    })
    payment = await paymentOfSession(deps, session.id)
    orderId = await orderOfCart(deps.container, record.cart_id)
    if (!payment || (record.cart_id && !orderId)) {
      // processPaymentWorkflow continues past a failed cart completion; for us that is not done.
      throw new Error(`the cart of payment session ${session.id} could not be completed`)
    }
  }
  if (record.payment_id !== payment.id || record.order_id !== orderId) {
    await deps.jetpay.updateJetpayTransactions({ id: record.id, payment_id: payment.id, order_id: orderId })
  }
  // Told once, whether the webhook or the returning shopper completed the cart.
  if (record.state === "requested") {
    await emit(deps, JetpayEvents.PAYMENT_AUTHORIZED, {
      order_id: orderId,
      transaction_id: record.jetpay_id,
      payment_id: payment.id,
    })
  }
}

/** Jetpay settled: capture the Medusa payment, exactly once. */
async function ensureCaptured(deps: Deps, record: TransactionRecord, session: PaymentSessionDTO) {
  const payment = await paymentOfSession(deps, session.id)
  if (!payment) throw new Error(`payment session ${session.id} has no payment to capture`)
  if (!payment.captured_at) {
    try {
      await capturePaymentWorkflow(deps.container).run({ input: { payment_id: payment.id } })
    } catch (error) {
      // The storefront's cart completion may have captured it at the same moment.
      const again = await paymentOfSession(deps, session.id)
      if (!again?.captured_at) throw error
    }
  }
  const orderId = await orderOfCart(deps.container, record.cart_id)
  if (record.state !== "completed") {
    await emit(deps, JetpayEvents.PAYMENT_CAPTURED, {
      order_id: orderId,
      transaction_id: record.jetpay_id,
      payment_id: payment.id,
    })
  }
}

/**
 * `failed`/`cancelled`. Before capture the Medusa payment is canceled (Medusa's own
 * webhook handling ignores failures). After capture it is an EFT return: the capture
 * stays as the record of what happened, the order is flagged, and merchants are told.
 */
async function handleFailure(
  deps: Deps,
  record: TransactionRecord,
  session: PaymentSessionDTO,
  status: JetpayTransactionStatus,
  reversal: boolean
) {
  const payment = await paymentOfSession(deps, session.id)
  const orderId = await orderOfCart(deps.container, record.cart_id)
  const eventData: JetpayPaymentEventData = {
    order_id: orderId,
    transaction_id: record.jetpay_id,
    payment_id: payment?.id ?? null,
    fail_reason: status.fail_reason ?? null,
  }

  if (reversal || payment?.captured_at) {
    if (record.reversed_at) return
    if (orderId) {
      const orders = deps.container.resolve<IOrderModuleService>(Modules.ORDER)
      const order = await orders.retrieveOrder(orderId, { select: ["id", "metadata"] })
      await orders.updateOrders(orderId, {
        metadata: {
          ...(order.metadata ?? {}),
          jetpay_payment_reversed: true,
          jetpay_fail_reason: status.fail_reason ?? null,
        },
      })
    }
    await deps.jetpay.updateJetpayTransactions({ id: record.id, reversed_at: new Date() })
    await emit(deps, JetpayEvents.PAYMENT_REVERSED, eventData)
    return
  }

  if (payment && !payment.canceled_at) await deps.payments.cancelPayment(payment.id)
  if (record.state !== "failed" && record.state !== "cancelled") {
    await emit(deps, JetpayEvents.PAYMENT_FAILED, eventData)
  }
}

async function recordState(
  deps: Deps,
  record: TransactionRecord,
  state: string,
  status: JetpayTransactionStatus
) {
  await deps.jetpay.updateJetpayTransactions({
    id: record.id,
    state,
    fail_reason: status.fail_reason ?? null,
    fail_direction: status.fail_direction ?? null,
    status_checked_at: new Date(),
  })
}

/** The payment session a debit was made for, unless it has been deleted since. */
async function sessionOf(deps: Deps, record: TransactionRecord): Promise<PaymentSessionDTO | undefined> {
  if (!record.payment_session_id) return undefined
  const [session] = await deps.payments.listPaymentSessions({ id: record.payment_session_id }, { take: 1 })
  return session
}

async function paymentOfSession(deps: Deps, sessionId: string): Promise<PaymentDTO | undefined> {
  const [payment] = await deps.payments.listPayments({ payment_session_id: sessionId }, { take: 1 })
  return payment
}

async function emit(deps: Deps, name: string, data: JetpayPaymentEventData) {
  const eventBus = deps.container.resolve<IEventBusModuleService>(Modules.EVENT_BUS)
  await eventBus.emit({ name, data })
}

function compareEventIds(a: string, b: string): number {
  const x = BigInt(a)
  const y = BigInt(b)
  return x < y ? -1 : x > y ? 1 : 0
}
