// The knobs of a chaos run, from the environment (npm run chaos) or from a test.
import type { KillMode } from "./storm-plan"

export type ChaosOptions = {
  /** Payments (checkouts) driven. */
  payments: number
  /** Checkouts in flight at once: a 2-core machine runs the store, the sandbox and the driver. */
  concurrency: number
  kills: KillMode
  seed: number
  /** How long after recovery the payments may take to converge. */
  deadlineSeconds: number
  pollMs: number
  /** The longest pause of a shopper or of the bank between two steps of a checkout. */
  maxDelayMs: number
  /** How long a shopper keeps retrying a store that is down or failing. */
  patienceMs: number
  /** With its database index; flushed at start. */
  redisUrl: string
  /** The Redis database index used when CHAOS_REDIS_URL does not name one (REDIS_URL's host, or localhost). */
  redisDb?: number
  name: string
  logDir: string
  reportFile: string
  /** The plugin checkout the cluster builds and runs; default: a private copy of this one's plugin files. */
  pluginRoot?: string
  /** Run the plugin as committed at this git ref instead of the working tree's files. */
  pluginRef?: string
  /** Medusa servers (behind a round-robin proxy when more than one) and workers. */
  topology: Topology
  /** Events each worker handles at once; null: Medusa's default (no `concurrency` option, BullMQ's 1). */
  eventConcurrency: number | null
}

export type Topology = { servers: number; workers: number }

export function chaosOptionsFromEnv(env: NodeJS.ProcessEnv, defaults: Partial<ChaosOptions> = {}): ChaosOptions {
  const kills = env.CHAOS_KILLS === undefined ? defaults.kills ?? "both" : parseKills(env.CHAOS_KILLS)
  const name = defaults.name ?? "chaos"
  return {
    payments: positive(env.CHAOS_PAYMENTS, defaults.payments ?? 300, "CHAOS_PAYMENTS"),
    concurrency: positive(env.CHAOS_CONCURRENCY, defaults.concurrency ?? 20, "CHAOS_CONCURRENCY"),
    kills,
    seed: positive(env.CHAOS_SEED, defaults.seed ?? 1, "CHAOS_SEED"),
    deadlineSeconds: positive(env.CHAOS_DEADLINE_SECONDS, defaults.deadlineSeconds ?? 180, "CHAOS_DEADLINE_SECONDS"),
    pollMs: defaults.pollMs ?? 2_000,
    maxDelayMs: positive(env.CHAOS_MAX_DELAY_MS, defaults.maxDelayMs ?? 2_500, "CHAOS_MAX_DELAY_MS"),
    patienceMs: defaults.patienceMs ?? 240_000,
    redisUrl: env.CHAOS_REDIS_URL || redisDatabase(env.REDIS_URL || "redis://127.0.0.1:6379", defaults.redisDb ?? 12),
    name,
    logDir: defaults.logDir ?? `test-output/${name}`,
    reportFile: defaults.reportFile ?? `test-output/${name}-report.json`,
    pluginRoot: env.CHAOS_PLUGIN_ROOT || defaults.pluginRoot,
    pluginRef: env.CHAOS_PLUGIN_REF || defaults.pluginRef,
    topology: env.CHAOS_TOPOLOGY ? parseTopology(env.CHAOS_TOPOLOGY) : defaults.topology ?? { servers: 1, workers: 1 },
    eventConcurrency: env.CHAOS_EVENT_CONCURRENCY
      ? positive(env.CHAOS_EVENT_CONCURRENCY, 1, "CHAOS_EVENT_CONCURRENCY")
      : defaults.eventConcurrency ?? null,
  }
}

/** CHAOS_TOPOLOGY: <servers>x<workers>, e.g. 1x1 (one of each) or 2x2. */
export function parseTopology(value: string): Topology {
  const match = /^(\d+)x(\d+)$/.exec(value.trim())
  const servers = Number(match?.[1])
  const workers = Number(match?.[2])
  if (!match || servers < 1 || workers < 1) throw new Error(`CHAOS_TOPOLOGY must be <servers>x<workers> such as 1x1 or 2x2, not "${value}"`)
  return { servers, workers }
}

/** CHAOS_KILLS: 0 (none), worker, or 1/both (the worker, later the server). */
export function parseKills(value: string): KillMode {
  if (value === "0" || value === "none") return "none"
  if (value === "worker") return "worker"
  if (value === "1" || value === "both") return "both"
  throw new Error(`CHAOS_KILLS must be 0, worker or both, not "${value}"`)
}

/** `url` with its database index replaced: a run owns its index, and flushes it. */
export function redisDatabase(url: string, index: number): string {
  const parsed = new URL(url)
  parsed.pathname = `/${index}`
  return parsed.toString()
}

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1) throw new Error(`${name} must be a positive integer, not "${value}"`)
  return number
}
