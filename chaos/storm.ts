// Carries out the storm plan (storm-plan.ts) against the sandbox and the cluster, and
// keeps a timeline of what it did, for the report.
import { setTimeout as sleep } from "node:timers/promises"
import type { ProcessName, Replica } from "../integration-tests/cluster/cluster"
import type { JetpayControl } from "./jetpay-control"
import { dueSteps, type StormStep } from "./storm-plan"

export type Restartable = {
  /** Every process: server-1.., worker-1.. */
  replicas: readonly Replica[]
  kill(name: ProcessName, signal?: NodeJS.Signals): Promise<void>
  start(name: ProcessName): Promise<void>
}

/** Jetpay API faults: 10 % of calls in all, 7 % error answers and about 3 % hangs (performed, never answered). */
export const API_FAULT_RULES = [
  { probability: 0.07, statuses: [500, 502, 503, 429], retry_after: 1 },
  // Tried only when the first rule did not fire: 0.93 x 0.032 = 3 % more.
  { probability: 0.032, timeout: true, process: true },
]

export const WEBHOOK_FAULTS = { duplicate_probability: 0.2, concurrent: true, reverse_probability: 0.2 }

export function startStorm(options: { plan: StormStep[]; jetpay: JetpayControl; cluster: Restartable; say: (line: string) => void }) {
  const t0 = Date.now()
  const timeline: string[] = []
  const note = (line: string) => {
    const entry = `+${((Date.now() - t0) / 1000).toFixed(1)} s ${line}`
    timeline.push(entry)
    options.say(`[storm] ${entry}`)
  }
  const started = new Set<StormStep>()
  const running: Promise<void>[] = []
  const failures: string[] = []
  let faultsOnAt: number | null = null

  const run = async (step: StormStep) => {
    switch (step.kind) {
      case "faults-on":
        for (const rule of API_FAULT_RULES) await options.jetpay.addApiFault(rule)
        await options.jetpay.setWebhookFaults(WEBHOOK_FAULTS)
        faultsOnAt = Date.now()
        note("Jetpay API faults on (10 %: 5xx, 429, hangs); duplicate (concurrent) and reversed batches 20 % each")
        break
      case "drop-window":
        await options.jetpay.setWebhookFaults({ drop: true })
        note(`webhook batches dropped for good for ${step.durationMs / 1000} s`)
        await sleep(step.durationMs)
        await options.jetpay.setWebhookFaults({ drop: false })
        note("webhook drop window over")
        break
      case "kill": {
        // The role's first replica; any other of the same role keeps serving.
        const victim: Replica = `${step.role}-1`
        const others = options.cluster.replicas.filter((replica) => replica !== victim && replica.startsWith(`${step.role}-`))
        await options.cluster.kill(victim, "SIGKILL")
        note(`kill -9 ${victim}${others.length ? ` (${others.join(", ")} still up)` : ""}`)
        await sleep(step.downMs)
        note(`restarting ${victim}`)
        await options.cluster.start(victim)
        note(`${victim} back`)
        break
      }
    }
  }

  /** Starts every step whose share of the checkouts is done. */
  const progress = (done: number, total: number) => {
    for (const step of dueSteps(options.plan, done, total, started)) {
      started.add(step)
      running.push(
        run(step).catch((error) => {
          failures.push(`${step.kind}: ${(error as Error).message}`)
          note(`step ${step.kind} failed: ${(error as Error).message}`)
        })
      )
    }
  }

  return {
    timeline,
    progress,
    /**
     * Starts what did not start yet, waits for every step, then clears every fault: the
     * moment that returns is "recovery" (the last process is back and faults are off).
     */
    async finish(): Promise<{ recoveryAt: number; faultsOnAt: number | null; failures: string[] }> {
      progress(1, 1)
      await Promise.all(running)
      // A process a failed step left down is started again, or nothing could converge.
      for (const replica of options.cluster.replicas) await options.cluster.start(replica)
      await options.jetpay.clearApiFaults()
      await options.jetpay.clearWebhookFaults()
      note("faults cleared; every process up: recovery")
      return { recoveryAt: Date.now(), faultsOnAt, failures }
    },
  }
}

export type Storm = ReturnType<typeof startStorm>
