import type { JetpayLanguage } from "./locale-format"

/**
 * The refund email's words, in Canadian English and Canadian French. Placeholders in braces
 * are filled by refund-email.ts; amounts and dates arrive already formatted for the language.
 * French uses its own typography: a non-breaking space before `:` and `!`.
 */
export type RefundEmailStrings = {
  subject: string
  greeting: string
  intro: string
  amountLabel: string
  surcharge: string
  orderLabel: string
  dateLabel: string
  how: string
  claimButton: string
  linkFallback: string
  privacy: string
  closing: string
  signature: string
}

const NBSP = "\u00a0"

export const REFUND_EMAIL_STRINGS: Record<JetpayLanguage, RefundEmailStrings> = {
  en: {
    subject: "Your refund for order #{order}: {amount}",
    greeting: "Hello {name},",
    intro: "{store} is refunding you {amount} for your order #{order}.",
    amountLabel: "Refund",
    surcharge: "This includes the card fee of {surcharge} you paid.",
    orderLabel: "Order",
    dateLabel: "Refunded on",
    how: "Refunds are paid into a bank account by direct deposit, even for a card payment. Open the link below and enter the bank account where you want to receive the money.",
    claimButton: "Receive {amount}",
    linkFallback: "If the button does not work, copy this link into your browser:",
    privacy: "This link is yours alone: do not share it. The payment processor, not the store, asks for your bank details.",
    closing: "Thank you,",
    signature: "{store}",
  },
  fr: {
    subject: `Votre remboursement pour la commande no${NBSP}{order}${NBSP}: {amount}`,
    greeting: "Bonjour {name},",
    intro: `{store} vous rembourse {amount} pour votre commande no${NBSP}{order}.`,
    amountLabel: "Remboursement",
    surcharge: "Ce montant comprend les frais de carte de {surcharge} que vous avez payés.",
    orderLabel: "Commande",
    dateLabel: "Remboursé le",
    how: "Les remboursements sont versés dans un compte bancaire par dépôt direct, même pour un paiement par carte. Ouvrez le lien ci-dessous et entrez le compte bancaire où vous voulez recevoir l’argent.",
    claimButton: "Recevoir {amount}",
    linkFallback: `Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur${NBSP}:`,
    privacy: `Ce lien est personnel${NBSP}: ne le partagez pas. C’est le processeur de paiement, et non le magasin, qui vous demande vos coordonnées bancaires.`,
    closing: "Merci,",
    signature: "{store}",
  },
}
