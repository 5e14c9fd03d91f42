import type { JetpayLanguage } from "./locale-format"

/**
 * What the plugin's emails to a customer share (the payment request, the refund): placeholders
 * filled, HTML escaped, French's colon, the order's summary, a button to the Jetpay link and the
 * page around them. Each email keeps its own words and the order of its paragraphs.
 */

/** The words every customer email has, beside its own. */
export type CustomerEmailWords = {
  amountLabel: string
  orderLabel: string
  dateLabel: string
  linkFallback: string
}

/** Each `{key}` of `template` replaced by `values[key]`; unknown keys stay as written. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? values[key] : whole))
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!)
}

/** Texts of one email in one language: `t` filled, `h` filled and escaped, `label` "Label: value". */
export function emailTexts<K extends string>(language: JetpayLanguage, strings: Record<K, string>, values: Record<string, string>) {
  const t = (key: K) => fillTemplate(strings[key], values)
  const h = (key: K) => escapeHtml(t(key))
  // French puts a non-breaking space before a colon.
  const label = (key: K, value: string) => `${t(key)}${language === "fr" ? "\u00a0:" : ":"} ${value}`
  return { t, h, label }
}

/** The amount, order and date, as the text's lines and as the HTML's table. */
export function orderSummary(
  texts: ReturnType<typeof emailTexts<keyof CustomerEmailWords>>,
  summary: { amount: string; order: string; date: string },
  textAfterAmount: string[] = []
): { text: string[]; html: string } {
  const { h, label } = texts
  return {
    text: [label("amountLabel", summary.amount), ...textAfterAmount, label("orderLabel", `#${summary.order}`), label("dateLabel", summary.date)],
    html: [
      `<table role="presentation">`,
      `<tr><td>${h("amountLabel")}</td><td><strong>${escapeHtml(summary.amount)}</strong></td></tr>`,
      `<tr><td>${h("orderLabel")}</td><td>#${escapeHtml(summary.order)}</td></tr>`,
      `<tr><td>${h("dateLabel")}</td><td>${escapeHtml(summary.date)}</td></tr>`,
      `</table>`,
    ].join("\n"),
  }
}

/** The button to the link (its label already escaped), and the link written out for clients without buttons. */
export function linkButton(link: string, buttonLabelHtml: string, fallbackHtml: string): { button: string; fallback: string } {
  const href = escapeHtml(link)
  return {
    button: `<p><a href="${href}" style="display:inline-block;padding:10px 18px;background:#111827;color:#fff;border-radius:6px;text-decoration:none">${buttonLabelHtml}</a></p>`,
    fallback: `<p>${fallbackHtml}<br><a href="${href}">${href}</a></p>`,
  }
}

/** The HTML document around the email's paragraphs. */
export function emailPage(language: JetpayLanguage, paragraphs: string[]): string {
  return [`<!doctype html><html lang="${language}-CA"><body style="font-family:sans-serif;line-height:1.5">`, ...paragraphs, `</body></html>`].join("\n")
}
