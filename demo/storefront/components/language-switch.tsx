"use client"

import { usePathname, useSearchParams } from "next/navigation"
import { LOCALES, type Locale } from "@/lib/locales"

/** EN | FR: the same page in the other language (the locale is the URL's first segment). */
export function LanguageSwitch(props: { locale: Locale; label: string }) {
  const pathname = usePathname() ?? `/${props.locale}`
  const query = useSearchParams()?.toString()
  return (
    <span className="languages" role="group" aria-label={props.label}>
      {LOCALES.map((locale, index) => (
        <span key={locale}>
          {index > 0 && " | "}
          <a
            href={`${pathname.replace(/^\/[^/]+/, `/${locale}`)}${query ? `?${query}` : ""}`}
            lang={locale === "fr" ? "fr-CA" : "en-CA"}
            hrefLang={locale === "fr" ? "fr-CA" : "en-CA"}
            aria-current={locale === props.locale ? "true" : undefined}
          >
            {locale.toUpperCase()}
          </a>
        </span>
      ))}
    </span>
  )
}
