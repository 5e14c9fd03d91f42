import type { Locale } from "./locales"

/**
 * The demo shop's own words in English and Canadian French. Everything about paying with Jetpay
 * (the button, the EFT note, the card fee, the waiting and return messages, the method's name)
 * comes from the kit, medusa-payment-jetpay/storefront, in the same two languages.
 */
const en = {
  brand: "Northern Goods",
  tag: "Jetpay demo store",
  cart: "Cart",
  heading: "Made in Canada",
  addToCart: "Add to cart",
  cartHeading: "Your cart",
  cartEmpty: "Your cart is empty.",
  total: "Total",
  noShipping: "No shipping or taxes in this demo.",
  remove: "Remove",
  detailsHeading: "Your details",
  email: "Email",
  firstName: "First name",
  lastName: "Last name",
  address: "Address",
  city: "City",
  province: "Province",
  postalCode: "Postal code",
  continueToPayment: "Continue to payment",
  paymentHeading: "Payment",
  toPay: "To pay",
  changeDetails: "Change my details",
  backFromJetpay: "Paid on Jetpay's page in another tab or window?",
  seePayment: "See your payment and your order",
  error: "Something went wrong: {message}",
  footer: "A demo of medusa-payment-jetpay. Payments go to the local Jetpay sandbox: no money moves.",
  returnTitle: "Your payment",
  backToShop: "Back to the shop",
  noCart: "There is no payment to show: this address has no cart.",
  orderTitle: "Order confirmed",
  order: "Order",
  paymentMethod: "Payment method",
  paymentStatus: "Payment",
  eftAwaiting:
    "Your bank payment is authorized and your order is confirmed. It settles in 2 to 3 business days; there is nothing more to do.",
  cardPaid: "Your card payment went through.",
  cardPaidSurcharge: "Your card payment went through. Jetpay charged your card {charged}: the order's {total} plus its {surcharge} card surcharge.",
  paymentCaptured: "Your payment is complete.",
  confirmationTo: "A confirmation goes to {email}.",
  continueShopping: "Continue shopping",
  orderNotFound: "We could not find this order.",
  language: "Language / Langue",
  jetpayState: "Jetpay status:",
}

type Texts = typeof en

const fr: Texts = {
  brand: "Northern Goods",
  tag: "Boutique de démonstration Jetpay",
  cart: "Panier",
  heading: "Fabriqué au Canada",
  addToCart: "Ajouter au panier",
  cartHeading: "Votre panier",
  cartEmpty: "Votre panier est vide.",
  total: "Total",
  noShipping: "Ni livraison ni taxes dans cette démonstration.",
  remove: "Retirer",
  detailsHeading: "Vos coordonnées",
  email: "Courriel",
  firstName: "Prénom",
  lastName: "Nom",
  address: "Adresse",
  city: "Ville",
  province: "Province",
  postalCode: "Code postal",
  continueToPayment: "Continuer vers le paiement",
  paymentHeading: "Paiement",
  toPay: "À payer",
  changeDetails: "Modifier mes coordonnées",
  backFromJetpay: "Vous avez payé sur la page de Jetpay dans un autre onglet ou une autre fenêtre?",
  seePayment: "Voir votre paiement et votre commande",
  error: "Une erreur s'est produite : {message}",
  footer: "Une démonstration de medusa-payment-jetpay. Les paiements vont au bac à sable Jetpay local : aucun argent ne circule.",
  returnTitle: "Votre paiement",
  backToShop: "Retour à la boutique",
  noCart: "Aucun paiement à afficher : cette adresse ne nomme aucun panier.",
  orderTitle: "Commande confirmée",
  order: "Commande",
  paymentMethod: "Mode de paiement",
  paymentStatus: "Paiement",
  eftAwaiting:
    "Votre paiement bancaire est autorisé et votre commande est confirmée. Il sera réglé d'ici 2 à 3 jours ouvrables; vous n'avez rien d'autre à faire.",
  cardPaid: "Votre paiement par carte est accepté.",
  cardPaidSurcharge:
    "Votre paiement par carte est accepté. Jetpay a débité {charged} de votre carte : les {total} de la commande plus {surcharge} de frais de carte.",
  paymentCaptured: "Votre paiement est terminé.",
  confirmationTo: "Une confirmation est envoyée à {email}.",
  continueShopping: "Continuer vos achats",
  orderNotFound: "Nous n'avons pas trouvé cette commande.",
  language: "Langue / Language",
  jetpayState: "État Jetpay :",
}

const TEXTS: Record<Locale, Texts> = { en, fr }

/** French puts a non-breaking space before : ; ? and !. */
function typography(text: string, locale: Locale): string {
  return locale === "fr" ? text.replace(/ ([:;?!])/g, "\u00a0$1") : text
}

export type TextKey = keyof Texts

/** The shop's text for `key` with its `{name}` values filled in. */
export function shopText(locale: Locale, key: TextKey, values: Record<string, string> = {}): string {
  const template = TEXTS[locale][key]
  return typography(
    template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole),
    locale
  )
}

/** A `t(key, values)` for one locale. */
export function textsFor(locale: Locale) {
  return (key: TextKey, values?: Record<string, string>) => shopText(locale, key, values)
}
