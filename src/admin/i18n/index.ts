import en from "./json/en.json"
import fr from "./json/fr.json"

/**
 * The plugin's admin texts, picked up by Medusa's admin build (`src/admin/i18n/index.ts`) and
 * merged into the dashboard's own resources. They live in the plugin's own i18next namespace,
 * `jetpay`, so no key can clash with the dashboard's or another plugin's; components read them
 * with `useTranslation("jetpay")`. The admin's language picker (Profile → Language) switches
 * them with the rest of the dashboard; a language without a file here falls back to English.
 */
export default {
  en: { jetpay: en },
  fr: { jetpay: fr },
}
