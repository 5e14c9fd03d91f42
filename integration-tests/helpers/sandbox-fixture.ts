import { startSandbox, type Sandbox } from "../../sandbox"

/**
 * A Jetpay sandbox for one test file, started before the Medusa app boots so the
 * app's provider options (JETPAY_BASE_URL) can point at it.
 */
export function useJetpaySandbox(): { current: () => Sandbox } {
  let sandbox: Sandbox | undefined
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, minWaitSeconds: 0, webhookRetryBaseMs: 50 })
    process.env.JETPAY_BASE_URL = sandbox.url
  })
  afterAll(async () => {
    await sandbox?.close()
  })
  return {
    current: () => {
      if (!sandbox) throw new Error("the Jetpay sandbox has not started yet")
      return sandbox
    },
  }
}

/** A call to the sandbox's control API (what the payer does on the link, faults). */
export async function sandboxControl<T = unknown>(
  sandbox: Sandbox,
  method: string,
  path: string,
  body?: unknown
): Promise<T> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`sandbox ${method} ${path} answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as T
}
