import type { JetpayLanguage } from "./locale-format"

/**
 * The payment-request email's words, in Canadian English and Canadian French. Placeholders
 * in braces are filled by payment-request-email.ts; amounts and dates arrive already
 * formatted for the language. French uses its own typography: a non-breaking space before
 * `:` and inside `« »`.
 */
export type PaymentRequestEmailStrings = {
  subject: string
  greeting: string
  intro: string
  amountLabel: string
  orderLabel: string
  dateLabel: string
  payButton: string
  methods: string
  surcharge: string
  linkFallback: string
  closing: string
  signature: string
  /** `orderBeforePayment`'s reminder: its subject, its opening and when the unpaid order is canceled. */
  reminderSubject: string
  reminderIntro: string
  reminderExpiry: string
}

const NBSP = "\u00a0"

export const PAYMENT_REQUEST_EMAIL_STRINGS: Record<JetpayLanguage, PaymentRequestEmailStrings> = {
  en: {
    subject: "Payment request for order #{order}: {amount}",
    greeting: "Hello {name},",
    intro: "{store} is asking you to pay {amount}, the amount left to pay on your order #{order}.",
    amountLabel: "Amount due",
    orderLabel: "Order",
    dateLabel: "Requested on",
    payButton: "Pay {amount}",
    methods: "You can pay by bank transfer (a pre-authorized debit you accept on the page) or by credit card.",
    surcharge: "Paying by card adds a fee of {surcharge}, charged by the payment processor.",
    linkFallback: "If the button does not work, copy this link into your browser:",
    closing: "Thank you!",
    signature: "{store}",
    reminderSubject: "Reminder: payment request for order #{order}: {amount}",
    reminderIntro: "A reminder: {store} is still waiting for your payment of {amount} for your order #{order}.",
    reminderExpiry: "If it is not paid by {expires}, the order will be canceled.",
  },
  fr: {
    subject: `Demande de paiement pour la commande no${NBSP}{order}${NBSP}: {amount}`,
    greeting: "Bonjour {name},",
    intro: `{store} vous demande de payer {amount}, le montant qui reste à payer sur votre commande no${NBSP}{order}.`,
    amountLabel: "Montant dû",
    orderLabel: "Commande",
    dateLabel: "Demandé le",
    payButton: "Payer {amount}",
    methods: "Vous pouvez payer par virement bancaire (un débit préautorisé que vous acceptez sur la page) ou par carte de crédit.",
    surcharge: "Le paiement par carte ajoute des frais de {surcharge}, perçus par le processeur de paiement.",
    linkFallback: `Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur${NBSP}:`,
    closing: `Merci${NBSP}!`,
    signature: "{store}",
    reminderSubject: `Rappel${NBSP}: demande de paiement pour la commande no${NBSP}{order}${NBSP}: {amount}`,
    reminderIntro: `Petit rappel${NBSP}: {store} attend toujours votre paiement de {amount} pour votre commande no${NBSP}{order}.`,
    reminderExpiry: "Si elle n’est pas payée d’ici le {expires}, la commande sera annulée.",
  },
}
