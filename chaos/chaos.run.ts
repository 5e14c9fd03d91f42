// `npm run chaos`: CHAOS_PAYMENTS checkouts (default 300) through every outcome, under Jetpay
// API faults, duplicate, reordered and dropped webhook deliveries, and kill -9 of the worker and
// then the server (CHAOS_KILLS=0: no kills; worker: the worker only), on one server and one worker
// or CHAOS_TOPOLOGY's (2x2: two servers behind a round-robin proxy, two workers). Prints the report and
// writes test-output/chaos-report.json. Asserts correctness only: speed is printed, never asserted.
import { chaosOptionsFromEnv } from "./options"
import { redisUnavailableReasonSync } from "./redis-check"
import { runChaos } from "./run-chaos"
import type { ChaosReport } from "./report"

const options = chaosOptionsFromEnv(process.env, { name: "chaos" })
const redisMissing = redisUnavailableReasonSync(options.redisUrl)
if (redisMissing) console.log(`Chaos run skipped: Redis does not answer at ${options.redisUrl} (${redisMissing})`)

const describeWithRedis = redisMissing ? describe.skip : describe

describeWithRedis(`chaos run (${options.payments} payments, ${options.topology.servers}x${options.topology.workers}, kills: ${options.kills})`, () => {
  let report: ChaosReport

  beforeAll(async () => {
    report = await runChaos(options, (line) => process.stdout.write(`[chaos] ${line}\n`))
  })

  it("every payment converged to what Jetpay says", () => {
    expect(report.mismatchesByOutcome).toEqual({})
    expect(report.converged).toBe(report.payments)
  })

  it("no cart has two orders", () => {
    expect(report.duplicateOrders).toBe(0)
  })

  it("no payment was captured twice", () => {
    expect(report.duplicateCaptures).toBe(0)
  })

  it("no payment was refunded (credited) twice", () => {
    expect(report.duplicateCredits).toBe(0)
  })
})
