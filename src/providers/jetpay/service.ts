import { AbstractPaymentProvider, MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import type {
  BigNumberInput,
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  CreateAccountHolderInput,
  CreateAccountHolderOutput,
  DeleteAccountHolderInput,
  DeleteAccountHolderOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  Logger,
  PaymentProviderContext,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrieveAccountHolderInput,
  RetrieveAccountHolderOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdateAccountHolderInput,
  UpdateAccountHolderOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"
import {
  JetpayClient,
  type WebhookVerifier,
  isNotFound,
  normalizeTransactionState,
  parseWebhookBatch,
  type JetpayTransactionStatus as TransactionStatus,
} from "../../jetpay-api"
import { jetpayConnection, jetpayOptions } from "./jetpay-services"
import { cancelDebit } from "./cancel-debit"
import { formatCents } from "../../domain/money"
import { isCheckingNow, readInThisSync, recentStatus, rememberStatus } from "../../domain/recent-status"
import { sendRefundCredit } from "./refund-credit"
import { nextCheckAt } from "../../domain/next-check"
import { paymentFacts } from "../../domain/payment-facts"
import { toMedusaError } from "../../domain/medusa-errors"
import { debitAmountFor, fromJetpayAmount, toJetpayAmount } from "../../domain/money"
import { JETPAY_IDENTIFIER } from "../../domain/provider-config"
import { type JetpayOptions, type JetpayOptionsInput } from "../../domain/options"
import { PAYER_DATA_KEY, payerFromCustomer, payerSchema, type Payer } from "../../domain/payer"
import { payerKey } from "../../domain/payer"
import { pluginData } from "./plugin-data"
import { readPaymentData, type JetpayPaymentData } from "./session-data"
import { readSessionData, toSessionData, withoutLink, type JetpaySessionData } from "./session-data"
import { sessionStatusForRawState } from "./status-mapping"
import { webhookActionForState } from "./status-mapping"
import { abandonAt } from "../../domain/abandoned-debit"
import { debitMethod, refundSurchargeCents } from "../../domain/refund-surcharge"

/** What a debit's facts are when it was just created: its link not used yet. */
const UNUSED = { outcome: "pending", authorized: false, state: "requested" } as const

type InjectedDependencies = {
  logger: Logger
}

/**
 * Medusa's payment provider for Jetpay: a translator between Medusa's payment
 * calls and Jetpay's API. Money moves on Jetpay's hosted payment link; this
 * class creates the debit, reads its live state, cancels and refunds.
 */
export class JetpayProviderService extends AbstractPaymentProvider<JetpayOptionsInput> {
  static identifier = JETPAY_IDENTIFIER

  protected readonly options_: JetpayOptions
  protected readonly client_: JetpayClient
  protected readonly logger_: Logger
  private readonly verifier_: WebhookVerifier
  private readonly unknownStatesLogged_ = new Set<string>()

  /** Runs when Medusa loads the provider: bad options stop startup with the option's name. */
  static validateOptions(options: Record<string, unknown>): void {
    jetpayOptions(options)
  }

  constructor(container: InjectedDependencies, options: JetpayOptionsInput) {
    super(container, options)
    this.options_ = jetpayOptions(options)
    this.logger_ = container.logger
    const { client, verifier } = jetpayConnection(this.options_, this.logger_)
    this.client_ = client
    this.verifier_ = verifier
  }

  /** The Jetpay API client, configured from this provider's options. */
  get client(): JetpayClient {
    return this.client_
  }

  /** The provider's parsed options (with defaults filled in). */
  get options(): JetpayOptions {
    return this.options_
  }

  // --- Account holders: one Jetpay contact per logged-in customer ---------------

  async createAccountHolder({ context }: CreateAccountHolderInput): Promise<CreateAccountHolderOutput> {
    const payer = payerFromCustomer(context.customer)
    if (!payer) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "Jetpay needs the customer's email to create a contact")
    }
    const contact = await this.call("Creating the Jetpay contact", () =>
      this.client_.createContact({ ...payer, tags: ["medusa"] })
    )
    return { id: contact.identifier, data: { contact_id: contact.identifier } }
  }

  async retrieveAccountHolder({ id }: RetrieveAccountHolderInput): Promise<RetrieveAccountHolderOutput> {
    return { id, data: { contact_id: id } }
  }

  async updateAccountHolder({ context }: UpdateAccountHolderInput): Promise<UpdateAccountHolderOutput> {
    // Jetpay documents no contact update; the contact keeps the details it was made with.
    return { data: context.account_holder.data }
  }

  async deleteAccountHolder(_input: DeleteAccountHolderInput): Promise<DeleteAccountHolderOutput> {
    // Jetpay documents no contact deletion; past debits and credits keep referring to it.
    return {}
  }

  // --- Payment sessions ------------------------------------------------------------

  async initiatePayment({ amount, currency_code, data, context }: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    // Checked before any call to Jetpay: a wrong currency or amount creates nothing.
    const cents = debitAmountFor(amount, currency_code, this.options_.currency)
    const payer = await this.contactFor(context, data)
    const sessionId = typeof data?.session_id === "string" ? data.session_id : undefined
    let { contactId } = payer
    const sessionData = await this.call("Creating the Jetpay debit", async () => {
      try {
        return await this.debitAtJetpay(cents, contactId, sessionId)
      } catch (error) {
        // The contact this payer had from an earlier payment is gone at Jetpay (removed there, or
        // another Jetpay environment's): a new one, once. A customer's account holder is Medusa's to fix.
        if (!payer.reused || !isNotFound(error)) throw error
        this.logger_.warn(`[jetpay] Jetpay no longer knows contact ${contactId}; making a new one for this payer`)
        contactId = (await this.client_.createContact({ ...payer.details, tags: ["medusa"] })).identifier
        return await this.debitAtJetpay(cents, contactId, sessionId)
      }
    })
    await this.recordDebit(sessionData, contactId, sessionId, payer.payerKey)
    return {
      id: sessionData.jetpay_transaction_id,
      status: PaymentSessionStatus.PENDING,
      data: withoutPayer(sessionData),
    }
  }

  async updatePayment({ amount, currency_code, data }: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const current = readSessionData(data)
    const cents = debitAmountFor(amount, currency_code, this.options_.currency)
    if (cents === current.amount) return { data: toSessionData(current) }

    // A debit's amount cannot change: cancel it so its link can never be paid, then issue a new one.
    const previous = await this.recordedDebit(current.jetpay_transaction_id)
    await this.cancelDebit(current.jetpay_transaction_id)
    const sessionId = previous.payment_session_id ?? undefined
    const next = await this.createDebit(cents, previous.contact_id!, sessionId)
    await this.recordDebit(next, previous.contact_id!, sessionId, previous.payer_key)
    return { status: PaymentSessionStatus.PENDING, data: next }
  }

  /**
   * Authorized when Jetpay's live state says so: a card `paid`, a settled debit (captured), or
   * an EFT the payer signed under `eftAuthorizedOn: "initiated"`. An EFT the payer signed and
   * Jetpay has not settled is `pending_authorization`: Medusa makes the order with its payment
   * awaiting, and authorizes it later (the sync when Jetpay settles, or the admin's "Check
   * status", which calls this again). With `orderBeforePayment` enabled, a debit whose link
   * nobody used yet is `pending_authorization` too: the order is made now and paid by its link
   * later (the link stays in the plugin's records, out of the session's data). A debit already
   * known to have failed (even after the payer authorized it) is an error: no order is made for it. Never from the caller's word.
   */
  async authorizePayment({ data }: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const session = readSessionData(data)
    // The debit's refunds and verified history, in one read.
    const { refundedCents, history } = await pluginData(this.container).readTransaction(
      { jetpay_id: session.jetpay_transaction_id },
      { events: true, refunded: true }
    )
    // Refunded before any order was made (Needs attention → refund): it never becomes one.
    if (refundedCents > 0) return { status: PaymentSessionStatus.ERROR, data: toSessionData(session) }
    const status = await this.liveStatus(session.jetpay_transaction_id, { awaiting: true })
    const facts = paymentFacts(history.seen, status.state, { settlementConfirmed: history.settlementConfirmed })
    if (facts.outcome === "reversed") return { status: PaymentSessionStatus.CAPTURED, data: withoutLink(session) }
    const sessionStatus = this.unpaidOrderStatus(this.sessionStatus(status), facts)
    const used =
      sessionStatus === PaymentSessionStatus.AUTHORIZED ||
      sessionStatus === PaymentSessionStatus.CAPTURED ||
      sessionStatus === PaymentSessionStatus.PENDING_AUTHORIZATION
    return { status: sessionStatus, data: used ? withoutLink(session) : toSessionData(session) }
  }

  async getPaymentStatus({ data }: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const session = readSessionData(data)
    const status = await this.liveStatus(session.jetpay_transaction_id, { awaiting: true })
    return { status: this.sessionStatus(status), data: toSessionData(session) }
  }

  async retrievePayment({ data }: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const payment = readPaymentData(data)
    const status = await this.liveStatus(payment.jetpay_transaction_id)
    return { data: { ...payment, state: status.state, fail_reason: status.fail_reason ?? null } }
  }

  /**
   * Jetpay settles by itself; "capture" here confirms that it has. Medusa calls this
   * when Jetpay reports `completed` (webhook) or when an admin presses Capture.
   */
  async capturePayment({ data }: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const payment = readPaymentData(data)
    const status = await this.liveStatus(payment.jetpay_transaction_id)
    const state = normalizeTransactionState(status.state)
    if (state.known && state.state === "completed") return { data: payment }
    // Settled and since returned: the capture is the record of the settlement; the return is flagged apart.
    if ((await this.facts(payment.jetpay_transaction_id, status)).outcome === "reversed") return { data: payment }
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      state.known && (state.state === "failed" || state.state === "cancelled")
        ? `Jetpay payment ${payment.jetpay_transaction_id} is ${state.state}${status.fail_reason ? ` (${status.fail_reason})` : ""}: there is nothing to capture`
        : `Jetpay payment ${payment.jetpay_transaction_id} is ${status.state}, not settled yet: Jetpay captures it by itself when the funds settle, and the payment is marked captured then`
    )
  }

  async cancelPayment({ data }: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const payment = readPaymentData(data)
    await this.cancelDebit(payment.jetpay_transaction_id)
    return { data: payment }
  }

  async deletePayment({ data }: DeletePaymentInput): Promise<DeletePaymentOutput> {
    // A session that failed before reaching Jetpay has nothing to cancel.
    const id = typeof data?.jetpay_transaction_id === "string" ? data.jetpay_transaction_id : undefined
    if (id && !(await this.refundedInFull(id))) await this.cancelDebit(id)
    return { data: data ?? {} }
  }

  /**
   * A refund is a Jetpay credit to the payer's contact; partial refunds add up to at most the
   * amount paid. Against a second credit: the refund is recorded (an intent) before Jetpay is
   * asked; once Jetpay made the credit the refund succeeds in Medusa whatever happens next; and
   * when Jetpay's answer is lost, the refund's outcome is "unknown" and no other refund of the
   * payment is sent until a person settles it in the admin (Settings → Jetpay → Needs attention).
   */
  async refundPayment({ data, amount, context }: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const payment = readPaymentData(data)
    const cents = toJetpayAmount(amount, this.accountCurrency())
    const alreadyRefunded = payment.refunds.reduce((sum, refund) => sum + refund.amount, 0)
    if (cents <= 0) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "A Jetpay refund needs a positive amount")
    }
    if (alreadyRefunded + cents > payment.amount) {
      const left = fromJetpayAmount(payment.amount - alreadyRefunded, this.accountCurrency())
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Cannot refund more than was paid with Jetpay: at most ${left.numeric} can still be refunded`
      )
    }
    const debit = await this.recordedDebit(payment.jetpay_transaction_id)
    const surchargeCents = await this.surchargeReturned(payment, alreadyRefunded, cents)
    const { creditId, alreadyMade } = await sendRefundCredit(this.client_, pluginData(this.container), {
      debit,
      cents,
      surchargeCents,
      statement: this.options_.statement,
      bankAccountId: this.options_.bankAccountId,
      money: (value) => this.money(value),
      refundIntentStaleMs: this.options_.timings.refundIntentStaleMs,
      // Medusa passes its refund's id as the idempotency key (payment module, refundPaymentFromProvider_).
      medusaRefund: { id: context?.idempotency_key ?? null, refundsOfPayment: () => this.medusaRefundsOf(debit.payment_id) },
      refundEmailDueAt: new Date(Date.now() + this.options_.timings.unrecordedRefundGraceMs),
      logError: (message) => this.logger_.error(message),
    })
    if (!alreadyMade) {
      const fee = surchargeCents ? ` and its card fee of ${surchargeCents} cents` : ""
      this.logger_.info(`[jetpay] refund credit ${creditId} of ${cents} cents${fee} for debit ${debit.jetpay_id}`)
    }
    return { data: withRefund(payment, creditId, cents) }
  }

  /**
   * The card fee this refund returns on top (the `refundSurcharge` option): only with
   * `on_full_refund`, on the refund that completes a full refund of a debit its events show
   * was paid by card. Medusa's amounts never include the fee, so Medusa's refund stays `cents`.
   */
  private async surchargeReturned(payment: JetpayPaymentData, refundedBeforeCents: number, cents: number): Promise<number> {
    if (this.options_.refundSurcharge === "never" || payment.surcharge <= 0) return 0
    const { events } = await pluginData(this.container).readTransaction({ jetpay_id: payment.jetpay_transaction_id }, { events: true })
    return refundSurchargeCents({
      policy: this.options_.refundSurcharge,
      paidCents: payment.amount,
      refundedBeforeCents,
      refundCents: cents,
      surchargeCents: payment.surcharge,
      method: debitMethod(events.map((event) => event.state)),
    })
  }

  /**
   * The Medusa refunds of a payment, in cents, read through the payment module's own refund
   * service (this provider runs in the payment module's container); null if it cannot be read.
   */
  private async medusaRefundsOf(paymentId: string | null): Promise<Array<{ id: string; cents: number }> | null> {
    if (!paymentId) return null
    let refundService: { list: (filters: object, config: object) => Promise<Array<{ id: string; amount: unknown; raw_amount?: unknown }>> } | undefined
    try {
      refundService = this.container.refundService as typeof refundService
    } catch {
      refundService = undefined
    }
    if (!refundService) {
      this.logger_.warn("[jetpay] the payment module's refunds cannot be read: a credit Medusa did not record is not checked for")
      return null
    }
    const refunds = await refundService.list({ payment_id: paymentId }, { select: ["id", "amount", "raw_amount"] })
    return refunds.map((refund) => ({
      id: refund.id,
      cents: toJetpayAmount((refund.raw_amount ?? refund.amount) as BigNumberInput, this.accountCurrency()),
    }))
  }

  /**
   * For Medusa's generic `/hooks/payment/jetpay_jetpay` route (the plugin's own
   * `/hooks/jetpay` route is the one to register: it answers after checking and acts at once).
   * One event in, one action out; the action comes from the live status, not the event.
   */
  async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    const notSupported: WebhookActionResult = { action: PaymentActions.NOT_SUPPORTED }
    const authorization = headerValue(payload.headers, "authorization")
    try {
      await this.verifier_.verify(authorization, rawBytes(payload.rawData))
    } catch (error) {
      this.logger_.warn(`[jetpay] refused a webhook on the generic route: ${(error as Error).message}`)
      return notSupported
    }
    const batch = parseWebhookBatch(payload.data)
    if (batch.events.length !== 1) {
      this.logger_.warn(
        `[jetpay] the generic webhook route takes one event per delivery; got ${batch.events.length}. Register /hooks/jetpay instead.`
      )
      return notSupported
    }
    const transaction = batch.events[0].transaction
    if (!transaction) return notSupported
    const transactionId = transaction.id
    const [debit] = await pluginData(this.container).listJetpayTransactions({ jetpay_id: transactionId, kind: "debit" })
    if (!debit?.payment_session_id) return notSupported
    const status = await this.liveStatus(transactionId)
    const action = webhookActionForState(status.state)
    if (action === PaymentActions.NOT_SUPPORTED) return notSupported
    return {
      action,
      data: { session_id: debit.payment_session_id, amount: fromJetpayAmount(debit.amount, this.accountCurrency()) },
    }
  }

  // --- Helpers --------------------------------------------------------------------

  private createDebit(cents: number, contactId: string, sessionId?: string): Promise<JetpaySessionData> {
    return this.call("Creating the Jetpay debit", () => this.debitAtJetpay(cents, contactId, sessionId))
  }

  private async debitAtJetpay(cents: number, contactId: string, sessionId?: string): Promise<JetpaySessionData> {
    const debit = await this.client_.createDebit({
      amount: cents,
      statement: this.options_.statement,
      // Shown only in the merchant's Jetpay dashboard: ties the debit back to Medusa.
      note: sessionId ? `Medusa payment session ${sessionId}` : "Medusa payment",
      toBankAccount: this.options_.bankAccountId,
      contactId,
    })
    return toSessionData({
      jetpay_transaction_id: debit.identifier,
      link: debit.link,
      amount: debit.amount,
      surcharge: debit.customer_surcharge_amount,
    })
  }

  /**
   * The contact to debit: the customer's account holder; else the contact this payer (same
   * email, name and language) already has from an earlier payment; else a new one.
   */
  private async contactFor(
    context: PaymentProviderContext | undefined,
    data: Record<string, unknown> | undefined
  ): Promise<
    | { contactId: string; payerKey: null; reused: false }
    | { contactId: string; payerKey: string; reused: boolean; details: Payer }
  > {
    const holderContact = context?.account_holder?.data?.contact_id
    if (typeof holderContact === "string" && holderContact) return { contactId: holderContact, payerKey: null, reused: false }

    const payer = payerFromCustomer(context?.customer) ?? payerSchema.safeParse(data?.[PAYER_DATA_KEY]).data
    if (!payer) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Jetpay needs the shopper's email and name: add an email and an address to the cart before choosing Jetpay"
      )
    }
    const key = payerKey(payer)
    const [earlier] = await pluginData(this.container).listJetpayTransactions(
      { payer_key: key, contact_id: { $ne: null } },
      { select: ["contact_id"], take: 1, order: { created_at: "DESC" } }
    )
    if (earlier?.contact_id) return { contactId: earlier.contact_id, payerKey: key, reused: true, details: payer }
    const contact = await this.call("Creating the Jetpay contact", () =>
      this.client_.createContact({ ...payer, tags: ["medusa"] })
    )
    return { contactId: contact.identifier, payerKey: key, reused: false, details: payer }
  }

  /** Cancels a debit; one already cancelled (or failed) is fine, one the payer already paid is a clear error. */
  private async cancelDebit(transactionId: string): Promise<void> {
    const outcome = await cancelDebit(this.client_, transactionId)
    // Jetpay does not know it: no link of it can be paid here, so nothing is left to cancel.
    // Refusing would leave the cart stuck, since Medusa deletes a cart's sessions whenever it changes.
    if (outcome === "unknown_to_jetpay") {
      this.logger_.warn(`[jetpay] debit ${transactionId} is unknown to Jetpay; treated as cancelled`)
    }
  }

  /**
   * Jetpay's live status: the read of the sync applying it when Medusa calls the provider from
   * one, else read now unless this process read it itself a moment ago (recent-status.ts).
   * `awaiting`: for the admin's "Check status" of a payment awaiting settlement (`eftAuthorizedOn:
   * "completed"`), a recent `initiated` is read again: Jetpay may have settled it since, and the
   * press asks for exactly that. A cart completion takes it (the payment awaits either way, and the
   * sync of Jetpay's settlement authorizes it).
   */
  private async liveStatus(transactionId: string, { awaiting = false }: { awaiting?: boolean } = {}): Promise<TransactionStatus> {
    const applying = readInThisSync(this.options_.baseUrl, transactionId)
    if (applying) return applying
    const recent = recentStatus(this.options_.baseUrl, transactionId, this.options_.timings.recentStatusMs)
    const recentState = recent ? normalizeTransactionState(recent.state) : null
    const stillAwaiting =
      awaiting && isCheckingNow() && this.options_.eftAuthorizedOn === "completed" && recentState?.known && recentState.state === "initiated"
    if (recent && !stillAwaiting) return recent
    const status = await this.call(`Reading the status of Jetpay payment ${transactionId}`, () =>
      this.client_.getTransactionStatus(transactionId)
    )
    // The webhook's sync of the same change, a moment later, may take it (recent-status.ts).
    rememberStatus(this.options_.baseUrl, transactionId, status, Date.now(), { bySync: false })
    return status
  }


  /** The live status read together with this store's verified history of the transaction. */
  private async facts(transactionId: string, status: TransactionStatus) {
    const { seen, settlementConfirmed } = await pluginData(this.container).recordedStates(transactionId)
    return paymentFacts(seen, status.state, { settlementConfirmed })
  }

  private sessionStatus(status: TransactionStatus): PaymentSessionStatus {
    const mapped = sessionStatusForRawState(status.state, this.options_.eftAuthorizedOn)
    if (!mapped.known && !this.unknownStatesLogged_.has(status.state)) {
      this.unknownStatesLogged_.add(status.state)
      this.logger_.warn(`[jetpay] unknown Jetpay state "${status.state}": treated as pending, never as paid`)
    }
    return mapped.status
  }

  /**
   * `orderBeforePayment`: a debit nobody paid yet (Jetpay still says `requested`) makes the
   * order with its payment awaiting, instead of no order.
   */
  private unpaidOrderStatus(status: PaymentSessionStatus, facts: ReturnType<typeof paymentFacts>): PaymentSessionStatus {
    if (!this.options_.orderBeforePayment.enabled || status !== PaymentSessionStatus.PENDING) return status
    const unused = facts.outcome === "pending" && !facts.authorized && facts.state === "requested" && !facts.unknownLiveState
    return unused ? PaymentSessionStatus.PENDING_AUTHORIZATION : status
  }

  /** The merchant account's currency: Jetpay debits and credits carry none of their own. */
  private accountCurrency(): string {
    return this.options_.currency
  }

  /**
   * Records a new debit in the plugin's data before its link reaches the shopper, so that
   * every webhook about it finds its payment session, and its contact is known for refunds.
   * If that fails, the debit is cancelled: a link no webhook could match must not be paid.
   */
  private async recordDebit(
    session: JetpaySessionData,
    contactId: string,
    sessionId: string | undefined,
    payerKeyOfContact: string | null
  ) {
    const now = new Date()
    try {
      await pluginData(this.container).recordNewDebit({
        jetpay_id: session.jetpay_transaction_id,
        state: "requested",
        amount: session.amount,
        surcharge: session.surcharge,
        link: session.link ?? null,
        contact_id: contactId,
        payer_key: payerKeyOfContact,
        payment_session_id: sessionId ?? null,
        // Re-read by the reconciliation job until it ends, in case its webhooks are lost, and
        // when it counts as abandoned at the latest (checkout debits: the default purpose).
        next_check_at: nextCheckAt("debit", "pending", now, now, abandonAt({ kind: "debit", purpose: "checkout", facts: UNUSED, createdAt: now }, this.options_.timings)),
      })
    } catch (error) {
      await this.client_.cancelTransaction(session.jetpay_transaction_id).catch(() => undefined)
      throw error
    }
  }

  /** A paid debit refunded in full has nothing left to cancel: its session can go. */
  private async refundedInFull(transactionId: string): Promise<boolean> {
    const [debit] = await pluginData(this.container).listJetpayTransactions({ jetpay_id: transactionId, kind: "debit" }, { take: 1 })
    return !!debit && (await pluginData(this.container).refundedCents(transactionId)) >= debit.amount
  }

  private money(cents: number): string {
    return formatCents(cents, this.accountCurrency())
  }

  /** A debit this provider created, as recorded when it was created. */
  private async recordedDebit(transactionId: string) {
    const [debit] = await pluginData(this.container).listJetpayTransactions({ jetpay_id: transactionId, kind: "debit" })
    if (!debit?.contact_id) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Jetpay debit ${transactionId} is not in this store's Jetpay records`
      )
    }
    return debit
  }

  private async call<T>(doing: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run()
    } catch (error) {
      throw toMedusaError(error, doing)
    }
  }
}

/**
 * Medusa saves a new session's data as `{ ...data sent in, ...data returned }`.
 * The payer (email, name) came in for the contact only: an explicit undefined
 * keeps it out of the saved, storefront-visible data (JSON drops undefined).
 */
function withoutPayer(data: JetpaySessionData): Record<string, unknown> {
  return { ...data, [PAYER_DATA_KEY]: undefined }
}

/** The raw body as bytes: a Buffer, or its JSON form after an event bus such as Redis carried it. */
function rawBytes(raw: unknown): Buffer | string {
  if (Buffer.isBuffer(raw) || typeof raw === "string") return raw
  if (raw instanceof Uint8Array) return Buffer.from(raw)
  const serialized = raw as { type?: string; data?: number[] } | undefined
  if (serialized?.type === "Buffer" && Array.isArray(serialized.data)) return Buffer.from(serialized.data)
  return ""
}

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()]
  if (Array.isArray(value)) return typeof value[0] === "string" ? value[0] : undefined
  return typeof value === "string" ? value : undefined
}

function withRefund(payment: JetpayPaymentData, creditId: string, cents: number): Record<string, unknown> {
  return { ...payment, refunds: [...payment.refunds, { jetpay_credit_id: creditId, amount: cents }] }
}

export type { JetpayPaymentData }
export default JetpayProviderService
