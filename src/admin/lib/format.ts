import { useTranslation } from "react-i18next"

/** The admin's language as a Canadian locale when it is English or French (`fr-CA`: `1 234,56 $`). */
export function localeOf(language: string | undefined): string {
  const base = (language ?? "en").split("-")[0]
  return base === "en" || base === "fr" ? `${base}-CA` : language ?? "en-CA"
}

/** Digits after the decimal point of a currency (2 for CAD, 0 for JPY). */
function currencyDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency: currency.toUpperCase() }).resolvedOptions()
    .maximumFractionDigits ?? 2
}

/** Money and dates in the admin's language: the plugin's API gives cents and ISO dates. */
export function useFormat() {
  const { i18n } = useTranslation()
  const locale = localeOf(i18n.language)
  return {
    locale,
    /** Jetpay's integer cents (exact integers), shown in the locale. */
    money: (cents: number, currency: string) =>
      new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() }).format(
        cents / 10 ** currencyDigits(currency)
      ),
    /** A number of cents as such (`9 998 ¢` in French), for amounts whose currency is not at hand. */
    cents: (cents: number) => `${new Intl.NumberFormat(locale).format(cents)} ¢`,
    time: (iso: string | null) =>
      iso ? new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso)) : "-",
  }
}
