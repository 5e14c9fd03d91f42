import { JetpayClient } from "../src/jetpay-api"

/**
 * Where each Jetpay API call comes from: wraps the client's methods (in this process, so the
 * in-process app's provider and workflows use the wrapped ones) and keeps, per method, how
 * often each call path made a call. A call path is the plugin's own frames (src/...) and
 * Medusa's workflow steps on the stack, innermost first. For the benchmark's report only.
 */
const METHODS = ["createContact", "createDebit", "getTransactionStatus", "cancelTransaction", "createCredit"] as const

/** One call: the client method, the transaction it is about (status, cancel), and its call path. */
export type TracedCall = { method: string; transactionId: string | null; path: string }

export function traceJetpayCalls(): { calls: TracedCall[]; reset: () => void; stop: () => void } {
  const calls: TracedCall[] = []
  const prototype = JetpayClient.prototype as unknown as Record<string, (...args: unknown[]) => unknown>
  const originals = new Map<string, (...args: unknown[]) => unknown>()
  for (const method of METHODS) {
    const original = prototype[method]
    originals.set(method, original)
    prototype[method] = function (this: unknown, ...args: unknown[]) {
      const transactionId = typeof args[0] === "string" ? args[0] : null
      calls.push({ method, transactionId, path: callPath(new Error().stack ?? "") })
      return original.apply(this, args)
    }
  }
  return {
    calls,
    reset: () => void calls.splice(0),
    stop: () => {
      for (const [method, original] of originals) prototype[method] = original
    },
  }
}

/** Counts per "method <- call path", most frequent first. */
export function countPaths(calls: readonly TracedCall[]): Array<[string, number]> {
  const counts = new Map<string, number>()
  for (const call of calls) {
    const key = `${call.method} <- ${call.path}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => b[1] - a[1])
}

/** Frames that only pass a call along (the client's own methods only in the client's files). */
const PASSING = new Set<string>(["run", "call", "worker", "mapBounded"])

/** "providers/jetpay/service:liveStatus < providers/jetpay/service:authorizePayment < core-flows/payment/steps/..." */
function callPath(stack: string): string {
  const frames: string[] = []
  for (const line of stack.split("\n").slice(2)) {
    const match = /at (?:async )?(?:([\w$.<>]+) )?\(?(.*?):(\d+):\d+\)?$/.exec(line.trim())
    if (!match) continue
    const [, fn, file] = match
    const name = (fn ?? "").replace(/^(Object|JetpayProviderService|JetpayModuleService|Function)\./, "").replace("<anonymous>", "")
    const src = /\/(src\/[^:]+)$/.exec(file)
    if (src && !file.includes("node_modules")) {
      if (PASSING.has(name) || (src[1].startsWith("src/jetpay-api/") && (METHODS as readonly string[]).includes(name))) continue
      frames.push(`${src[1].replace(/^src\//, "").replace(/\.ts$/, "")}${name ? `:${name}` : ""}`)
      continue
    }
    const flows = /node_modules\/@medusajs\/core-flows\/dist\/(.+?)\.js$/.exec(file)
    if (flows) frames.push(`core-flows/${flows[1]}`)
  }
  // A frame repeated back to back once; the innermost 4 and the outermost 2 tell the paths apart.
  const compact = frames.filter((frame, index) => frame !== frames[index - 1])
  const shown = compact.length > 6 ? [...compact.slice(0, 4), "...", ...compact.slice(-2)] : compact
  return shown.join(" < ") || "(no plugin frame)"
}
