// The chaos run in small (chaos/: about 30 payments, one kill -9 of the worker), as part of
// `npm test`: every outcome under Jetpay API faults, duplicate, reordered and dropped webhook
// deliveries, on a server + worker cluster. Skipped, with the reason printed, without Redis.
import path from "node:path"
import { chaosOptionsFromEnv } from "../../chaos/options"
import { redisUnavailableReasonSync } from "../../chaos/redis-check"
import type { ChaosReport } from "../../chaos/report"
import { runChaos } from "../../chaos/run-chaos"

// The plugin as this checkout builds it (`npm test` brings its build up to date first), unless
// CHAOS_PLUGIN_ROOT or CHAOS_PLUGIN_REF names another: no copy of its own to build.
const pluginRoot = process.env.CHAOS_PLUGIN_ROOT ?? (process.env.CHAOS_PLUGIN_REF ? undefined : path.resolve(__dirname, "../.."))
const options = chaosOptionsFromEnv(
  { CHAOS_REDIS_URL: process.env.CHAOS_SMALL_REDIS_URL, REDIS_URL: process.env.REDIS_URL, CHAOS_PLUGIN_ROOT: pluginRoot, CHAOS_PLUGIN_REF: process.env.CHAOS_PLUGIN_REF },
  {
    name: "chaos-small",
    payments: 28, // four of each outcome
    concurrency: 8,
    kills: "worker",
    deadlineSeconds: 120,
    maxDelayMs: 1_500,
    patienceMs: 120_000,
    redisDb: 13,
  }
)
const redisMissing = redisUnavailableReasonSync(options.redisUrl)
if (redisMissing) console.log(`Small chaos run skipped: Redis does not answer at ${options.redisUrl} (${redisMissing})`)

const describeWithRedis = redisMissing ? describe.skip : describe

describeWithRedis(`small chaos run (${options.payments} payments, kill -9 of the worker)`, () => {
  let report: ChaosReport

  beforeAll(async () => {
    report = await runChaos(options, (line) => process.stdout.write(`[chaos-small] ${line}\n`))
  }, 10 * 60_000)

  it("every payment converged to what Jetpay says", () => {
    expect(report.mismatchesByOutcome).toEqual({})
    expect(report.converged).toBe(report.payments)
  })

  it("no cart has two orders and no payment was captured or refunded twice", () => {
    const { duplicateOrders, duplicateCaptures, duplicateCredits } = report
    expect({ duplicateOrders, duplicateCaptures, duplicateCredits }).toEqual({ duplicateOrders: 0, duplicateCaptures: 0, duplicateCredits: 0 })
  })
})
