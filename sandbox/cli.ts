#!/usr/bin/env node
// `medusa-payment-jetpay-sandbox` (short name `jetpay-sandbox`): a local Jetpay for demos and for
// developing without Jetpay credentials.

import { parseArgs } from "node:util"
import { CANCELLED_WORDINGS, type CancelledWording } from "./cancelled-wording"
import { startSandbox, type SandboxOptions } from "./index"

const USAGE = `Usage: medusa-payment-jetpay-sandbox [options]   (also installed as jetpay-sandbox)

  --port <n>                      port to listen on (default 4010; 0 picks a free one)
  --host <host>                   interface to listen on (default 127.0.0.1)
  --token <token>                 accept only this API token (default: any non-empty token);
                                  JETPAY_SANDBOX_TOKEN works too and stays out of the process list
  --surcharge-rate <rate>         card surcharge rate (default 0.035)
  --min-wait-seconds <n>          lowest webhook max_wait_seconds accepted (default 60)
  --webhook-retry-base-ms <n>     first retry delay of a failed delivery (default 1000)
  --callback-api-key-header <h>   header carrying callback_api_key (default x-callback-api-key)
  --public-url <url>              base URL put in payment links (default: the listening URL)
  --first-event-id <n>            first webhook event id (default: the current time in ms, so a
                                  restarted sandbox never reuses an id a store has recorded)
  --webhook-give-up-after <n>     consecutive failed deliveries before a webhook turns failed
                                  (default 8)
  --cancelled-wording <w>         what a status read says after a cancel: cancelled (default),
                                  canceled, deleted, or 404
  --quiet                         no request log
  -h, --help                      this help

Control API for tests and demos: <url>/_sandbox/ (see the sandbox README).`

class UsageError extends Error {}

function numberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (value.trim() === "" || !Number.isFinite(parsed)) throw new UsageError(`--${name} expects a number, got "${value}"`)
  return parsed
}

function wordingFlag(value: string | undefined): CancelledWording | undefined {
  if (value === undefined) return undefined
  const wording = CANCELLED_WORDINGS.find((candidate) => candidate === value)
  if (!wording) throw new UsageError(`--cancelled-wording expects one of ${CANCELLED_WORDINGS.join(", ")}, got "${value}"`)
  return wording
}

export function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv): SandboxOptions & { quiet: boolean; help: boolean } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      token: { type: "string" },
      "surcharge-rate": { type: "string" },
      "min-wait-seconds": { type: "string" },
      "webhook-retry-base-ms": { type: "string" },
      "callback-api-key-header": { type: "string" },
      "public-url": { type: "string" },
      "first-event-id": { type: "string" },
      "webhook-give-up-after": { type: "string" },
      "cancelled-wording": { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  })
  return {
    port: numberFlag("port", values.port) ?? 4010,
    host: values.host,
    token: values.token ?? (env.JETPAY_SANDBOX_TOKEN || undefined),
    surchargeRate: numberFlag("surcharge-rate", values["surcharge-rate"]),
    minWaitSeconds: numberFlag("min-wait-seconds", values["min-wait-seconds"]),
    webhookRetryBaseMs: numberFlag("webhook-retry-base-ms", values["webhook-retry-base-ms"]),
    callbackApiKeyHeader: values["callback-api-key-header"],
    publicUrl: values["public-url"],
    firstEventId: numberFlag("first-event-id", values["first-event-id"]) ?? Date.now(),
    webhookGiveUpAfter: numberFlag("webhook-give-up-after", values["webhook-give-up-after"]),
    cancelledWording: wordingFlag(values["cancelled-wording"]),
    quiet: values.quiet ?? false,
    help: values.help ?? false,
  }
}

async function main(): Promise<void> {
  let cli: ReturnType<typeof parseCliOptions>
  try {
    cli = parseCliOptions(process.argv.slice(2), process.env)
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`)
    process.exitCode = 2
    return
  }
  if (cli.help) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const { quiet, help: _help, ...options } = cli
  const log = quiet ? undefined : (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`)
  const sandbox = await startSandbox({ ...options, log })

  // The first line is a contract: scripts wait for it and read the URL from it.
  process.stdout.write(`Jetpay sandbox listening on ${sandbox.url}\n`)
  process.stdout.write(
    `  API base URL:   ${sandbox.url}\n` +
      `  JWKS:           ${sandbox.url}/.well-known/jwks.json\n` +
      `  Control API:    ${sandbox.url}/_sandbox/ (no auth; sandbox only)\n` +
      `  Token:          ${options.token ? "the configured one" : "any non-empty Bearer token"}\n`
  )

  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.exit(1)
    }
    stopping = true
    process.stdout.write(`Received ${signal}, stopping the Jetpay sandbox\n`)
    // Should a socket refuse to die, do not hang the terminal.
    setTimeout(() => process.exit(1), 5000).unref()
    sandbox.close().then(
      () => {
        process.exitCode = 0
      },
      (error: unknown) => {
        process.stderr.write(`close failed: ${error instanceof Error ? error.message : String(error)}\n`)
        process.exitCode = 1
      }
    )
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`jetpay-sandbox: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  })
}
