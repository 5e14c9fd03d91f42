// What every route handler needs, built once per sandbox by startSandbox.

import type { ApiFaults, WebhookFaults } from "./faults"
import type { ForeignEvents } from "./foreign-events"
import type { ResolvedOptions } from "./options"
import type { RuntimeSettings } from "./settings"
import type { SigningKeys } from "./signing-keys"
import type { Store } from "./store"
import type { WebhookDelivery } from "./webhook-delivery"

export interface SandboxContext {
  options: ResolvedOptions
  /** Mutable: POST /_sandbox/settings changes it, reset puts the options' values back. */
  settings: RuntimeSettings
  store: Store
  foreignEvents: ForeignEvents
  apiFaults: ApiFaults
  webhookFaults: WebhookFaults
  keys: SigningKeys
  delivery: WebhookDelivery
  /** "http://127.0.0.1:4010", known once the server listens; used in payment links. */
  baseUrl(): string
  /** Releases requests held by timeout faults (reset does it too). */
  releaseHeldRequests(): void
}
