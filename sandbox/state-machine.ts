// Every transaction state change in the sandbox goes through `transition`, so the rules of
// shared/jetpay-api.md live in one table-testable function with no I/O.

export type TransactionKind = "debit" | "credit"

export const TRANSACTION_STATES = [
  "requested",
  "initiated",
  "paid",
  "processing",
  "completed",
  "failed",
  "cancelled",
] as const
export type TransactionState = (typeof TRANSACTION_STATES)[number]

export type PaymentMethod = "eft" | "card"
export type FailDirection = "pull" | "push"

export type TransitionAction =
  /** The payer used the debit's link: EFT with the PAD agreement, or card. */
  | { type: "pay"; method: PaymentMethod }
  /** The payee entered bank details on the credit's link. */
  | { type: "enter_bank_details" }
  /** The bank took a processing credit: the funds are on their way to the payee. */
  | { type: "initiate" }
  | { type: "complete" }
  | { type: "fail"; reason?: string }
  | { type: "cancel" }

export interface TransitionOk {
  ok: true
  state: TransactionState
  /** Set when the action records how the payer paid. */
  method?: PaymentMethod
  failReason?: string
  failDirection?: FailDirection
}

export interface TransitionRefused {
  ok: false
  /** Text for the `detail` of the error answer. */
  detail: string
}

export type TransitionResult = TransitionOk | TransitionRefused

/**
 * Jetpay's exact cancel wording is not documented; these two texts are what the sandbox and
 * its README promise (DELETE answers 400 with them).
 */
export const CANCEL_TOO_LATE = "Transaction can no longer be cancelled"
export const ALREADY_CANCELLED = "Transaction is already cancelled"

/** A failure after `completed` is an EFT return (NSF, disputed PAD); before it, a refusal. */
export function defaultFailReason(from: TransactionState): string {
  return from === "completed" ? "nsf" : "declined"
}

export function transition(
  kind: TransactionKind,
  from: TransactionState,
  action: TransitionAction
): TransitionResult {
  switch (action.type) {
    case "pay":
      if (kind !== "debit") return refuse(`A ${kind} is not paid by the payer`)
      if (from !== "requested") return refuse(`Cannot pay a transaction in state ${from}`)
      return {
        ok: true,
        state: action.method === "eft" ? "initiated" : "paid",
        method: action.method,
      }

    case "enter_bank_details":
      if (kind !== "credit") return refuse("Only a credit takes the payee's bank details")
      if (from !== "requested") return refuse(`Cannot accept bank details in state ${from}`)
      return { ok: true, state: "processing", method: "eft" }

    case "initiate":
      // A debit reaches `initiated` only through its payer (pay by EFT), never by the bank alone.
      if (kind !== "credit") return refuse("A debit is initiated by its payer: pay it by EFT")
      if (from !== "processing") return refuse(`Cannot initiate a credit in state ${from}`)
      return { ok: true, state: "initiated" }

    case "complete": {
      // processing -> completed stays allowed for credits: older tests and demos settle a credit in
      // one step, and Jetpay lists the states without saying that `initiated` is never skipped.
      const completable: readonly TransactionState[] =
        kind === "debit" ? ["initiated", "paid"] : ["processing", "initiated"]
      if (!completable.includes(from)) return refuse(`Cannot complete a ${kind} in state ${from}`)
      return { ok: true, state: "completed" }
    }

    case "fail": {
      // A completed EFT debit can still bounce; a completed credit has left the merchant for good.
      const failable: readonly TransactionState[] =
        kind === "debit"
          ? ["requested", "initiated", "paid", "completed"]
          : ["requested", "processing", "initiated"]
      if (!failable.includes(from)) return refuse(`Cannot fail a ${kind} in state ${from}`)
      return {
        ok: true,
        state: "failed",
        failReason: action.reason ?? defaultFailReason(from),
        failDirection: kind === "debit" ? "pull" : "push",
      }
    }

    case "cancel":
      if (from === "cancelled") return refuse(ALREADY_CANCELLED)
      if (from !== "requested") return refuse(CANCEL_TOO_LATE)
      return { ok: true, state: "cancelled" }
  }
}

function refuse(detail: string): TransitionRefused {
  return { ok: false, detail }
}
