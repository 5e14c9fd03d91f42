import { useTranslation } from "react-i18next"
import type { TransactionView } from "../../domain/admin-responses"

type Failure = NonNullable<TransactionView["failure"]>

/** A failure's reason and advice in the admin's language, from their codes; the API's English text otherwise. */
export function useFailureText() {
  const { t, i18n } = useTranslation("jetpay")
  return {
    reason: (failure: Pick<Failure, "reason">) => {
      const key = `failure.reason.${failure.reason.toLowerCase()}`
      const text = i18n.exists(key, { ns: "jetpay" }) ? t(key) : t("failure.otherReason", { reason: failure.reason })
      return text.charAt(0).toUpperCase() + text.slice(1)
    },
    advice: (failure: Failure) => t(`failure.advice.${failure.advice}`, { defaultValue: failure.advice_text }),
  }
}
