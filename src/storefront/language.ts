/** The languages the kit speaks: English and Canadian French. */
export type JetpayLanguage = "en" | "fr-CA"

export type PickJetpayLanguageInput = {
  /** The shopper's own choice (a language switch, the store's locale in the URL): wins when it is English or French. */
  explicit?: string | null
  /** The cart's province code: a Quebec address (`QC`) reads in French unless the shopper chose. */
  province?: string | null
  /** An `Accept-Language` header (on the server: `headers().get("accept-language")`). */
  acceptLanguage?: string | null
  /** The browser's languages; `navigator.languages` when left out and a browser is there. */
  navigatorLanguages?: readonly string[] | null
}

/**
 * The shopper's language: their explicit choice, else French for a Quebec address, else the first
 * of English or French in Accept-Language (by its q weights) or the browser's languages, else English.
 * The plugin picks the Jetpay payer's language by the same rule.
 */
export function pickJetpayLanguage(input: PickJetpayLanguageInput = {}): JetpayLanguage {
  const chosen = languageOf(input.explicit)
  if (chosen) return chosen
  if (typeof input.province === "string" && input.province.trim().toUpperCase().replace(/^CA-/, "") === "QC") return "fr-CA"
  for (const tag of acceptLanguageTags(input.acceptLanguage)) {
    const language = languageOf(tag)
    if (language) return language
  }
  const browser = input.navigatorLanguages ?? (typeof navigator !== "undefined" ? navigator.languages ?? [navigator.language] : [])
  for (const tag of browser) {
    const language = languageOf(tag)
    if (language) return language
  }
  return "en"
}

/** `fr`, `fr-CA`, `fr_FR`... are French; `en*` English; anything else none. */
function languageOf(tag: string | null | undefined): JetpayLanguage | null {
  if (typeof tag !== "string") return null
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0]
  if (primary === "fr") return "fr-CA"
  if (primary === "en") return "en"
  return null
}

/** The tags of an Accept-Language header, highest weight first (ties keep their order); q=0 left out. */
function acceptLanguageTags(header: string | null | undefined): string[] {
  if (typeof header !== "string") return []
  return header
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";")
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="))
      const weight = q === undefined ? 1 : Number(q.slice(2))
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index }
    })
    .filter((entry) => entry.tag && entry.tag !== "*" && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((entry) => entry.tag)
}
