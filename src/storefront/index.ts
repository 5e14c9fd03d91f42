// medusa-payment-jetpay/storefront: Jetpay in a Medusa storefront. Framework-free helpers (start the
// payment, read and watch its status, pick the language, texts in English and Canadian French) and
// React components and hooks for the Next.js App Router. It runs in the browser and on a storefront's
// server; nothing here reaches the plugin's server code.
export { JETPAY_PROVIDER_ID, isJetpayProvider } from "./provider.js"
export type { JetpayState, JetpayPaymentStatus, JetpayCheckout, JetpayCartLike } from "./types.js"
export { JetpayStoreError, type JetpayStore, type JetpaySdkLike } from "./store-api.js"
export { startJetpayPayment, jetpaySessionOf, type StartJetpayPaymentOptions } from "./start-payment.js"
export { openJetpayPaymentPage, type OpenJetpayPageOptions, type JetpayTab } from "./open-payment-page.js"
export {
  getJetpayPaymentStatus,
  watchJetpayOrder,
  jetpayPhase,
  type JetpayPhase,
  type JetpayWatchResult,
  type WatchJetpayOrderOptions,
} from "./payment-status.js"
export { pickJetpayLanguage, type JetpayLanguage, type PickJetpayLanguageInput } from "./language.js"
export { JETPAY_TEXTS, jetpayTexts, fillJetpayText, formatJetpayMoney, type JetpayTexts } from "./texts.js"
export { jetpayPaymentInfo, JetpayIcon, type JetpayPaymentInfo } from "./payment-info.js"
export { useJetpayLanguage } from "./react/use-language.js"
export { useJetpayCartStatus, type JetpayCartStatus, type UseJetpayCartStatusOptions } from "./react/use-cart-status.js"
export { JetpayPayButton, type JetpayPayButtonProps } from "./react/pay-button.js"
export { JetpayReturn, type JetpayReturnProps } from "./react/return.js"
