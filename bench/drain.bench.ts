// `npm run bench:drain` (first part): a Jetpay outage's backlog replayed to one store, an
// in-process Medusa app (medusaIntegrationTestRunner, as the integration tests run it).
// BENCHMARKS.md explains the figures. The test asserts only that every payment ended right
// (one order, one payment, captured once): speed is printed, never asserted.
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { useJetpaySandbox } from "../integration-tests/helpers/sandbox-fixture"
import { JETPAY_PROVIDER_ID, createJetpayStore, type StoreFixture } from "../integration-tests/helpers/store-fixture"
import registerJetpayWebhook from "../src/scripts/register-jetpay-webhook"
import { buildBacklog, drain, drainReport, wrongPayments, type Sql } from "./drain-backlog"
import { machineLine } from "./machine"
import { startWebhookRelay, type WebhookRelay } from "./webhook-relay"

const PAYMENTS = positiveInteger("BENCH_DRAIN_PAYMENTS", 2000)
const CONCURRENCY = positiveInteger("BENCH_DRAIN_CONCURRENCY", 8)
const MiB = 2 ** 20

const sandbox = useJetpaySandbox()

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let relay: WebhookRelay
    const say = (line: string) => process.stdout.write(`[bench] ${line}\n`)

    beforeAll(async () => {
      store = await createJetpayStore(getContainer())
      relay = await startWebhookRelay(api.defaults.baseURL as string)
      process.env.JETPAY_WEBHOOK_MAX_BATCH_SIZE = "100"
      process.env.JETPAY_WEBHOOK_MAX_WAIT_SECONDS = "0"
      await registerJetpayWebhook({ container: getContainer(), args: [relay.url] })
    })

    afterAll(async () => {
      await relay?.close()
    })

    it(`drains ${PAYMENTS} payments' events in batches of 100 and ends every payment right`, async () => {
      const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      // Knex takes ? placeholders; the shared queries use $n.
      const sql: Sql = async (text, params = []) => (await knex.raw(text.replace(/\$(\d+)/g, "?"), orderedParams(text, params))).rows

      say(`building the backlog: ${PAYMENTS} payments, deliveries held`)
      const backlog = await buildBacklog({
        sandboxUrl: sandbox.current().url,
        store: {
          baseUrl: api.defaults.baseURL as string,
          publishableKey: store.publishableKey,
          regionId: store.regionId,
          variantId: store.variantId,
          providerId: JETPAY_PROVIDER_ID,
        },
        payments: PAYMENTS,
        concurrency: CONCURRENCY,
        say,
      })
      say(`releasing ${backlog.events} events`)
      const rss: number[] = []
      const heap: number[] = []
      const sample = () => {
        const usage = process.memoryUsage()
        rss.push(usage.rss)
        heap.push(usage.heapUsed)
      }
      const result = await drain({ sandboxUrl: sandbox.current().url, relay, sql, backlog, sample, say })
      const wrong = await wrongPayments(sql, backlog.cartIds)

      const mib = (bytes: number) => (bytes / MiB).toFixed(0)
      const lines = drainReport(
        `Drain benchmark, one in-process store (machine: ${machineLine()})`,
        backlog,
        result,
        [
          `memory of the one process (app, sandbox, relay, Jest), sampled every second: RSS at the release ${mib(rss[0])} MiB, ` +
            `peak ${mib(Math.max(...rss))} MiB, at the end ${mib(rss.at(-1)!)} MiB; heap used ${mib(heap[0])} -> peak ${mib(Math.max(...heap))} -> ${mib(heap.at(-1)!)} MiB`,
          `payments not ending with one order, one payment, one capture: ${wrong.length}`,
        ]
      )
      process.stdout.write(lines.join("\n") + "\n\n")
      expect(wrong).toEqual([])
    }, 60 * 60_000)
  },
})

/**
 * $n placeholders may repeat or come out of order; knex's ? take values in order of appearance.
 * An array goes as a PostgreSQL array literal (knex would spread it into a list); ids need no quoting.
 */
function orderedParams(text: string, params: unknown[]): any[] {
  return [...text.matchAll(/\$(\d+)/g)].map((match) => {
    const value = params[Number(match[1]) - 1]
    return Array.isArray(value) ? `{${value.join(",")}}` : value
  })
}

function positiveInteger(name: string, fallback: number): number {
  const value = process.env[name]
  if (value === undefined || value === "") return fallback
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1) throw new Error(`${name} must be a whole number above 0, got ${value}`)
  return number
}
