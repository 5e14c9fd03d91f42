// The hosted payment and receive pages. Links are single-use: once the transaction left
// `requested`, the page says so and a second submission changes nothing.

import { html, type Reply } from "./http-util"
import {
  linkUsedPage,
  PAD_REQUIRED_MESSAGE,
  payPage,
  paymentReceivedPage,
  receivePage,
  resultPage,
} from "./pages"
import type { Route } from "./router"
import type { SandboxContext } from "./sandbox-context"
import type { TransactionKind } from "./state-machine"
import type { TransactionRecord } from "./store"

function notFound(): Reply {
  return html(404, resultPage("Payment link not found", "Check the link you were given, or ask the merchant for a new one."))
}

function formFields(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString("utf8"))
}

export function pageRoutes(context: SandboxContext): Route[] {
  const { store } = context

  const find = (identifier: string, kind: TransactionKind): TransactionRecord | undefined => {
    const record = store.getTransaction(identifier)
    return record?.kind === kind ? record : undefined
  }

  return [
    {
      method: "GET",
      path: "/payment/pay/:id",
      handler: ({ params }) => {
        const debit = find(params.id, "debit")
        if (!debit) return notFound()
        if (debit.state !== "requested") return html(200, linkUsedPage(debit))
        return html(200, payPage(debit))
      },
    },
    {
      method: "POST",
      path: "/payment/pay/:id",
      handler: ({ params, body }) => {
        const debit = find(params.id, "debit")
        if (!debit) return notFound()
        if (debit.state !== "requested") return html(409, linkUsedPage(debit))
        const form = formFields(body)
        const method = form.get("method")
        if (method === "eft") {
          // The PAD agreement is what makes an EFT debit lawful: no box, no debit.
          if (!form.get("pad_accepted")) return html(400, payPage(debit, PAD_REQUIRED_MESSAGE))
        } else if (method !== "card") {
          return html(400, payPage(debit, "Choose to pay by bank or by card."))
        }
        const result = store.applyAction(debit.identifier, { type: "pay", method })
        if (!result?.ok) return html(409, linkUsedPage(debit))
        return html(200, paymentReceivedPage(result.record))
      },
    },
    {
      method: "GET",
      path: "/payment/receive/:id",
      handler: ({ params }) => {
        const credit = find(params.id, "credit")
        if (!credit) return notFound()
        if (credit.state !== "requested") return html(200, linkUsedPage(credit))
        return html(200, receivePage(credit))
      },
    },
    {
      method: "POST",
      path: "/payment/receive/:id",
      handler: ({ params }) => {
        const credit = find(params.id, "credit")
        if (!credit) return notFound()
        const result = store.applyAction(credit.identifier, { type: "enter_bank_details" })
        if (!result?.ok) return html(409, linkUsedPage(credit))
        return html(
          200,
          resultPage("Bank details received", "The payment is on its way to your bank account. You may close this page.")
        )
      },
    },
  ]
}
