// The figures of a chaos run, from plain records (report math, no I/O), and how they print.
import { percentile } from "../bench/percentiles"
import type { Scenario } from "./scenarios"
import type { TruthClass } from "./outcomes"

export type PaymentResult = {
  cartId: string
  scenario: Scenario
  /** The debits of the cart with their Jetpay truth class. */
  debits: { id: string; state: string; history: readonly string[]; truthClass: TruthClass }[]
  differences: string[]
  duplicateOrders: number
  duplicateCaptures: number
  /** Refunds made twice (compare.ts, creditDifferences); absent in records from before it was counted. */
  duplicateCredits?: number
  /** Orders canceled with nothing paid (a cart completion that died after making the order). */
  canceledUnpaidOrders?: number
  /** Seconds from recovery until this payment last matched (null: it never did). */
  convergedAfterSeconds: number | null
  /** The checkout itself could not be driven (the storefront gave up): reported, counted as not converged. */
  driveError?: string
}

export type OrphanDebit = { id: string; state: string }

/** One webhook event: when the store recorded it, and how long until it was applied (Infinity: never). */
export type AppliedSample = { receivedAt: number; ms: number }

/** Where the run was when an event was recorded: before the faults, in the storm, after recovery. */
export type Phases = { faultsOnAt: number | null; recoveryAt: number }

export type AppliedFigures = { events: number; unprocessed: number; medianMs: number | null; p95Ms: number | null }

export type ChaosReportInput = {
  payments: PaymentResult[]
  orphans: OrphanDebit[]
  /** Debits the store recorded that the driver never saw (a session answer lost), with their verdict. */
  unseenStoreDebits: { id: string; state: string; differences: string[] }[]
  /** processed_at - received_at of every webhook event. */
  applied: AppliedSample[]
  phases: Phases
  recoveryToConvergenceSeconds: number | null
  deadlineSeconds: number
  options: Record<string, unknown>
  storm: string[]
  notes: string[]
}

export type MismatchGroup = { count: number; examples: { cartId: string; debits: string[]; differences: string[] }[] }

export type ChaosReport = {
  payments: number
  converged: number
  mismatched: number
  mismatchesByOutcome: Record<string, MismatchGroup>
  mismatchesByScenario: Record<string, number>
  duplicateOrders: number
  duplicateCaptures: number
  duplicateCredits: number
  canceledUnpaidOrders: number
  recoveryToConvergenceSeconds: number | null
  /** Seconds after recovery by which half, 99 % and the last of the converged payments matched. */
  convergence: { p50Seconds: number | null; p99Seconds: number | null; lastSeconds: number | null }
  recordedToApplied: AppliedFigures & { byPhase: Record<"quiet" | "storm" | "recovery", AppliedFigures> }
  orphanDebits: { count: number; examples: OrphanDebit[] }
  unseenStoreDebits: { count: number; mismatched: number; examples: ChaosReportInput["unseenStoreDebits"] }
  options: Record<string, unknown>
  storm: string[]
  notes: string[]
}

const EXAMPLES = 3

export function buildReport(input: ChaosReportInput): ChaosReport {
  const mismatched = input.payments.filter((payment) => payment.differences.length > 0 || payment.driveError)
  const byOutcome: Record<string, MismatchGroup> = {}
  const byScenario: Record<string, number> = {}
  for (const payment of mismatched) {
    // A cart's outcome is its most advanced debit's class (the paid one of a changed cart).
    const outcome = payment.driveError ? "not-driven" : outcomeOf(payment)
    const group = (byOutcome[outcome] ??= { count: 0, examples: [] })
    group.count += 1
    if (group.examples.length < EXAMPLES) {
      group.examples.push({
        cartId: payment.cartId,
        debits: payment.debits.map((debit) => `${debit.id} ${debit.history.join(">")}`),
        differences: payment.driveError ? [payment.driveError, ...payment.differences] : payment.differences,
      })
    }
    byScenario[payment.scenario] = (byScenario[payment.scenario] ?? 0) + 1
  }
  const unseenMismatched = input.unseenStoreDebits.filter((debit) => debit.differences.length > 0)
  return {
    payments: input.payments.length,
    converged: input.payments.length - mismatched.length,
    mismatched: mismatched.length,
    mismatchesByOutcome: byOutcome,
    mismatchesByScenario: byScenario,
    duplicateOrders: sum(input.payments.map((payment) => payment.duplicateOrders)),
    duplicateCaptures: sum(input.payments.map((payment) => payment.duplicateCaptures)),
    duplicateCredits: sum(input.payments.map((payment) => payment.duplicateCredits ?? 0)),
    canceledUnpaidOrders: sum(input.payments.map((payment) => payment.canceledUnpaidOrders ?? 0)),
    recoveryToConvergenceSeconds: input.recoveryToConvergenceSeconds,
    convergence: convergenceFigures(input.payments),
    recordedToApplied: { ...appliedFigures(input.applied), byPhase: appliedByPhase(input.applied, input.phases) },
    orphanDebits: { count: input.orphans.length, examples: input.orphans.slice(0, EXAMPLES) },
    unseenStoreDebits: {
      count: input.unseenStoreDebits.length,
      mismatched: unseenMismatched.length,
      examples: (unseenMismatched.length ? unseenMismatched : input.unseenStoreDebits).slice(0, EXAMPLES),
    },
    options: input.options,
    storm: input.storm,
    notes: input.notes,
  }
}

export function convergenceFigures(payments: readonly Pick<PaymentResult, "convergedAfterSeconds">[]) {
  const seconds = payments.map((payment) => payment.convergedAfterSeconds).filter((value): value is number => value !== null)
  const at = (p: number) => (seconds.length ? Math.round(percentile(seconds, p) * 10) / 10 : null)
  return { p50Seconds: at(50), p99Seconds: at(99), lastSeconds: at(100) }
}

export function appliedFigures(samples: readonly AppliedSample[]): AppliedFigures {
  const finite = samples.map((sample) => sample.ms).filter((ms) => Number.isFinite(ms))
  return {
    events: samples.length,
    unprocessed: samples.length - finite.length,
    medianMs: finite.length ? round(percentile(finite, 50)) : null,
    p95Ms: finite.length ? round(percentile(finite, 95)) : null,
  }
}

/** The same figures for events recorded before the faults, during the storm, and after recovery. */
export function appliedByPhase(samples: readonly AppliedSample[], phases: Phases) {
  const quietUntil = phases.faultsOnAt ?? phases.recoveryAt
  return {
    quiet: appliedFigures(samples.filter((sample) => sample.receivedAt < quietUntil)),
    storm: appliedFigures(samples.filter((sample) => sample.receivedAt >= quietUntil && sample.receivedAt < phases.recoveryAt)),
    recovery: appliedFigures(samples.filter((sample) => sample.receivedAt >= phases.recoveryAt)),
  }
}

const CLASS_RANK: Record<string, number> = {
  "unknown-state": 7,
  returned: 6,
  settled: 5,
  "failed-after-authorization": 4,
  authorized: 3,
  "amount-mismatch": 2.5,
  "failed-unpaid": 2,
  "never-paid": 1,
  cancelled: 0,
}

export function outcomeOf(payment: Pick<PaymentResult, "debits">): string {
  const ranked = [...payment.debits].sort((a, b) => (CLASS_RANK[b.truthClass] ?? 0) - (CLASS_RANK[a.truthClass] ?? 0))
  return ranked[0]?.truthClass ?? "no-debit"
}

export function formatReport(report: ChaosReport): string {
  const lines = [
    `Chaos run: ${report.payments} payments, ${report.converged} converged, ${report.mismatched} mismatched`,
    `  duplicate orders: ${report.duplicateOrders}, duplicate captures: ${report.duplicateCaptures}, duplicate credits (refunds): ${report.duplicateCredits}`,
    `  orders canceled unpaid (a cart completion died after making them): ${report.canceledUnpaidOrders}`,
    `  recovery to convergence: ${report.recoveryToConvergenceSeconds === null ? "not converged" : `${report.recoveryToConvergenceSeconds} s`}` +
      ` (of the converged: half by ${report.convergence.p50Seconds ?? "n/a"} s, 99 % by ${report.convergence.p99Seconds ?? "n/a"} s, the last at ${report.convergence.lastSeconds ?? "n/a"} s)`,
    `  recorded to applied: median ${ms(report.recordedToApplied.medianMs)}, p95 ${ms(report.recordedToApplied.p95Ms)}` +
      ` (${report.recordedToApplied.events} events, ${report.recordedToApplied.unprocessed} unprocessed)`,
    ...(["quiet", "storm", "recovery"] as const).map((phase) => {
      const figures = report.recordedToApplied.byPhase[phase]
      return `    recorded ${phase === "quiet" ? "before the faults" : phase === "storm" ? "in the storm" : "after recovery"}: median ${ms(figures.medianMs)}, p95 ${ms(figures.p95Ms)} (${figures.events} events)`
    }),
    `  orphan debits (creation answer lost): ${report.orphanDebits.count}`,
    `  store debits the driver never saw: ${report.unseenStoreDebits.count} (${report.unseenStoreDebits.mismatched} mismatched)`,
  ]
  for (const [outcome, group] of Object.entries(report.mismatchesByOutcome)) {
    lines.push(`  mismatched ${outcome}: ${group.count}`)
    for (const example of group.examples) {
      lines.push(`    cart ${example.cartId} [${example.debits.join("; ")}]`)
      for (const difference of example.differences) lines.push(`      - ${difference}`)
    }
  }
  lines.push(`  run: ${JSON.stringify(report.options)}`)
  if (report.storm.length) lines.push("  storm:", ...report.storm.map((line) => `    ${line}`))
  if (report.notes.length) lines.push("  notes:", ...report.notes.map((line) => `    ${line}`))
  return lines.join("\n")
}

function ms(value: number | null): string {
  return value === null ? "n/a" : `${value} ms`
}

function round(value: number): number {
  return Math.round(value)
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0)
}
