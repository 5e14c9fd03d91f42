// A whole chaos run: the sandbox and a cluster (one server and one worker, or CHAOS_TOPOLOGY's
// servers behind a round-robin proxy and workers), N checkouts driven
// concurrently through every outcome while the storm blows, then recovery, convergence,
// and the report. Used by `npm run chaos` (chaos.run.ts) and by its small sibling in `npm test`.
import { execFileSync } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import path from "node:path"
import { percentile } from "../bench/percentiles"
import { startCluster, type Cluster } from "../integration-tests/cluster/cluster"
import { startSandbox, type Sandbox } from "../sandbox"
import { driveCheckout, type DrivenPayment } from "./checkout"
import { jetpayControl } from "./jetpay-control"
import { logExcerpts } from "./log-excerpts"
import { medusaReads } from "./medusa-reads"
import type { ChaosOptions } from "./options"
import { snapshotPlugin, snapshotPluginAt } from "./plugin-snapshot"
import { seededRandom } from "./random"
import { buildReport, formatReport, type ChaosReport } from "./report"
import { scenarioFor } from "./scenarios"
import { startStorm } from "./storm"
import { stormPlan } from "./storm-plan"
import { storefront } from "./storefront"
import { awaitConvergence } from "./verify"

const ROOT = path.resolve(__dirname, "..")

export async function runChaos(options: ChaosOptions, say: (line: string) => void = () => {}): Promise<ChaosReport> {
  const logDir = path.resolve(ROOT, options.logDir)
  let sandbox: Sandbox | undefined
  let cluster: Cluster | undefined
  try {
    // Retries start at 200 ms so a killed server gets its batches soon after it is back.
    const copy = path.join(ROOT, "test-output", `${options.name}-plugin`)
    const pluginRoot = options.pluginRoot
      ? path.resolve(ROOT, options.pluginRoot)
      : options.pluginRef
        ? snapshotPluginAt(ROOT, options.pluginRef, copy)
        : snapshotPlugin(ROOT, copy)
    const pluginLabel = options.pluginRoot
      ? path.resolve(ROOT, options.pluginRoot)
      : options.pluginRef
        ? `commit ${execFileSync("git", ["rev-parse", "--short", options.pluginRef], { cwd: ROOT, encoding: "utf8" }).trim()}`
        : `working tree at ${execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim()} (with uncommitted changes, if any)`
    say(`plugin: ${path.relative(ROOT, pluginRoot)}${options.pluginRoot ? "" : ` (a copy of ${options.pluginRef ?? "this checkout's"} plugin files, built for this run)`}`)
    sandbox = await startSandbox({ port: 0, minWaitSeconds: 0, webhookRetryBaseMs: 200 })
    say(`sandbox at ${sandbox.url}`)
    cluster = await startCluster({
      name: options.name,
      redisUrl: options.redisUrl,
      sandboxUrl: sandbox.url,
      logDir,
      say,
      pluginRoot,
      servers: options.topology.servers,
      workers: options.topology.workers,
      env: options.eventConcurrency === null ? {} : { EVENT_BUS_CONCURRENCY: String(options.eventConcurrency) },
    })
    say(
      `cluster: ${cluster.replicas.join(", ")}; ${cluster.serverUrls.length > 1 ? `proxy ${cluster.serverUrl} in front of ${cluster.serverUrls.join(", ")}` : `server ${cluster.serverUrl}`}; database ${cluster.databaseUrl}`
    )
    const jetpay = jetpayControl(sandbox.url)
    const runningCluster = cluster

    const storm = startStorm({ plan: stormPlan({ kills: options.kills }), jetpay, cluster: runningCluster, say })
    const driveStarted = Date.now()
    const driven = await driveAll(options, (index) => {
      const random = seededRandom(options.seed * 1_000_003 + index)
      const shop = storefront(runningCluster, options.patienceMs)
      return driveCheckout({ shop, jetpay, random, maxDelayMs: options.maxDelayMs }, index, scenarioFor(index))
    }, (done) => {
      storm.progress(done, options.payments)
      if (done % Math.max(1, Math.floor(options.payments / 10)) === 0) say(`[drive] ${done}/${options.payments} checkouts driven`)
    })
    const driveSeconds = (Date.now() - driveStarted) / 1000
    say(`[drive] all ${options.payments} checkouts driven in ${driveSeconds.toFixed(0)} s`)
    const { recoveryAt, faultsOnAt, failures } = await storm.finish()

    const reads = await medusaReads({ ...runningCluster, adminToken: () => runningCluster.adminToken() })
    try {
      const convergence = await awaitConvergence({
        payments: driven,
        jetpay,
        reads,
        recoveryAt,
        deadlineSeconds: options.deadlineSeconds,
        pollMs: options.pollMs,
        say,
      })
      const applied = await reads.appliedMs()
      // A webhook Jetpay gave up on (`failed`) delivers nothing until the store repairs it.
      const webhooks = await jetpay.webhooks().catch(() => [])
      const webhookNotes = webhooks.map(
        (hook: any) => `webhook ${hook.identifier ?? hook.id} at the end: state ${hook.state}, last_sent_event_id ${hook.last_sent_event_id}`
      )
      const report = buildReport({
        payments: convergence.results,
        orphans: convergence.orphans,
        unseenStoreDebits: convergence.unseenStoreDebits,
        applied: applied.values,
        phases: { faultsOnAt, recoveryAt },
        recoveryToConvergenceSeconds: convergence.recoveryToConvergenceSeconds,
        deadlineSeconds: options.deadlineSeconds,
        options: {
          plugin: pluginLabel,
          payments: options.payments,
          concurrency: options.concurrency,
          topology: `${options.topology.servers}x${options.topology.workers}`,
          eventBusConcurrency: options.eventConcurrency ?? "Medusa's default (1)",
          kills: options.kills,
          seed: options.seed,
          deadlineSeconds: options.deadlineSeconds,
          driveSeconds: Math.round(driveSeconds),
          drivenWithErrors: driven.filter((payment) => payment.error).length,
          stepMedianMs: stepMedians(driven),
        },
        storm: [...storm.timeline, ...failures.map((failure) => `failed: ${failure}`)],
        notes: [...convergence.notes, ...webhookNotes, ...proxyNotes(runningCluster), ...(applied.note ? [applied.note] : [])],
      })
      // The log lines that name each example's cart or debits, for whoever reads the report.
      for (const group of Object.values(report.mismatchesByOutcome)) {
        for (const example of group.examples) {
          const ids = [example.cartId, ...example.debits.map((debit) => debit.split(" ")[0])]
          ;(example as { log?: string[] }).log = logExcerpts(logDir, ids)
        }
      }
      const reportFile = path.resolve(ROOT, options.reportFile)
      mkdirSync(path.dirname(reportFile), { recursive: true })
      // Every payment's verdict and what the driver did, for whoever digs into one.
      const results = convergence.results.map(({ cartId, scenario, convergedAfterSeconds, differences }) => ({
        cartId,
        scenario,
        convergedAfterSeconds,
        differences,
      }))
      writeFileSync(reportFile, JSON.stringify({ ...report, results, driven: driven.map(summaryOf) }, null, 2))
      say(formatReport(report))
      say(`report: ${path.relative(ROOT, reportFile)}; process logs: ${path.relative(ROOT, logDir)}/`)
      return report
    } finally {
      await reads.close()
    }
  } finally {
    await cluster?.stop().catch((error) => say(`stopping the cluster failed: ${(error as Error).message}`))
    await sandbox?.close()
  }
}

/** What the proxy in front of several servers did: requests per server, connections refused. */
function proxyNotes(cluster: Cluster): string[] {
  return cluster
    .proxyStats()
    .map((backend, i) => `proxy → server-${i + 1} (${backend.backend}): ${backend.requests} requests, ${backend.refused} connections refused`)
}

/** Checkouts `concurrency` at a time, in index order; `onDone` after each. */
async function driveAll(
  options: ChaosOptions,
  drive: (index: number) => Promise<DrivenPayment>,
  onDone: (done: number) => void
): Promise<DrivenPayment[]> {
  const results: DrivenPayment[] = new Array(options.payments)
  let next = 0
  let done = 0
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency, options.payments) }, async () => {
      while (next < options.payments) {
        const index = next++
        results[index] = await drive(index)
        onDone(++done)
      }
    })
  )
  return results
}

/** The median time of each storefront step over all checkouts. */
function stepMedians(driven: DrivenPayment[]): Record<string, number> {
  const samples: Record<string, number[]> = {}
  for (const payment of driven) for (const [step, ms] of Object.entries(payment.steps)) (samples[step] ??= []).push(ms)
  return Object.fromEntries(Object.entries(samples).map(([step, values]) => [step, percentile(values, 50)]))
}

function summaryOf(payment: DrivenPayment) {
  return {
    index: payment.index,
    scenario: payment.scenario,
    cartId: payment.cartId ?? null,
    debitIds: payment.debitIds,
    completions: payment.completions,
    error: payment.error ?? null,
    steps: payment.steps,
  }
}
