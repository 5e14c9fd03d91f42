// Judges every driven payment: Jetpay's truth (the sandbox) against what Medusa shows,
// round after round until each one matches or the deadline passes.
import { setTimeout as sleep } from "node:timers/promises"
import type { DrivenPayment } from "./checkout"
import { compareCart, type CartVerdict, type ExpectedDebit, type ObservedCart } from "./compare"
import type { JetpayControl, SandboxTransaction } from "./jetpay-control"
import type { MedusaReads } from "./medusa-reads"
import { allowsOrder, asAmountMismatch, classifyDebit, needsOrder } from "./outcomes"
import type { OrphanDebit, PaymentResult } from "./report"
import { scenarioDifferences } from "./scenarios"

type Truth = Map<string, SandboxTransaction>

export type Judged = { debits: ExpectedDebit[]; verdict: CartVerdict }

function expected(transaction: SandboxTransaction, truth?: Truth): ExpectedDebit {
  const history = transaction.history.map((entry) => entry.state)
  return {
    id: transaction.identifier,
    state: transaction.state,
    history,
    amount: transaction.amount,
    ...classifyDebit({ state: transaction.state, history }),
    credits: truth ? creditsOf(transaction.identifier, truth) : [],
  }
}

/** The refund credits Jetpay holds for a debit: the plugin's note names it; cancelled ones moved no money. */
function creditsOf(debitId: string, truth: Truth) {
  const note = `Refund of Jetpay debit ${debitId}`
  return [...truth.values()]
    .filter((transaction) => transaction.kind === "credit" && transaction.note === note && transaction.state !== "cancelled")
    .map((credit) => ({ id: credit.identifier, amount: credit.amount, state: credit.state }))
}

/** Each cart's debits: those the storefront saw, and those the store recorded for the cart. */
function debitsOfCart(payment: DrivenPayment, truth: Truth, recorded: Map<string, { cartId: string | null }> | null): { debits: ExpectedDebit[]; missing: string[] } {
  const ids = new Set(payment.debitIds)
  for (const [id, record] of recorded ?? []) if (record.cartId && record.cartId === payment.cartId) ids.add(id)
  const debits: ExpectedDebit[] = []
  const missing: string[] = []
  for (const id of ids) {
    const transaction = truth.get(id)
    if (transaction) debits.push(expected(transaction, truth))
    else missing.push(id)
  }
  return { debits, missing }
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++])
    })
  )
}

/** One round: every given cart judged against the current truth. */
export async function judgeCarts(
  payments: DrivenPayment[],
  truth: Truth,
  recorded: Map<string, { cartId: string | null }> | null,
  reads: MedusaReads
): Promise<Map<DrivenPayment, Judged>> {
  const carts = payments.filter((payment) => payment.cartId)
  const orderIds = await reads.orderIdsByCart(carts.map((payment) => payment.cartId!))
  const orders = await reads.orders([...new Set([...orderIds.values()].flat())])
  const judged = new Map<DrivenPayment, Judged>()
  const mismatches = await reads.amountMismatches().catch(() => new Set<string>())
  await pool(carts, 8, async (payment) => {
    const cartId = payment.cartId!
    const found = debitsOfCart(payment, truth, recorded)
    const missing = found.missing
    const listed = found.debits.filter((debit) => mismatches.has(debit.id))
    const total = listed.length ? await reads.cartTotalCents(cartId).catch(() => undefined) : undefined
    const debits = found.debits.map((debit) => asAmountMismatch(debit, total, mismatches.has(debit.id)))
    const ids = orderIds.get(cartId) ?? []
    const cartOrders = ids.map((id) => orders.get(id)).filter((order) => order !== undefined)
    if (debits.some((debit) => debit.expectation === "reversed")) {
      for (const order of cartOrders) order.reversedDebits = await reads.reversedDebits(order.id).catch(() => [])
    }
    const observed: ObservedCart = {
      cartId,
      orderIds: ids,
      statusOrderId: await reads.statusOrderId(cartId),
      orders: cartOrders,
      // A session authorized by a debit that was never paid only matters for such debits; an
      // awaiting payment shows only in its session.
      sessions: debits.some((debit) => !needsOrder(debit.expectation) || debit.expectation === "awaiting")
        ? await reads.sessions(cartId).catch(() => [])
        : [],
    }
    const verdict = compareCart(debits, observed)
    verdict.differences.push(
      ...scenarioDifferences(
        payment.scenario,
        payment.debitIds.map((id) => truth.get(id)?.state),
        { canceledUnpaidOrder: verdict.canceledUnpaidOrders > 0 }
      )
    )
    for (const id of missing) verdict.differences.push(`debit ${id}: unknown to Jetpay`)
    if (ids.length > cartOrders.length) verdict.differences.push(`orders ${ids.join(", ")}: not all shown by the admin API`)
    judged.set(payment, { debits, verdict })
  })
  return judged
}

export type Convergence = {
  results: PaymentResult[]
  recoveryToConvergenceSeconds: number | null
  orphans: OrphanDebit[]
  unseenStoreDebits: { id: string; state: string; differences: string[] }[]
  notes: string[]
}

/**
 * Polls (every `pollMs`) until every payment matched once, or the deadline; then judges all of
 * them one last time, so a payment that matched and then drifted (a late duplicate) counts.
 */
export async function awaitConvergence(options: {
  payments: DrivenPayment[]
  jetpay: JetpayControl
  reads: MedusaReads
  recoveryAt: number
  deadlineSeconds: number
  pollMs: number
  say: (line: string) => void
}): Promise<Convergence> {
  const { payments, jetpay, reads, recoveryAt } = options
  const matchedAt = new Map<DrivenPayment, number>()
  const pending = new Set(payments.filter((payment) => payment.cartId && !payment.error))
  const deadline = recoveryAt + options.deadlineSeconds * 1000
  const notes: string[] = []
  while (pending.size > 0 && Date.now() < deadline) {
    const truth = await truthNow(jetpay)
    const recorded = await reads.recordedDebits()
    const round = await judgeCarts([...pending], truth, recorded, reads).catch((error) => {
      options.say(`[verify] round failed: ${(error as Error).message}`)
      return new Map<DrivenPayment, Judged>()
    })
    for (const [payment, { verdict }] of round) {
      if (verdict.differences.length === 0) {
        matchedAt.set(payment, Date.now())
        pending.delete(payment)
      }
    }
    options.say(`[verify] ${payments.length - pending.size}/${payments.length} matched, ${((Date.now() - recoveryAt) / 1000).toFixed(0)} s after recovery`)
    if (pending.size > 0) await sleep(options.pollMs)
  }

  const truth = await truthNow(jetpay)
  const recorded = await reads.recordedDebits()
  if (!recorded) notes.push("the plugin's jetpay_transaction table could not be read: debits the driver never saw are not attributed to carts")
  const final = await judgeCarts(payments, truth, recorded, reads)
  const results: PaymentResult[] = payments.map((payment) => {
    const judged = final.get(payment)
    const differences = judged?.verdict.differences ?? []
    const at = matchedAt.get(payment)
    return {
      cartId: payment.cartId ?? `(no cart, payment ${payment.index})`,
      scenario: payment.scenario,
      debits: (judged?.debits ?? []).map(({ id, state, history, truthClass }) => ({ id, state, history, truthClass })),
      differences,
      duplicateOrders: judged?.verdict.duplicateOrders ?? 0,
      duplicateCaptures: judged?.verdict.duplicateCaptures ?? 0,
      duplicateCredits: judged?.verdict.duplicateCredits ?? 0,
      canceledUnpaidOrders: judged?.verdict.canceledUnpaidOrders ?? 0,
      convergedAfterSeconds:
        differences.length === 0 && !payment.error && at !== undefined ? Math.max(0, (at - recoveryAt) / 1000) : null,
      driveError: payment.error,
    }
  })
  const allConverged = results.every((result) => result.convergedAfterSeconds !== null)
  const recoveryToConvergenceSeconds = allConverged
    ? round1(Math.max(0, ...results.map((result) => result.convergedAfterSeconds ?? 0)))
    : null

  // Debits that belong to no driven cart: the store's (recorded) but unseen by the storefront,
  // or nobody's (the creation answer never came back: the store has no record of them).
  const attributed = new Set<string>()
  for (const judged of final.values()) for (const debit of judged.debits) attributed.add(debit.id)
  const loose = [...truth.values()].filter((transaction) => transaction.kind === "debit" && !attributed.has(transaction.identifier))
  const orphans: OrphanDebit[] = []
  const unseen: Convergence["unseenStoreDebits"] = []
  const paymentsByDebit = await reads.paymentsOfDebits(loose.map((transaction) => transaction.identifier))
  for (const transaction of loose) {
    if (!recorded || !recorded.has(transaction.identifier)) {
      orphans.push({ id: transaction.identifier, state: transaction.state })
      continue
    }
    const debit = expected(transaction)
    const differences: string[] = []
    const medusaPayments = paymentsByDebit.get(debit.id) ?? []
    if (!allowsOrder(debit.expectation) && medusaPayments.length) differences.push(`Medusa payments ${medusaPayments.join(", ")} name it`)
    if (needsOrder(debit.expectation)) differences.push(`Jetpay says ${debit.state}, but no driven cart holds it`)
    unseen.push({ id: debit.id, state: debit.state, differences })
  }
  return { results, recoveryToConvergenceSeconds, orphans, unseenStoreDebits: unseen, notes }
}

async function truthNow(jetpay: JetpayControl): Promise<Truth> {
  const transactions = await jetpay.transactions()
  return new Map(transactions.map((transaction) => [transaction.identifier, transaction]))
}

function round1(value: number): number {
  return Math.round(value * 10) / 10
}
