// When the storm does what, as a share of the checkouts driven so far: the same plan
// hits a 30-payment run and a 1000-payment run at the same moments of their traffic.
// Pure; storm.ts carries it out.

export type KillMode = "none" | "worker" | "both"

export type StormStep =
  /** Jetpay API faults (5xx, 429, hangs) at a rate, duplicate and reversed deliveries. */
  | { kind: "faults-on"; atProgress: number }
  /** Webhook batches lost for good for a while (`drop`). */
  | { kind: "drop-window"; atProgress: number; durationMs: number }
  /** kill -9 of one process (the role's first replica: server-1, worker-1), restarted after `downMs`. */
  | { kind: "kill"; atProgress: number; role: "server" | "worker"; downMs: number }

export type StormOptions = { kills: KillMode; dropWindowMs?: number; downMs?: number }

export function stormPlan({ kills, dropWindowMs = 15_000, downMs = 4_000 }: StormOptions): StormStep[] {
  // The first tenth runs quiet, so the first checkouts show the cluster works at all.
  const steps: StormStep[] = [
    { kind: "faults-on", atProgress: 0.1 },
    { kind: "drop-window", atProgress: 0.3, durationMs: dropWindowMs },
  ]
  if (kills !== "none") steps.push({ kind: "kill", atProgress: 0.45, role: "worker", downMs })
  if (kills === "both") steps.push({ kind: "kill", atProgress: 0.7, role: "server", downMs })
  return steps
}

/** The steps whose moment has come, given how many of `total` checkouts are done. */
export function dueSteps(plan: readonly StormStep[], done: number, total: number, started: ReadonlySet<StormStep>): StormStep[] {
  const progress = total === 0 ? 1 : done / total
  return plan.filter((step) => !started.has(step) && progress >= step.atProgress)
}
