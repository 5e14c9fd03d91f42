// Settings a test may change while the sandbox runs (POST /_sandbox/settings). They start from
// SandboxOptions and go back to those values on reset.

import type { CancelledWording } from "./cancelled-wording"

export interface RuntimeSettings {
  cancelledWording: CancelledWording
  /** Consecutive failed deliveries after which a webhook gives up and turns `failed`. */
  webhookGiveUpAfter: number
}

/** The wire form, as GET/POST /_sandbox/settings show it. */
export function settingsView(settings: RuntimeSettings) {
  return {
    cancelled_wording: settings.cancelledWording,
    webhook_give_up_after: settings.webhookGiveUpAfter,
  }
}
