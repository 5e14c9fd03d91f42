import type { Metadata } from "next"
import { notFound } from "next/navigation"
import type { ReactNode } from "react"
import { CartCount, CartProvider } from "@/components/cart-provider"
import { LanguageSwitch } from "@/components/language-switch"
import { StoreProvider } from "@/components/store-provider"
import { demoConfig } from "@/lib/config"
import { intlLocale, isLocale } from "@/lib/locales"
import { shopText } from "@/lib/texts"
import "../globals.css"

// Every page reads where Medusa is at request time: one build serves the demo on any port.
export const dynamic = "force-dynamic"

export async function generateMetadata(props: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await props.params
  if (!isLocale(locale)) return {}
  return { title: `${shopText(locale, "brand")} · ${shopText(locale, "tag")}`, icons: { icon: "data:," } }
}

export default async function LocaleLayout(props: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const { locale } = await props.params
  if (!isLocale(locale)) notFound()
  const config = demoConfig()
  return (
    <html lang={intlLocale(locale)}>
      <body>
        <StoreProvider medusaUrl={config.medusaUrl} publishableKey={config.publishableKey} regionId={config.regionId}>
          <CartProvider>
            <header className="bar">
              <a className="brand" href={`/${locale}`}>
                {shopText(locale, "brand")}
              </a>
              <span className="tag">{shopText(locale, "tag")}</span>
              <LanguageSwitch locale={locale} label={shopText(locale, "language")} />
              <a className="cart-link" href={`/${locale}#cart`}>
                {shopText(locale, "cart")} (<CartCount />)
              </a>
            </header>
            <main>{props.children}</main>
            <footer>{shopText(locale, "footer")}</footer>
          </CartProvider>
        </StoreProvider>
      </body>
    </html>
  )
}
