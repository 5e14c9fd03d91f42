import type { JetpayLanguage } from "./language.js"

/** Every text the kit's components show. `{name}` marks a value filled in. */
export type JetpayTexts = {
  /** The pay button. */
  payButton: string
  /** The pay button while the payment starts. */
  starting: string
  /** What paying by bank means: EFT with a PAD agreement, no fee, settles in a few days. */
  eftNote: string
  /** The card fee, when the store said how much ({surcharge}). */
  cardSurcharge: string
  /** The card fee before a payment exists (its amount is not known yet). */
  cardSurchargeUnknown: string
  /** Before the click: Jetpay opens in a new tab and this tab waits. */
  newTabNote: string
  /** After the click, while this tab waits for the order. */
  watching: string
  /** The browser blocked the new tab: a link opens it instead. */
  popupBlocked: string
  /** The link to Jetpay's page. */
  openPaymentPage: string
  /** A status read is under way. */
  checking: string
  /** Not paid yet (state `requested`). */
  waiting: string
  /** Paid, the order is being made. */
  authorizing: string
  /** EFT authorized: settles later ({days}). */
  eftAuthorized: string
  /** Card paid. */
  cardPaid: string
  /** The order exists. */
  confirmed: string
  /** The order exists but the bank returned the EFT afterwards. */
  reversed: string
  /** A link to the order ({orderId}). */
  seeOrder: string
  /** Payment failed. */
  failed: string
  /** Payment cancelled. */
  cancelled: string
  /** Start a new payment. */
  tryAgain: string
  /** Watch again after giving up. */
  checkAgain: string
  /** The watch gave up waiting. */
  timeout: string
  /** No Jetpay payment for this cart (404). */
  notFound: string
  /** The store could not be reached several times in a row. */
  unavailable: string
  /** An error with the store's message ({message}). */
  error: string
  /** The payment method's name on an order page. */
  methodTitle: string
}

const en: JetpayTexts = {
  payButton: "Pay by bank or card (Jetpay)",
  starting: "Opening Jetpay…",
  eftNote:
    "By bank (EFT): no fee; you sign a pre-authorized debit agreement, your order is confirmed at once and the payment settles in 2 to 3 business days.",
  cardSurcharge: "By card: Jetpay adds a card fee of {surcharge}.",
  cardSurchargeUnknown: "By card: Jetpay adds a card fee, shown before you pay.",
  newTabNote: "Jetpay's secure page opens in a new tab. Keep this tab open: it shows your order as soon as you have paid.",
  watching: "Waiting for your payment on Jetpay's page…",
  popupBlocked: "Your browser did not open a new tab.",
  openPaymentPage: "Go to the payment page",
  checking: "Checking your payment…",
  waiting: "We haven't received your payment yet.",
  authorizing: "Jetpay has your payment. Your order is being confirmed…",
  eftAuthorized: "Your bank payment is authorized; it settles in 2 to 3 business days.",
  cardPaid: "Your card payment is received.",
  confirmed: "Order confirmed",
  reversed: "Your bank returned the payment after the order was placed. The store will contact you.",
  seeOrder: "See your order",
  failed: "Your payment didn't go through.",
  cancelled: "Your payment was cancelled. Nothing was charged.",
  tryAgain: "Try again",
  checkAgain: "Check again",
  timeout: "We haven't seen your payment yet. If you paid, your order is still made and you will get an email.",
  notFound: "We could not find a Jetpay payment for this cart.",
  unavailable: "We can't check your payment right now. If you paid, your order is still made: come back later.",
  error: "Something went wrong: {message}",
  methodTitle: "Jetpay",
}

const frCA: JetpayTexts = {
  payButton: "Payer par banque ou par carte (Jetpay)",
  starting: "Ouverture de Jetpay…",
  eftNote:
    "Par banque (TEF) : sans frais; vous signez un accord de débit préautorisé, votre commande est confirmée tout de suite et le paiement est réglé d'ici 2 à 3 jours ouvrables.",
  cardSurcharge: "Par carte : Jetpay ajoute des frais de carte de {surcharge}.",
  cardSurchargeUnknown: "Par carte : Jetpay ajoute des frais de carte, affichés avant le paiement.",
  newTabNote:
    "La page sécurisée de Jetpay s'ouvre dans un nouvel onglet. Gardez cet onglet ouvert : il affiche votre commande dès que vous avez payé.",
  watching: "En attente de votre paiement sur la page de Jetpay…",
  popupBlocked: "Votre navigateur n'a pas ouvert de nouvel onglet.",
  openPaymentPage: "Aller à la page de paiement",
  checking: "Vérification de votre paiement…",
  waiting: "Nous n'avons pas encore reçu votre paiement.",
  authorizing: "Jetpay a reçu votre paiement. Votre commande est en cours de confirmation…",
  eftAuthorized: "Votre paiement bancaire est autorisé; il sera réglé d'ici 2 à 3 jours ouvrables.",
  cardPaid: "Votre paiement par carte est reçu.",
  confirmed: "Commande confirmée",
  reversed: "Votre banque a retourné le paiement après la commande. La boutique communiquera avec vous.",
  seeOrder: "Voir votre commande",
  failed: "Votre paiement n'a pas abouti.",
  cancelled: "Votre paiement a été annulé. Rien n'a été prélevé.",
  tryAgain: "Réessayer",
  checkAgain: "Vérifier de nouveau",
  timeout:
    "Nous ne voyons pas encore votre paiement. Si vous avez payé, votre commande sera quand même créée et vous recevrez un courriel.",
  notFound: "Nous n'avons trouvé aucun paiement Jetpay pour ce panier.",
  unavailable:
    "Nous ne pouvons pas vérifier votre paiement pour le moment. Si vous avez payé, votre commande sera quand même créée : revenez plus tard.",
  error: "Une erreur s'est produite : {message}",
  methodTitle: "Jetpay",
}

/** The kit's texts in each language. */
export const JETPAY_TEXTS: Readonly<Record<JetpayLanguage, Readonly<JetpayTexts>>> = { en, "fr-CA": frCA }

/** The texts of a language, with the store's own wording over them. */
export function jetpayTexts(language: JetpayLanguage = "en", overrides: Partial<JetpayTexts> = {}): JetpayTexts {
  const base = JETPAY_TEXTS[language] ?? en
  const own = Object.fromEntries(Object.entries(overrides).filter(([, value]) => typeof value === "string"))
  return { ...base, ...own }
}

/** A text with its `{name}` values filled in; an unknown name stays as written. */
export function fillJetpayText(text: string, values: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
}

/** An amount in cents as the language writes money: `$12.34` (en-CA), `12,34 $` (fr-CA). */
export function formatJetpayMoney(cents: number, language: JetpayLanguage = "en", currencyCode = "cad"): string {
  return new Intl.NumberFormat(language === "fr-CA" ? "fr-CA" : "en-CA", {
    style: "currency",
    currency: currencyCode.toUpperCase(),
  }).format(cents / 100)
}
