import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { JETPAY_MODULE } from "../../../modules/jetpay"
import { isEftBeingPulled, nextCheckAt } from "../../../domain/next-check"
import { abandonAt } from "../../../domain/abandoned-debit"
import { unpaidOrderTimes } from "../../../domain/unpaid-order"
import { jetpayServices } from "../../../providers/jetpay/jetpay-services"
import type JetpayModuleService from "../../../modules/jetpay/service"
import type { SyncOutcomeFields } from "../../../modules/jetpay/service"
import type { JetpaySnapshot } from "./read-jetpay-transaction"
import { outboxEntries, type OutboxEntry } from "../../../domain/plugin-event-outbox"

type Input = { snapshot: JetpaySnapshot; paymentId: string | null; orderId: string | null }

/**
 * What was applied becomes the record (state, facts with their times, links, the next status
 * re-read), the plugin events those facts tell go into the outbox, and the events this run
 * applied are marked processed, all in one statement. Before this, a crash leaves everything to
 * apply again, which changes nothing twice; after it, the outbox keeps the events to tell.
 * Answers the outbox keys, and the entries it added and took for this process's emit step.
 */
export const recordJetpayOutcomeStep = createStep(
  "record-jetpay-outcome",
  async ({ snapshot, paymentId, orderId }: Input, { container }) => {
    const jetpay = container.resolve<JetpayModuleService>(JETPAY_MODULE)
    const now = new Date()
    const { record, facts, plan, live } = snapshot
    let fields: SyncOutcomeFields | null = null
    let outbox: OutboxEntry[] = []
    if (record) {
      const createdAt = new Date(record.created_at)
      const timings = jetpayServices(container).options.timings
      const ended = facts.outcome === "failed" || facts.outcome === "cancelled" || facts.outcome === "reversed"
      // Cancelled at Jetpay by this sync (cancel-abandoned-debit.ts, expire-unpaid-order.ts): nothing is left to re-read.
      const cancelledHere = plan.cancelAbandoned || plan.expireUnpaidOrder
      // An order made before its payment is read again at its reminder (unless this run sends it), then its expiry.
      const unpaidOrderWake = unpaidOrderTimes(record.schedule, now, plan.remindUnpaidOrder).wakeAt
      fields = {
        state: cancelledHere ? "cancelled" : facts.state,
        ...(ended ? { fail_reason: live.fail_reason, fail_direction: live.fail_direction } : {}),
        ...(plan.record.authorized ? { authorized_at: now } : {}),
        ...(plan.record.settled ? { settled_at: now } : {}),
        // How the payer paid, once a state told it; kept when a later sync cannot tell (Jetpay reads `completed`).
        ...(snapshot.paymentMethod ? { payment_method: snapshot.paymentMethod } : {}),
        ...(plan.record.failed ? { failed_at: now } : {}),
        ...(plan.record.reversed ? { reversed_at: now } : {}),
        cart_id: record.cart_id,
        order_id: orderId,
        payment_id: paymentId,
        status_checked_at: now,
        next_check_at: cancelledHere
          ? null
          : nextCheckAt(
              record.kind,
              facts.outcome,
              createdAt,
              now,
              // Read again when it counts as abandoned, or at its unpaid order's reminder or expiry, at the latest.
              abandonAt({ kind: record.kind, purpose: record.purpose, facts, createdAt }, timings) ?? unpaidOrderWake,
              { eftBeingPulled: isEftBeingPulled(live.state) }
            ),
        last_error: null,
      }
      outbox = outboxEntries(plan.emit, {
        order_id: orderId ?? record.order_id ?? null,
        transaction_id: snapshot.jetpayId,
        payment_id: paymentId ?? record.payment_id ?? null,
        fail_reason: live.fail_reason,
      })
    } else if (snapshot.pendingEvents.length) {
      container
        .resolve(ContainerRegistrationKeys.LOGGER)
        .info(`[jetpay] transaction ${snapshot.jetpayId} is not this store's (another integration's?): its events are recorded, nothing is done`)
    }
    const { claimed } = await jetpay.recordSyncOutcome(
      record && fields
        ? { id: record.id, fields, accountedCompletion: plan.completionAccounted ? record.completion_started_at : null }
        : null,
      snapshot.pendingEvents.map(({ id }) => id),
      now,
      outbox
    )
    const taken = new Set(claimed)
    return new StepResponse({
      keys: outbox.map((entry) => entry.key),
      claimed: outbox
        .filter((entry) => taken.has(entry.key))
        .map((entry) => ({ key: entry.key, value: { ...entry.value, claimed_at: now.toISOString() } })),
    })
  }
)
