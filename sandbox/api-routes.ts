// Jetpay's own endpoints, as shared/jetpay-api.md describes them. Bearer auth is checked by the
// server before these run (except the JWKS, marked public).

import { callbackUrlProblem } from "./callback-url"
import { statusReadState } from "./cancelled-wording"
import { parseIsoMicros } from "./clock"
import { detail, json, ReplyError } from "./http-util"
import { computeSurcharge } from "./money"
import type { Route } from "./router"
import type { SandboxContext } from "./sandbox-context"
import { contactBody, creditBody, debitBody, webhookBodies } from "./schemas"
import type { Store, TransactionRecord, Webhook } from "./store"
import { fieldError, parseBody, unprocessable } from "./validation"
import { wireWebhookState, type DeliveryPhase } from "./webhook-states"

/** Jetpay calls a second registration of a URL "a validation error"; its status code is [inferred]. */
export const DUPLICATE_CALLBACK_URL = "A webhook with this callback_url already exists; use PATCH"

/**
 * What the Jetpay API shows of a webhook: never the callback_api_key itself. `phase` is what
 * its delivery is doing now, which an active webhook shows as its state.
 */
export function webhookView(webhook: Webhook, phase: DeliveryPhase) {
  return {
    id: webhook.id,
    identifier: webhook.identifier,
    callback_url: webhook.callback_url,
    has_callback_api_key: webhook.callback_api_key !== null,
    max_batch_size: webhook.max_batch_size,
    max_wait_seconds: webhook.max_wait_seconds,
    state: wireWebhookState(webhook.state, phase),
    last_sent_event_id: webhook.last_sent_event_id,
    created_at: webhook.created_at,
    updated_at: webhook.updated_at,
  }
}

export function findTransaction(store: Store, identifier: string): TransactionRecord {
  const record = store.getTransaction(identifier)
  if (!record) throw new ReplyError(detail(404, "Transaction not found"))
  return record
}

function findWebhook(store: Store, identifier: string): Webhook {
  const webhook = store.getWebhook(identifier)
  if (!webhook) throw new ReplyError(detail(404, "Webhook not found"))
  return webhook
}

function requireContact(store: Store, contactId: string): void {
  if (!store.getContact(contactId)) throw new ReplyError(detail(404, "Contact not found"))
}

/** `self`: the webhook being changed, which may keep its own URL. */
function checkCallbackUrl(store: Store, callbackUrl: string, self?: Webhook): void {
  const problem = callbackUrlProblem(callbackUrl)
  if (problem) throw fieldError("callback_url", problem, "url_scheme")
  const holder = store.findWebhookByUrl(callbackUrl)
  if (holder && holder !== self) throw fieldError("callback_url", DUPLICATE_CALLBACK_URL)
}

/**
 * Where delivery starts: the replay point when one is given, else after the newest event
 * (a new webhook hears about what happens from now on).
 */
function replayCursor(
  store: Store,
  replay: { replay_from_event_id?: number | null; replay_from_timestamp?: string | null }
): number | undefined {
  const fromId = replay.replay_from_event_id ?? undefined
  const fromTimestamp = replay.replay_from_timestamp ?? undefined
  if (fromId !== undefined && fromTimestamp !== undefined) {
    throw unprocessable([
      {
        loc: ["body"],
        msg: "Give replay_from_event_id or replay_from_timestamp, not both",
        type: "value_error",
      },
    ])
  }
  if (fromId !== undefined) return Math.max(0, fromId - 1)
  if (fromTimestamp !== undefined) {
    const micros = parseIsoMicros(fromTimestamp)
    if (micros === null) throw fieldError("replay_from_timestamp", "Input should be a valid datetime", "datetime_parsing")
    return store.cursorBeforeTimestamp(micros)
  }
  return undefined
}

export function apiRoutes(context: SandboxContext): Route[] {
  const { store, options } = context
  const webhookSchemas = webhookBodies(options.minWaitSeconds)
  const view = (webhook: Webhook) => webhookView(webhook, context.delivery.phase(webhook))

  return [
    {
      method: "GET",
      path: "/.well-known/jwks.json",
      public: true,
      handler: () => json(200, context.keys.jwks),
    },
    {
      method: "PUT",
      path: "/contact",
      handler: ({ body }) => {
        const input = parseBody(contactBody, body)
        const contact = store.createContact(input)
        // 200 in both of Jetpay's current contact guides (an older one said 201).
        return json(200, {
          identifier: contact.identifier,
          email: contact.email,
          name: contact.name,
          tags: contact.tags,
          language: contact.language,
        })
      },
    },
    {
      method: "PUT",
      path: "/debit",
      handler: ({ body }) => {
        const input = parseBody(debitBody, body)
        requireContact(store, input.contact_id)
        const debit = store.createTransaction({
          kind: "debit",
          state: "requested",
          amount: input.amount,
          customer_surcharge_amount: computeSurcharge(input.amount, options.surchargeRate),
          contact_id: input.contact_id,
          statement: input.statement,
          note: input.note ?? null,
          to_bank_account: input.to_bank_account,
          from_bank_account: null,
        })
        return json(200, {
          identifier: debit.identifier,
          link: `${context.baseUrl()}/payment/pay/${debit.identifier}`,
          amount: debit.amount,
          customer_surcharge_amount: debit.customer_surcharge_amount,
        })
      },
    },
    {
      method: "PUT",
      path: "/credit",
      handler: ({ body }) => {
        const input = parseBody(creditBody, body)
        requireContact(store, input.contact_id)
        const toBankAccount = input.to_bank_account ?? null
        const credit = store.createTransaction({
          kind: "credit",
          // A saved payee account skips the link: the credit goes straight out.
          state: toBankAccount ? "processing" : "requested",
          method: toBankAccount ? "eft" : undefined,
          amount: input.amount,
          customer_surcharge_amount: 0,
          contact_id: input.contact_id,
          statement: input.statement,
          note: input.note ?? null,
          to_bank_account: toBankAccount,
          from_bank_account: input.from_bank_account,
        })
        return json(200, {
          identifier: credit.identifier,
          link: `${context.baseUrl()}/payment/receive/${credit.identifier}`,
          amount: credit.amount,
          state: credit.state,
        })
      },
    },
    {
      method: "GET",
      path: "/transaction/:id/status",
      handler: ({ params }) => {
        const record = findTransaction(store, params.id)
        const state = statusReadState(record.state, context.settings.cancelledWording)
        if (state === null) throw new ReplyError(detail(404, "Transaction not found"))
        return json(200, {
          state,
          fail_reason: record.fail_reason,
          fail_direction: record.fail_direction,
        })
      },
    },
    {
      method: "DELETE",
      path: "/transaction/:id",
      handler: ({ params }) => {
        const record = findTransaction(store, params.id)
        // Where a cancelled transaction reads as gone, it is gone for DELETE too.
        if (statusReadState(record.state, context.settings.cancelledWording) === null) {
          throw new ReplyError(detail(404, "Transaction not found"))
        }
        const result = store.applyAction(params.id, { type: "cancel" })
        if (!result || !result.ok) throw new ReplyError(detail(400, result?.detail ?? "Transaction not found"))
        return json(200, { ok: true })
      },
    },
    {
      method: "POST",
      path: "/webhooks",
      handler: ({ body }) => {
        const input = parseBody(webhookSchemas.create, body)
        checkCallbackUrl(store, input.callback_url)
        const webhook = store.createWebhook({
          callback_url: input.callback_url,
          callback_api_key: input.callback_api_key ?? null,
          max_batch_size: input.max_batch_size,
          max_wait_seconds: input.max_wait_seconds,
          last_sent_event_id: replayCursor(store, input) ?? store.lastEventId(),
        })
        context.delivery.refresh()
        return json(201, view(webhook))
      },
    },
    {
      method: "GET",
      path: "/webhooks",
      handler: () => json(200, store.listWebhooks().map(view)),
    },
    {
      method: "GET",
      path: "/webhooks/:identifier",
      handler: ({ params }) => json(200, view(findWebhook(store, params.identifier))),
    },
    {
      method: "PATCH",
      path: "/webhooks/:identifier",
      handler: ({ params, body }) => {
        const webhook = findWebhook(store, params.identifier)
        const input = parseBody(webhookSchemas.update, body)
        if (input.callback_url !== undefined) checkCallbackUrl(store, input.callback_url, webhook)
        const cursor = replayCursor(store, input)
        if (input.callback_url !== undefined) webhook.callback_url = input.callback_url
        // null removes the key; absent leaves it as it was.
        if (input.callback_api_key !== undefined) webhook.callback_api_key = input.callback_api_key
        if (input.max_batch_size !== undefined) webhook.max_batch_size = input.max_batch_size
        if (input.max_wait_seconds !== undefined) webhook.max_wait_seconds = input.max_wait_seconds
        if (input.state !== undefined) {
          // Asking a failed webhook to be active is the repair: its count of failures starts over.
          if (input.state === "active" && webhook.state !== "active") webhook.consecutive_failures = 0
          webhook.state = input.state
        }
        if (cursor !== undefined) {
          webhook.last_sent_event_id = cursor
          webhook.cursorGeneration += 1
        }
        webhook.updated_at = store.nowIso()
        context.delivery.refresh()
        return json(200, view(webhook))
      },
    },
    {
      method: "DELETE",
      path: "/webhooks/:identifier",
      handler: ({ params }) => {
        findWebhook(store, params.identifier)
        store.deleteWebhook(params.identifier)
        context.delivery.refresh()
        return json(200, { ok: true })
      },
    },
  ]
}
