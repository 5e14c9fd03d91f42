// The reconciliation job's database work on a store with realistic data: every statement one
// run sends, and `EXPLAIN (ANALYZE, BUFFERS)` of each read, on a busy moment (a few transactions
// due) and on an idle one (nothing due). BENCHMARKS.md ("Reconciliation queries") keeps the
// figures. The one test asserts only that the runs completed: plans and times are printed.
//
//   node scripts/run-tests.mjs --config bench/jest.config.js bench/reconcile-queries.bench.ts
//   BENCH_TRANSACTIONS=200000 node scripts/run-tests.mjs --config bench/jest.config.js bench/reconcile-queries.bench.ts
//
// It needs PostgreSQL only (DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD, as `npm test`): a scratch
// database `jetpay_bench_reconcile` is made from the module's migrations (src/modules/jetpay/
// migrations, as `medusa db:migrate` runs them), filled, and dropped at the end
// (BENCH_KEEP_DATABASE=1 keeps it). The plugin's data module is the real one (`initModules`); the
// rest of Medusa is replaced by stand-ins that do no database work (the sync of a due transaction
// returns at once, the order module has no orders), so what is counted is the reconciliation's
// own queries.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs"
import path from "node:path"
import { performance } from "node:perf_hooks"
import pg from "pg"
import { initModules } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules, createPgConnection } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { JETPAY_MODULE } from "../src/modules/jetpay"
import type JetpayModuleService from "../src/modules/jetpay/service"
import { reconcileJetpay } from "../src/workflows/reconcile/reconcile"
import { machineLine } from "./machine"
import { percentile } from "./percentiles"

const TRANSACTIONS = positiveInteger("BENCH_TRANSACTIONS", 50_000)
const IDLE_RUNS = positiveInteger("BENCH_IDLE_RUNS", 50)
/** "1" keeps the scratch database for a look of your own (psql -d jetpay_bench_reconcile). */
const KEEP_DATABASE = process.env.BENCH_KEEP_DATABASE === "1"
const ROOT = path.resolve(__dirname, "..")
const MIGRATIONS = path.join(ROOT, "src/modules/jetpay/migrations")
const DATABASE = "jetpay_bench_reconcile"
const BASE_URL = "http://127.0.0.1:9"
const ENVIRONMENT = "127.0.0.1:9"

jest.setTimeout(30 * 60_000)

const server = {
  host: process.env.DB_HOST || "localhost",
  port: Number(process.env.DB_PORT || 5432),
  user: process.env.DB_USERNAME || "postgres",
  password: process.env.DB_PASSWORD || "",
}
const clientUrl = `postgres://${encodeURIComponent(server.user)}${server.password ? `:${encodeURIComponent(server.password)}` : ""}@${server.host}:${server.port}/${DATABASE}`

type Statement = { sql: string; bindings: unknown[] }

describe("reconciliation queries", () => {
  let db: pg.Client
  let shutdown: (() => Promise<void>) | undefined
  let jetpay: JetpayModuleService
  let knex: ReturnType<typeof createPgConnection>
  const captured: Statement[] = []
  let capturing = false

  beforeAll(async () => {
    await admin(`drop database if exists ${DATABASE} with (force)`)
    await admin(`create database ${DATABASE}`)
    db = new pg.Client({ ...server, database: DATABASE })
    await db.connect()
    for (const sql of await migrationStatements()) await db.query(sql)
    const seeded = performance.now()
    await db.query(seedSql(TRANSACTIONS))
    await db.query("vacuum analyze")
    progress(`seeded ${TRANSACTIONS} transactions in ${((performance.now() - seeded) / 1000).toFixed(1)} s`)

    knex = createPgConnection({ clientUrl, schema: "public" })
    knex.on("query", (query: { sql: string; bindings?: unknown[] }) => {
      if (capturing) captured.push({ sql: query.sql, bindings: query.bindings ?? [] })
    })
    const app = await initModules({
      modulesConfig: { [JETPAY_MODULE]: { resolve: path.join(ROOT, "src/modules/jetpay"), options: {} } },
      databaseConfig: { clientUrl },
      injectedDependencies: { [ContainerRegistrationKeys.PG_CONNECTION]: knex },
      preventConnectionDestroyWarning: true,
    })
    jetpay = app.medusaApp.modules[JETPAY_MODULE] as unknown as JetpayModuleService
    shutdown = app.shutdown
  })

  afterAll(async () => {
    await shutdown?.()
    await knex?.destroy()
    await db?.end()
    if (!KEEP_DATABASE) await admin(`drop database if exists ${DATABASE} with (force)`)
  })

  it(`plans each query of a run on ${TRANSACTIONS} transactions, busy and idle`, async () => {
    const container = standIns(jetpay)
    const report: string[] = [
      `Reconciliation queries: ${TRANSACTIONS} transactions (machine: ${machineLine()})`,
      "",
      await dataSummary(db),
    ]

    // The first run announces the standing needs-attention items; the measured ones follow it.
    await freshWebhookCheck(db)
    await reconcileJetpay(container)

    await freshWebhookCheck(db)
    const busy = await capture(() => reconcileJetpay(container))
    report.push(...(await describeRun("A busy run: 5 transactions due for a re-read, 2 with failed events due, 1 interrupted cart completion", busy)))

    await makeIdle(db)
    await freshWebhookCheck(db)
    await reconcileJetpay(container)
    const idle = await capture(() => reconcileJetpay(container))
    report.push(...(await describeRun("An idle run: nothing due", idle)))

    const times: number[] = []
    for (let run = 0; run < IDLE_RUNS; run++) {
      const started = performance.now()
      await reconcileJetpay(container)
      times.push(performance.now() - started)
    }
    report.push(
      "",
      `Idle runs, ${IDLE_RUNS} in a row: ${idle.statements.length} statements each; ` +
        `wall time p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms`
    )

    // A person deals with one needs-attention item: the list is read again.
    await db.query(`
      update jetpay_transaction set attention_resolved_at = now(), updated_at = now()
      where id = (select id from jetpay_transaction where kind = 'debit' and failed_at is not null and order_id is not null
                  and attention_resolved_at is null order by created_at desc limit 1)`)
    await freshWebhookCheck(db)
    const dismissed = await capture(() => reconcileJetpay(container))
    report.push(...(await describeRun("A run after a needs-attention item was dealt with (otherwise idle)", dismissed)))

    const text = report.join("\n")
    mkdirSync(path.join(ROOT, "test-output"), { recursive: true })
    writeFileSync(path.join(ROOT, "test-output", "reconcile-queries.md"), text + "\n")
    process.stdout.write(text + "\n")
    expect(busy.statements.length).toBeGreaterThan(0)
  })

  async function capture(run: () => Promise<unknown>) {
    captured.length = 0
    capturing = true
    const started = performance.now()
    try {
      await run()
    } finally {
      capturing = false
    }
    return { ms: performance.now() - started, statements: [...captured] }
  }

  async function describeRun(title: string, run: { ms: number; statements: Statement[] }) {
    const lines = ["", `## ${title}`, "", `${run.statements.length} statements, ${run.ms.toFixed(1)} ms for the run`, ""]
    run.statements.forEach((statement, index) => lines.push(`${index + 1}. ${oneLine(statement.sql)}`))
    for (const [index, statement] of run.statements.entries()) {
      if (!/^\s*(select|with)\b/i.test(statement.sql)) continue
      const plan = await explain(statement)
      lines.push("", `### Statement ${index + 1}`, "", "```sql", oneLine(statement.sql), "```", "", "```", plan, "```")
    }
    return lines
  }

  async function explain(statement: Statement): Promise<string> {
    const { rows } = await db.query(`explain (analyze, buffers) ${toPositional(statement.sql)}`, statement.bindings as unknown[])
    return rows.map((row: Record<string, string>) => row["QUERY PLAN"]).join("\n")
  }
})

/** The stand-ins for the rest of Medusa: the reconciliation's own queries are all that reach the database. */
function standIns(jetpay: JetpayModuleService): MedusaContainer {
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined }
  const configModule = {
    modules: {
      payment: {
        resolve: "@medusajs/medusa/payment",
        options: {
          providers: [
            {
              resolve: "medusa-payment-jetpay/providers/jetpay",
              id: "jetpay",
              options: { apiKey: "bench", bankAccountId: "6d9f2c1e-0000-4000-8000-000000000001", baseUrl: BASE_URL },
            },
          ],
        },
      },
    },
  }
  const noSync = { authorize: false, capture: false, cancelPayment: false, flagReversal: false, cancelUnpaidOrder: false, record: {} }
  const registrations: Record<string, unknown> = {
    [JETPAY_MODULE]: jetpay,
    [ContainerRegistrationKeys.CONFIG_MODULE]: configModule,
    [ContainerRegistrationKeys.LOGGER]: logger,
    // A due transaction's sync is the sync's own cost, measured by the checkout and drain benches.
    [Modules.LOCKING]: { execute: async () => ({ result: noSync }) },
    [Modules.ORDER]: { listOrders: async () => [] },
    [Modules.EVENT_BUS]: { emit: async () => undefined },
  }
  return {
    resolve: (key: string) => {
      if (!(key in registrations)) throw new Error(`the bench has no stand-in for ${key}`)
      return registrations[key]
    },
  } as unknown as MedusaContainer
}

/** What `medusa db:migrate` runs for the module: each migration's statements, in the order of their names. */
async function migrationStatements(): Promise<string[]> {
  const statements: string[] = []
  for (const file of readdirSync(MIGRATIONS).filter((name) => /^Migration\d+\.ts$/.test(name)).sort()) {
    const exported = await import(path.join(MIGRATIONS, file))
    const Migration = Object.values(exported)[0] as new (driver: unknown, config: unknown) => {
      up(): Promise<void> | void
      getQueries(): string[]
    }
    const migration = new Migration({}, {})
    await migration.up()
    statements.push(...migration.getQueries())
  }
  return statements
}

/**
 * A store half a year old: `n` transactions, one in 16 a refund credit; of the debits 78 % paid
 * (settled after 2 days, watched 10 days), 10 % abandoned on the payment page (still `requested`,
 * re-read every 12 h), 4 % cancelled, 3 % failed after their order (an EFT return, 70 % dealt
 * with), 0.5 % reversed; a few with an amount mismatch or paid without an order. Every
 * transaction has its webhook events (requested, then initiated, completed, failed as it went),
 * all applied. Then a busy moment: the 5 newest are due for a re-read, 2 have failed events whose
 * retry is due, 1 has a cart completion noted 2 minutes ago.
 */
function seedSql(n: number): string {
  return `
create temp table seed as
select i, kind, created_at, age,
  case
    when kind = 'credit' then 'credit'
    when bucket >= 780 and bucket < 880 then 'abandoned'
    when bucket >= 880 and bucket < 920 then 'cancelled'
    when bucket >= 920 and bucket < 950 and age > interval '6 days' then 'failed'
    when bucket >= 950 and bucket < 955 and age > interval '8 days' then 'reversed'
    else 'paid'
  end as category
from (
  select i,
    case when i % 16 = 0 then 'credit' else 'debit' end as kind,
    (i * 7919) % 1000 as bucket,
    ((${n} - i)::float8 / ${n}) * interval '180 days' + interval '5 minutes' as age,
    now() - ((${n} - i)::float8 / ${n}) * interval '180 days' - interval '5 minutes' as created_at
  from generate_series(1, ${n}) i
) s;

insert into jetpay_transaction (id, jetpay_id, kind, state, fail_reason, amount, surcharge, link, payer_key, contact_id,
  authorized_at, settled_at, failed_at, reversed_at, payment_session_id, payment_collection_id, payment_id, cart_id,
  order_id, debit_jetpay_id, status_checked_at, next_check_at, purpose, refund_outcome, attention_resolved_at,
  amount_mismatch, created_at, updated_at)
select
  'jptx_' || lpad(i::text, 8, '0'),
  'jp-' || i,
  kind,
  case category
    when 'credit' then case when i % 97 = 0 then 'failed' when i % 211 = 0 then 'requested' else 'completed' end
    when 'abandoned' then 'requested'
    when 'cancelled' then 'cancelled'
    when 'failed' then 'failed'
    when 'reversed' then 'failed'
    else case when age < interval '2 days' then 'initiated' else 'completed' end
  end,
  case when category in ('failed', 'reversed') or (category = 'credit' and i % 97 = 0) then 'NSF' end,
  1000 + (i % 50000),
  0,
  case when kind = 'debit' then 'https://jetpay.example/pay/' || i end,
  case when kind = 'debit' and i % 3 = 0 then md5(i::text) end,
  'contact-' || (i / 2),
  case when category in ('paid', 'failed', 'reversed') then created_at + interval '10 minutes' end,
  case when category = 'reversed' or (category = 'paid' and age >= interval '2 days') or (category = 'credit' and i % 97 <> 0 and i % 211 <> 0)
    then created_at + interval '2 days' end,
  case when category in ('cancelled') then created_at + interval '1 hour'
    when category = 'failed' then created_at + interval '3 days'
    when category = 'credit' and i % 97 = 0 then created_at + interval '3 days' end,
  case when category = 'reversed' then created_at + interval '5 days' end,
  case when kind = 'debit' then 'payses_' || i end,
  case when kind = 'debit' then 'paycol_' || i end,
  case when category in ('paid', 'failed', 'reversed') then 'pay_' || i end,
  case when kind = 'debit' then 'cart_' || i end,
  case when category in ('paid', 'failed', 'reversed') then 'order_' || i end,
  case when kind = 'credit' then 'jp-' || (i - 1) end,
  created_at + interval '1 minute',
  case
    when category = 'abandoned' then now() + (i % 720) * interval '1 minute'
    when category = 'paid' and age < interval '2 days' then now() + (i % 120) * interval '1 minute' + interval '1 minute'
    when category = 'paid' and age < interval '10 days' then now() + (i % 720) * interval '1 minute' + interval '1 minute'
    when category = 'credit' and i % 211 = 0 then now() + (i % 720) * interval '1 minute' + interval '1 minute'
  end,
  'checkout',
  case when kind = 'credit' then case when i % 211 = 0 then 'unknown' else 'sent' end end,
  case when category in ('failed', 'reversed') and i % 10 < 7 then created_at + interval '7 days'
    when category = 'credit' and i % 97 = 0 and i % 2 = 0 then created_at + interval '4 days' end,
  case when category = 'abandoned' and i % 9973 = 1 then '{"debit": 1000, "session": 1200, "cart": 1200}'::jsonb end,
  created_at,
  created_at + interval '1 minute'
from seed;

-- Two paid debits without an order (their cart completion failed): needs attention.
update jetpay_transaction set order_id = null, payment_id = null, last_error = 'Cart could not be completed'
where id in (select id from jetpay_transaction where kind = 'debit' and state = 'completed' order by created_at desc offset 3000 limit 2);

insert into jetpay_webhook_event (id, environment, jetpay_event_id, sequence, webhook_id, type, jetpay_transaction_id,
  state, occurred_at, received_at, processed_at, attempts, created_at, updated_at)
select
  'jpwe_' || lpad(n::text, 9, '0'), '${ENVIRONMENT}', n::text, lpad(n::text, 20, '0'), 'wh_bench',
  'transaction.updated', jetpay_id, state, at, at + interval '200 milliseconds', at + interval '250 milliseconds', 1,
  at + interval '200 milliseconds', at + interval '250 milliseconds'
from (
  select row_number() over (order by e.at, t.id, e.step) as n, t.jetpay_id, e.state, e.at
  from jetpay_transaction t
  cross join lateral (
    select 1 as step, 'requested' as state, t.created_at as at
    union all select 2, 'initiated', t.authorized_at where t.authorized_at is not null
    union all select 3, 'completed', t.settled_at where t.settled_at is not null
    union all select 4, t.state, coalesce(t.reversed_at, t.failed_at) where coalesce(t.reversed_at, t.failed_at) is not null
  ) e
  where e.at <= now()
) events;

-- The busy moment.
update jetpay_transaction set next_check_at = now() - interval '30 seconds'
where id in (select id from jetpay_transaction where next_check_at is not null order by created_at desc limit 5);
update jetpay_transaction set completion_started_at = now() - interval '2 minutes'
where id = (select id from jetpay_transaction where state = 'requested' and kind = 'debit' order by created_at desc limit 1);
update jetpay_webhook_event set processed_at = null, attempts = 2, last_error = 'Jetpay answered 503',
  next_attempt_at = now() - interval '5 seconds'
where id in (select id from jetpay_webhook_event order by sequence desc offset 40 limit 3);

insert into jetpay_sync_state (id, value) values
  ('cursor:${ENVIRONMENT}', jsonb_build_object('through', (select max(jetpay_event_id::bigint)::text from jetpay_webhook_event))),
  ('webhook:registration', '{"identifier": "wh_bench", "callback_url": "https://shop.example/hooks/jetpay", "store_url": "https://shop.example"}'::jsonb),
  ('reconciliation:last_webhook_check', jsonb_build_object('at', now()));
`
}

/** Nothing due any more: the re-reads moved on, the failed events applied, the completion accounted for. */
async function makeIdle(db: pg.Client) {
  await db.query(`
    update jetpay_transaction set next_check_at = now() + interval '2 minutes' where next_check_at <= now();
    update jetpay_transaction set completion_started_at = null where completion_started_at is not null;
    update jetpay_webhook_event set processed_at = now(), next_attempt_at = null, last_error = null where processed_at is null;
    analyze;
  `)
}

/** The webhook was read at Jetpay just now: the run has no reason to call Jetpay. */
async function freshWebhookCheck(db: pg.Client) {
  await db.query(
    `update jetpay_sync_state set value = jsonb_build_object('at', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
     where id = 'reconciliation:last_webhook_check'`
  )
}

async function dataSummary(db: pg.Client): Promise<string> {
  const { rows } = await db.query(`
    select
      (select count(*) from jetpay_transaction) as transactions,
      (select count(*) from jetpay_webhook_event) as events,
      (select count(*) from jetpay_transaction where next_check_at is not null) as open,
      (select count(*) from jetpay_transaction where kind = 'debit' and failed_at is not null and order_id is not null) as failed_with_order,
      (select pg_size_pretty(pg_total_relation_size('jetpay_transaction'))) as transaction_size,
      (select pg_size_pretty(pg_total_relation_size('jetpay_webhook_event'))) as event_size`)
  const row = rows[0]
  return (
    `Data: ${row.transactions} transactions (${row.transaction_size} with indexes), ${row.events} webhook events ` +
    `(${row.event_size}); ${row.open} open (a re-read scheduled), ${row.failed_with_order} failed debits with an order`
  )
}

async function admin(sql: string) {
  const client = new pg.Client({ ...server, database: "postgres" })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/** knex's `?` placeholders as PostgreSQL's `$n` (knex logs the former). */
function toPositional(sql: string): string {
  if (/\$\d/.test(sql)) return sql
  let index = 0
  return sql.replace(/\?/g, () => `$${++index}`)
}

function oneLine(sql: string): string {
  return sql.replace(/\s+/g, " ").trim()
}

function progress(line: string) {
  process.stdout.write(`[bench] ${line}\n`)
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name]
  if (!raw) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`)
  return value
}
