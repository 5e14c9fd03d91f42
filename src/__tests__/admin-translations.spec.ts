import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import ts from "typescript"
import en from "../admin/i18n/json/en.json"
import fr from "../admin/i18n/json/fr.json"

/**
 * The admin in English and French (Canada): every text in both files, and none written into the
 * components. The scan reads each `src/admin/**\/*.tsx` with TypeScript's parser.
 */
const ADMIN = path.join(__dirname, "..", "admin")

type Texts = { [key: string]: string | Texts }

function flatten(texts: Texts, prefix = ""): Map<string, string> {
  const flat = new Map<string, string>()
  for (const [key, value] of Object.entries(texts)) {
    if (typeof value === "string") flat.set(`${prefix}${key}`, value)
    else for (const [inner, text] of flatten(value, `${prefix}${key}.`)) flat.set(inner, text)
  }
  return flat
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((match) => match[1]).sort()

const english = flatten(en as Texts)
const french = flatten(fr as Texts)

describe("admin translations", () => {
  it("has every key in English and in French", () => {
    expect([...french.keys()].filter((key) => !english.has(key))).toEqual([])
    expect([...english.keys()].filter((key) => !french.has(key))).toEqual([])
  })

  it("has no empty text", () => {
    const empty = [...english, ...french].filter(([, text]) => !text.trim()).map(([key]) => key)
    expect(empty).toEqual([])
  })

  it("uses the same placeholders in both languages", () => {
    const differing = [...english]
      .filter(([key, text]) => french.has(key) && placeholders(text).join() !== placeholders(french.get(key)!).join())
      .map(([key]) => key)
    expect(differing).toEqual([])
  })

  it("finds every key the components name in full", () => {
    const missing = scanAdmin().keys.filter((key) => !english.has(key))
    expect(missing).toEqual([])
  })

  it("shows no English written into a component: every text goes through the translations", () => {
    expect(scanAdmin().literals).toEqual([])
  })
})

describe("the scan of the admin's components", () => {
  it.each([
    ["JSX text", `const A = () => <Text>Refund failed</Text>`],
    ["a visible attribute", `const A = () => <Input placeholder="Search orders" />`],
    ["a prompt's title", `prompt({ title: "Cancel it?", description: t("x") })`],
    ["a toast", `toast.success("Refund sent")`],
    ["a template with words", "const A = () => <Text>{`Sent ${n} times`}</Text>"],
    ["a code from the API shown as it came", `const A = () => <Text>{t("a")} {entry.state}</Text>`],
    ["a code in a template", "const A = () => <Text>{item.reason ? ` · ${item.reason}` : \"\"}</Text>"],
  ])("finds %s", (_what, code) => {
    expect(scanSource("x.tsx", code).literals).toHaveLength(1)
  })

  it.each([
    ["a translated text", `const A = () => <Text>{t("widget.amount")}</Text>`],
    ["class names and test ids", `const A = () => <Text className="text-ui-fg-muted break-all" data-testid="jetpay-state" size="small" />`],
    ["punctuation", "const A = () => <Text>{a} · {b}</Text>"],
    ["a code translated", "const A = () => <Text>{t(`status.${item.status}`)}</Text>"],
  ])("lets %s through", (_what, code) => {
    expect(scanSource("x.tsx", code).literals).toEqual([])
  })
})

/** Attributes whose value a person never reads. */
const TECHNICAL_ATTRIBUTES = new Set([
  "className", "data-testid", "testId", "key", "id", "variant", "size", "color", "href", "to", "target", "rel", "value",
  "level", "weight", "leading", "zone", "type", "name", "dir", "asChild", "role",
])
/** Object properties a person reads (prompt(), toasts' options, a route's label). */
const VISIBLE_PROPERTIES = new Set(["title", "description", "confirmText", "cancelText", "label", "placeholder", "text", "message"])
/** Fields of the API's answers that are codes, shown only through the translations. */
const CODE_FIELDS = new Set(["state", "reason", "kind", "type", "status", "label", "advice", "code"])
/**
 * Texts allowed as written, each `file: text`: the settings menu shows the product's name, the
 * same in every language.
 */
const ALLOWED = new Set(["routes/settings/jetpay/page.tsx: Jetpay"])

const words = (text: string) => /[A-Za-z]{2,}/.test(text)

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? tsxFiles(path.join(dir, entry.name)) : entry.name.endsWith(".tsx") ? [path.join(dir, entry.name)] : []
  )
}

function scanAdmin() {
  const found = { literals: [] as string[], keys: [] as string[] }
  for (const file of tsxFiles(ADMIN)) {
    const { literals, keys } = scanSource(path.relative(ADMIN, file), readFileSync(file, "utf8"))
    found.literals.push(...literals)
    found.keys.push(...keys)
  }
  return found
}

/** Texts a person would read that do not come from the translations, and the keys named in full. */
function scanSource(name: string, code: string): { literals: string[]; keys: string[] } {
  const source = ts.createSourceFile(name, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
  const literals: string[] = []
  const keys: string[] = []
  const report = (node: ts.Node, text: string) => {
    if (ALLOWED.has(`${name}: ${text.trim()}`)) return
    const { line } = source.getLineAndCharacterOfPosition(node.getStart())
    literals.push(`${name}:${line + 1}: ${text.trim()}`)
  }
  const isTranslateCall = (node: ts.Node) =>
    ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "t"
  const insideTranslateCall = (node: ts.Node) => {
    for (let at = node.parent; at; at = at.parent) if (isTranslateCall(at)) return true
    return false
  }
  /** An API code (`entry.state`) in a place a person reads: JSX, or a template shown there. */
  const codeField = (node: ts.Node) =>
    ts.isPropertyAccessExpression(node) && CODE_FIELDS.has(node.name.text) && !insideTranslateCall(node)
  const inJsx = (node: ts.Node) => {
    for (let at = node.parent; at; at = at.parent) {
      if (ts.isJsxExpression(at)) return !ts.isJsxAttribute(at.parent) || !TECHNICAL_ATTRIBUTES.has(at.parent.name.getText(source))
      if (ts.isFunctionLike(at) || ts.isCallExpression(at)) return false
    }
    return false
  }

  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && words(node.text)) report(node, node.text)
    if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer)) {
      if (!TECHNICAL_ATTRIBUTES.has(node.name.getText(source)) && words(node.initializer.text)) report(node, node.initializer.text)
    }
    if (ts.isPropertyAssignment(node) && VISIBLE_PROPERTIES.has(node.name.getText(source))) {
      const value = node.initializer
      if ((ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) && words(value.text)) report(node, value.text)
    }
    if (ts.isCallExpression(node) && /^toast\.\w+$/.test(node.expression.getText(source))) {
      const [first] = node.arguments
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) && words(first.text)) report(node, first.text)
    }
    if (ts.isTemplateExpression(node) && inJsx(node) && !insideTranslateCall(node)) {
      const text = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(" ")
      if (words(text)) report(node, node.getText(source))
      else if (node.templateSpans.some((span) => codeField(span.expression))) report(node, node.getText(source))
    }
    if (ts.isJsxExpression(node) && node.expression && codeField(node.expression) && inJsxChild(node)) report(node, node.getText(source))
    if (isTranslateCall(node)) {
      const [key] = (node as ts.CallExpression).arguments
      if (key && ts.isStringLiteral(key)) keys.push(key.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return { literals, keys }
}

/** A `{...}` among an element's children (not an attribute's value). */
function inJsxChild(node: ts.JsxExpression): boolean {
  return ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent)
}
