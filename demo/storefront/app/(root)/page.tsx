import { pickJetpayLanguage } from "medusa-payment-jetpay/storefront"
import { headers } from "next/headers"
import { redirect } from "next/navigation"
import { localeOf } from "@/lib/locales"

/** The shop in the browser's language: French for a French browser, else English (the kit's rule). */
export default async function Home() {
  const language = pickJetpayLanguage({ acceptLanguage: (await headers()).get("accept-language") })
  redirect(`/${localeOf(language)}`)
}
