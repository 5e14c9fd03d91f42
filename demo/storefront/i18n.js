// The demo storefront in English and Canadian French. The language is the shopper's choice
// (the EN | FR switch), else French for a Quebec address entered at checkout, else the
// browser's. Texts in the HTML carry data-i18n="key"; scripts call t("key", { values }).
// Money and dates follow the locale: $1,234.56 (en-CA), 1 234,56 $ (fr-CA).

const CHOICE_KEY = "jetpay-demo.language"
const PROVINCE_KEY = "jetpay-demo.province"

const STRINGS = {
  en: {
    "shop.tag": "Jetpay demo store",
    "shop.cart": "Cart",
    "shop.backFromJetpay": "Back from Jetpay?",
    "shop.seePayment": "See your payment and your order",
    "shop.heading": "Made in Canada",
    "shop.loading": "Loading products…",
    "shop.addToCart": "Add to cart",
    "cart.heading": "Your cart",
    "cart.empty": "Your cart is empty.",
    "cart.total": "Total",
    "cart.noShipping": "No shipping or taxes in this demo.",
    "cart.remove": "Remove",
    "details.heading": "Your details",
    "details.email": "Email",
    "details.firstName": "First name",
    "details.lastName": "Last name",
    "details.address": "Address",
    "details.city": "City",
    "details.province": "Province",
    "details.postalCode": "Postal code",
    "details.continue": "Continue to payment",
    "payment.heading": "Payment",
    "payment.toPay": "To pay",
    "payment.explain": "You will pay on Jetpay's secure page: by bank (EFT, you sign a pre-authorized debit agreement; no fee) or by card (Jetpay adds a card surcharge).",
    "payment.pay": "Pay by bank or card (Jetpay)",
    "payment.change": "Change my details",
    "footer": "A demo of medusa-payment-jetpay. Payments go to the local Jetpay sandbox: no money moves.",
    "error.generic": "Something went wrong: {message}",
    "return.title": "Your payment",
    "return.back": "Back to the shop",
    "return.checking": "Checking your payment…",
    "return.waiting": "Waiting for your payment",
    "return.waitingText": "We haven't received your payment yet. Pay on Jetpay's page, then come back: this page updates by itself.",
    "return.goPay": "Go to the payment page",
    "return.newLink": "Get a new payment link",
    "return.received": "Payment received",
    "return.receivedText": "Jetpay has your payment. Your order is being confirmed…",
    "return.confirmed": "Order confirmed",
    "return.order": "Order",
    "return.confirmationTo": "A confirmation goes to {email}.",
    "return.you": "you",
    "return.continue": "Continue shopping",
    "return.failed": "Your payment didn't go through",
    "return.failedText": "Jetpay reports that the payment failed. Nothing was charged. You can try again, by bank or by card.",
    "return.cancelledText": "The payment was cancelled. Nothing was charged. You can try again, by bank or by card.",
    "return.tryAgain": "Try again",
    "return.unavailable": "We can't check this payment",
    "return.unavailableText": "The store cannot get this payment's status from Jetpay. If you paid, your order will still be made: come back later. If you did not pay yet, start a new payment.",
    "return.restart": "Start a new payment",
    "return.none": "No payment to show",
    "return.noneText": "We could not find a Jetpay payment for this checkout.",
    "return.noPayment": "There is no payment in progress in this browser.",
    "return.state": "Jetpay status:",
    "return.pollError": "We could not check your payment just now ({message}). Trying again…",
    "return.retryError": "We could not start a new payment: {message}",
    "note.initiated": "Your bank payment is authorized and your order is confirmed. It settles in 2 to 3 business days; there is nothing more to do.",
    "note.paid": "Your card payment went through.",
    "note.paidSurcharge": "Your card payment went through. Jetpay charged your card {charged}: the order's {total} plus its {surcharge} card surcharge.",
    "note.completed": "Your payment is complete.",
    "note.reversed": "Your bank returned the payment after the order was placed. The store will contact you.",
  },
  fr: {
    "shop.tag": "Boutique de démonstration Jetpay",
    "shop.cart": "Panier",
    "shop.backFromJetpay": "De retour de Jetpay?",
    "shop.seePayment": "Voir votre paiement et votre commande",
    "shop.heading": "Fabriqué au Canada",
    "shop.loading": "Chargement des produits…",
    "shop.addToCart": "Ajouter au panier",
    "cart.heading": "Votre panier",
    "cart.empty": "Votre panier est vide.",
    "cart.total": "Total",
    "cart.noShipping": "Ni livraison ni taxes dans cette démonstration.",
    "cart.remove": "Retirer",
    "details.heading": "Vos coordonnées",
    "details.email": "Courriel",
    "details.firstName": "Prénom",
    "details.lastName": "Nom",
    "details.address": "Adresse",
    "details.city": "Ville",
    "details.province": "Province",
    "details.postalCode": "Code postal",
    "details.continue": "Continuer vers le paiement",
    "payment.heading": "Paiement",
    "payment.toPay": "À payer",
    "payment.explain": "Vous payez sur la page sécurisée de Jetpay : par virement bancaire (vous signez un accord de débit préautorisé; sans frais) ou par carte (Jetpay ajoute des frais de carte).",
    "payment.pay": "Payer par banque ou par carte (Jetpay)",
    "payment.change": "Modifier mes coordonnées",
    "footer": "Une démonstration de medusa-payment-jetpay. Les paiements vont au bac à sable Jetpay local : aucun argent ne circule.",
    "error.generic": "Une erreur s'est produite : {message}",
    "return.title": "Votre paiement",
    "return.back": "Retour à la boutique",
    "return.checking": "Vérification de votre paiement…",
    "return.waiting": "En attente de votre paiement",
    "return.waitingText": "Nous n'avons pas encore reçu votre paiement. Payez sur la page de Jetpay, puis revenez : cette page se met à jour toute seule.",
    "return.goPay": "Aller à la page de paiement",
    "return.newLink": "Obtenir un nouveau lien de paiement",
    "return.received": "Paiement reçu",
    "return.receivedText": "Jetpay a reçu votre paiement. Votre commande est en cours de confirmation…",
    "return.confirmed": "Commande confirmée",
    "return.order": "Commande",
    "return.confirmationTo": "Une confirmation est envoyée à {email}.",
    "return.you": "vous",
    "return.continue": "Continuer vos achats",
    "return.failed": "Votre paiement n'a pas abouti",
    "return.failedText": "Jetpay indique que le paiement a échoué. Rien n'a été prélevé. Vous pouvez réessayer, par banque ou par carte.",
    "return.cancelledText": "Le paiement a été annulé. Rien n'a été prélevé. Vous pouvez réessayer, par banque ou par carte.",
    "return.tryAgain": "Réessayer",
    "return.unavailable": "Nous ne pouvons pas vérifier ce paiement",
    "return.unavailableText": "La boutique ne peut pas obtenir l'état de ce paiement auprès de Jetpay. Si vous avez payé, votre commande sera quand même créée : revenez plus tard. Sinon, commencez un nouveau paiement.",
    "return.restart": "Commencer un nouveau paiement",
    "return.none": "Aucun paiement à afficher",
    "return.noneText": "Nous n'avons trouvé aucun paiement Jetpay pour cette commande.",
    "return.noPayment": "Aucun paiement n'est en cours dans ce navigateur.",
    "return.state": "État Jetpay :",
    "return.pollError": "Nous n'avons pas pu vérifier votre paiement pour le moment ({message}). Nouvel essai…",
    "return.retryError": "Nous n'avons pas pu commencer un nouveau paiement : {message}",
    "note.initiated": "Votre paiement bancaire est autorisé et votre commande est confirmée. Il sera réglé d'ici 2 à 3 jours ouvrables; vous n'avez rien d'autre à faire.",
    "note.paid": "Votre paiement par carte est accepté.",
    "note.paidSurcharge": "Votre paiement par carte est accepté. Jetpay a débité {charged} de votre carte : les {total} de la commande plus {surcharge} de frais de carte.",
    "note.completed": "Votre paiement est terminé.",
    "note.reversed": "Votre banque a retourné le paiement après la commande. La boutique communiquera avec vous.",
  },
}

/** French before a colon, question or exclamation mark takes a non-breaking space. */
function typography(text, lang) {
  return lang === "fr" ? text.replace(/ ([:;?!])/g, "\u00a0$1") : text
}

function initialLanguage() {
  const chosen = localStorage.getItem(CHOICE_KEY)
  if (chosen === "en" || chosen === "fr") return chosen
  if (localStorage.getItem(PROVINCE_KEY) === "QC") return "fr"
  return /^fr\b/i.test(navigator.language ?? "") ? "fr" : "en"
}

let current = initialLanguage()
const listeners = new Set()

export function language() {
  return current
}

export function locale() {
  return current === "fr" ? "fr-CA" : "en-CA"
}

export function t(key, values = {}) {
  const template = STRINGS[current][key] ?? STRINGS.en[key] ?? key
  return typography(template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole)), current)
}

/** Re-renders every data-i18n text, the page's lang, and tells the page's script to redraw. */
export function setLanguage(lang, { explicit = true } = {}) {
  if (explicit) localStorage.setItem(CHOICE_KEY, lang)
  current = lang
  applyTranslations()
  for (const listener of listeners) listener(lang)
}

export function onLanguageChange(listener) {
  listeners.add(listener)
}

/**
 * A Quebec address makes French the default (the plugin writes to a Quebec payer in French
 * too); a choice the shopper made on the switch is kept.
 */
export function rememberProvince(province) {
  localStorage.setItem(PROVINCE_KEY, province)
  if (localStorage.getItem(CHOICE_KEY)) return
  const next = province === "QC" ? "fr" : /^fr\b/i.test(navigator.language ?? "") ? "fr" : "en"
  if (next !== current) setLanguage(next, { explicit: false })
}

export function applyTranslations() {
  document.documentElement.lang = locale()
  for (const element of document.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n)
  }
  const title = document.querySelector("[data-i18n-title]")
  if (title) document.title = `${t(title.dataset.i18nTitle)} · Northern Goods`
  for (const button of document.querySelectorAll("[data-language]")) {
    button.setAttribute("aria-pressed", String(button.dataset.language === current))
  }
}

/** The EN | FR switch in the header. */
export function installLanguageSwitch() {
  for (const button of document.querySelectorAll("[data-language]")) {
    button.addEventListener("click", () => setLanguage(button.dataset.language))
  }
  applyTranslations()
}
