// The test and demo control API. It lives under /_sandbox/ only, a prefix Jetpay never uses,
// and needs no token: it stands for what a payer, the bank, or the network would do.

import { findTransaction, webhookView } from "./api-routes"
import { detail, json, ReplyError } from "./http-util"
import type { Route } from "./router"
import type { SandboxContext } from "./sandbox-context"
import {
  advanceControlBody,
  apiFaultBody,
  foreignEventsBody,
  injectedEventBody,
  payControlBody,
  settingsBody,
  transactionsQuery,
  webhookFaultBody,
} from "./schemas"
import { settingsView } from "./settings"
import type { TransactionRecord, Webhook } from "./store"
import type { TransitionAction } from "./state-machine"
import { fieldError, parseBody, parseQuery } from "./validation"

export function controlRoutes(context: SandboxContext): Route[] {
  const { store } = context
  // The API's view plus what only the sandbox knows.
  const controlWebhookView = (webhook: Webhook) => ({
    ...webhookView(webhook, context.delivery.phase(webhook)),
    consecutive_failures: webhook.consecutive_failures,
  })

  const act = (identifier: string, action: TransitionAction): TransactionRecord => {
    findTransaction(store, identifier)
    const result = store.applyAction(identifier, action)
    if (!result || !result.ok) throw new ReplyError(detail(409, result?.detail ?? "Transaction not found"))
    return result.record
  }

  return [
    {
      method: "GET",
      path: "/_sandbox/transactions",
      handler: ({ url }) => json(200, store.listTransactions(parseQuery(transactionsQuery, url))),
    },
    {
      method: "GET",
      path: "/_sandbox/transactions/:id",
      handler: ({ params }) => json(200, findTransaction(store, params.id)),
    },
    {
      method: "POST",
      path: "/_sandbox/transactions/:id/pay",
      handler: ({ params, body }) => {
        const input = parseBody(payControlBody, body)
        const record = findTransaction(store, params.id)
        if (record.kind === "credit") {
          // For a credit, "paying" is the payee entering bank details on the receive link.
          if (input.method === "card") throw new ReplyError(detail(409, "A credit is paid out by bank only"))
          return json(200, act(params.id, { type: "enter_bank_details" }))
        }
        if (!input.method) throw fieldError("method", "Field required: \"eft\" or \"card\" for a debit", "missing")
        return json(200, act(params.id, { type: "pay", method: input.method }))
      },
    },
    {
      method: "POST",
      path: "/_sandbox/transactions/:id/advance",
      handler: ({ params, body }) => {
        const input = parseBody(advanceControlBody, body)
        const action: TransitionAction =
          input.state === "initiated"
            ? { type: "initiate" }
            : input.state === "completed"
              ? { type: "complete" }
              : { type: "fail", reason: input.fail_reason }
        return json(200, act(params.id, action))
      },
    },
    {
      method: "POST",
      path: "/_sandbox/transactions/:id/touch",
      handler: ({ params }) => {
        findTransaction(store, params.id)
        return json(200, store.touch(params.id))
      },
    },
    {
      method: "GET",
      path: "/_sandbox/contacts",
      handler: () => json(200, store.listContacts()),
    },
    {
      method: "GET",
      path: "/_sandbox/contacts/:id",
      handler: ({ params }) => {
        const contact = store.getContact(params.id)
        if (!contact) throw new ReplyError(detail(404, "Contact not found"))
        return json(200, contact)
      },
    },
    {
      method: "DELETE",
      path: "/_sandbox/contacts/:id",
      handler: ({ params }) => {
        if (!store.removeContact(params.id)) throw new ReplyError(detail(404, "Contact not found"))
        return json(200, { removed: params.id })
      },
    },
    {
      method: "GET",
      path: "/_sandbox/events",
      handler: () => json(200, store.listEvents()),
    },
    {
      method: "POST",
      path: "/_sandbox/events",
      handler: ({ body }) => {
        const input = parseBody(injectedEventBody, body)
        return json(201, store.appendEvent(input.type, input.data, "injected"))
      },
    },
    {
      method: "GET",
      path: "/_sandbox/foreign-events",
      handler: () => json(200, context.foreignEvents.view()),
    },
    {
      method: "POST",
      path: "/_sandbox/foreign-events",
      handler: ({ body }) => {
        context.foreignEvents.configure(parseBody(foreignEventsBody, body))
        return json(200, context.foreignEvents.view())
      },
    },
    {
      method: "DELETE",
      path: "/_sandbox/foreign-events",
      handler: () => {
        context.foreignEvents.configure({ enabled: false })
        return json(200, context.foreignEvents.view())
      },
    },
    {
      method: "GET",
      path: "/_sandbox/settings",
      handler: () => json(200, settingsView(context.settings)),
    },
    {
      method: "POST",
      path: "/_sandbox/settings",
      handler: ({ body }) => {
        const input = parseBody(settingsBody, body)
        if (input.cancelled_wording !== undefined) context.settings.cancelledWording = input.cancelled_wording
        if (input.webhook_give_up_after !== undefined) context.settings.webhookGiveUpAfter = input.webhook_give_up_after
        return json(200, settingsView(context.settings))
      },
    },
    {
      method: "GET",
      path: "/_sandbox/webhooks",
      handler: () => json(200, store.listWebhooks().map(controlWebhookView)),
    },
    {
      method: "GET",
      path: "/_sandbox/requests",
      handler: () => json(200, store.listRequests()),
    },
    {
      method: "DELETE",
      path: "/_sandbox/requests",
      handler: () => {
        store.clearRequests()
        return json(200, { ok: true })
      },
    },
    {
      method: "GET",
      path: "/_sandbox/faults",
      handler: () => json(200, context.apiFaults.list()),
    },
    {
      method: "POST",
      path: "/_sandbox/faults",
      handler: ({ body }) => json(201, context.apiFaults.add(parseBody(apiFaultBody, body))),
    },
    {
      method: "DELETE",
      path: "/_sandbox/faults",
      handler: () => {
        context.apiFaults.clear()
        return json(200, { ok: true })
      },
    },
    {
      method: "GET",
      path: "/_sandbox/webhooks/faults",
      handler: () => json(200, context.webhookFaults.get()),
    },
    {
      method: "POST",
      path: "/_sandbox/webhooks/faults",
      handler: ({ body }) => {
        const faults = context.webhookFaults.set(parseBody(webhookFaultBody, body))
        context.delivery.refresh()
        return json(200, faults)
      },
    },
    {
      method: "DELETE",
      path: "/_sandbox/webhooks/faults",
      handler: () => {
        context.webhookFaults.clear()
        context.delivery.refresh()
        return json(200, context.webhookFaults.get())
      },
    },
    {
      method: "POST",
      path: "/_sandbox/webhooks/flush",
      handler: async () => json(200, await context.delivery.flush()),
    },
    {
      method: "GET",
      path: "/_sandbox/deliveries",
      handler: () => json(200, store.listDeliveries()),
    },
    {
      method: "POST",
      path: "/_sandbox/reset",
      handler: () => {
        context.delivery.reset()
        store.reset()
        context.foreignEvents.reset()
        context.settings.cancelledWording = context.options.cancelledWording
        context.settings.webhookGiveUpAfter = context.options.webhookGiveUpAfter
        context.apiFaults.clear()
        context.webhookFaults.clear()
        context.releaseHeldRequests()
        return json(200, { ok: true })
      },
    },
  ]
}
