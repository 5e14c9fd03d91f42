// A local Jetpay: the API, hosted payment pages, signed webhooks and a control API for tests.
// See sandbox/README.md.

import type { AddressInfo } from "node:net"
import { ApiFaults, WebhookFaults } from "./faults"
import { ForeignEvents } from "./foreign-events"
import { resolveOptions, type SandboxOptions } from "./options"
import type { SandboxContext } from "./sandbox-context"
import { createSandboxServer, type SandboxServer } from "./server"
import type { RuntimeSettings } from "./settings"
import { createSigningKeys } from "./signing-keys"
import { Store } from "./store"
import { WebhookDelivery } from "./webhook-delivery"

export type { SandboxOptions } from "./options"

export interface Sandbox {
  /** Base URL without a trailing slash, e.g. "http://127.0.0.1:43123". Use it as the plugin's Jetpay base URL. */
  url: string
  port: number
  /** Stops the server, delivery timers and open sockets (held ones included). Safe to call twice. */
  close(): Promise<void>
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const resolved = resolveOptions(options)
  const keys = await createSigningKeys()
  const settings: RuntimeSettings = {
    cancelledWording: resolved.cancelledWording,
    webhookGiveUpAfter: resolved.webhookGiveUpAfter,
  }
  const store = new Store(resolved.firstEventId, settings)
  const webhookFaults = new WebhookFaults()
  const delivery = new WebhookDelivery({
    store,
    keys,
    faults: webhookFaults,
    retryBaseMs: resolved.webhookRetryBaseMs,
    callbackApiKeyHeader: resolved.callbackApiKeyHeader,
    giveUpAfter: () => settings.webhookGiveUpAfter,
    log: resolved.log,
  })

  let baseUrl = ""
  let server: SandboxServer | undefined
  const context: SandboxContext = {
    options: resolved,
    settings,
    store,
    foreignEvents: new ForeignEvents(store),
    apiFaults: new ApiFaults(),
    webhookFaults,
    keys,
    delivery,
    baseUrl: () => baseUrl,
    releaseHeldRequests: () => server?.releaseHeldRequests(),
  }
  server = createSandboxServer(context)
  const listening = server.server

  await new Promise<void>((resolve, reject) => {
    listening.once("error", reject)
    listening.listen(resolved.port, resolved.host, () => {
      listening.off("error", reject)
      resolve()
    })
  })
  const address = listening.address()
  if (address === null || typeof address === "string") {
    await server.close()
    throw new Error("the sandbox is not listening on a TCP port")
  }
  const { port }: AddressInfo = address
  const listenUrl = `http://${urlHost(resolved.host)}:${port}`
  baseUrl = resolved.publicUrl ?? listenUrl

  let closing: Promise<void> | undefined
  const activeServer = server
  return {
    url: listenUrl,
    port,
    close() {
      closing ??= Promise.all([delivery.close(), activeServer.close()]).then(() => undefined)
      return closing
    },
  }
}

/** "0.0.0.0" is where to listen, not where to connect; IPv6 literals need brackets in a URL. */
function urlHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1"
  if (host === "::") return "[::1]"
  return host.includes(":") ? `[${host}]` : host
}
