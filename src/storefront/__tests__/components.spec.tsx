import fs from "node:fs"
import path from "node:path"
import { renderToString } from "react-dom/server"
import { isJetpayProvider } from "../provider"
import { jetpayPaymentInfo } from "../payment-info"
import { JetpayPayButton } from "../react/pay-button"
import { JetpayReturn } from "../react/return"
import { runOnOrder, settledText, statusText } from "../react/status-message"
import { formatJetpayMoney, jetpayTexts, JETPAY_TEXTS } from "../texts"
import type { JetpayPaymentStatus } from "../types"
import { BASE_URL, cartWithSession, KEY } from "./fake-store-api"

const store = { baseUrl: BASE_URL, publishableKey: KEY, fetch: () => Promise.reject(new Error("no call while rendering")) }

/** What a person reads: the HTML's text, entities decoded, spaces (French money's narrow ones too) as plain spaces. */
function visible(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/[\s\u00a0\u202f]+/g, " ")
    .trim()
}

describe("JetpayPayButton (server render)", () => {
  it("shows the button, the EFT note, the card fee from the cart's session, and that Jetpay opens in a new tab", () => {
    const html = renderToString(<JetpayPayButton store={store} cart={cartWithSession({ surcharge: 150 })} lang="en" data-testid="submit-order-button" />)
    expect(visible(html)).toBe(
      "By bank (EFT): no fee; you sign a pre-authorized debit agreement, your order is confirmed at once and the payment settles in 2 to 3 business days. " +
        "By card: Jetpay adds a card fee of $1.50. " +
        "Pay by bank or card (Jetpay) " +
        "Jetpay's secure page opens in a new tab. Keep this tab open: it shows your order as soon as you have paid."
    )
    expect(html).toMatch(/<button type="button" data-testid="submit-order-button">/)
  })

  it("reads in Canadian French, money as 1,50 $", () => {
    const html = renderToString(<JetpayPayButton store={store} cart={cartWithSession({ surcharge: 150 })} lang="fr-CA" />)
    expect(visible(html)).toContain("Par carte : Jetpay ajoute des frais de carte de 1,50 $.")
    expect(visible(html)).toContain("Payer par banque ou par carte (Jetpay)")
    expect(visible(html)).toContain("Par banque (TEF) : sans frais; vous signez un accord de débit préautorisé")
  })

  it("before a session exists, says a card fee applies without a figure; the store's wording wins; disabled when not ready", () => {
    const html = renderToString(
      <JetpayPayButton store={store} cart={{ id: "cart_01", currency_code: "cad" }} lang="en" disabled texts={{ payButton: "Place order" }} />
    )
    expect(visible(html)).toContain("By card: Jetpay adds a card fee, shown before you pay.")
    expect(visible(html)).toContain("Place order")
    expect(visible(html)).not.toContain("Pay by bank or card")
    expect(html).toMatch(/<button type="button" disabled="">/)
  })

  it("says no card fee when the store's session has none", () => {
    const html = renderToString(<JetpayPayButton store={store} cart={cartWithSession({ surcharge: 0 })} lang="en" />)
    expect(visible(html)).not.toMatch(/card fee/)
    expect(html).not.toContain('data-jetpay="card-surcharge"')
  })

  it("without a language renders English on the server (the browser's language comes after mounting)", () => {
    expect(visible(renderToString(<JetpayPayButton store={store} cart={cartWithSession()} />))).toContain("Pay by bank or card (Jetpay)")
  })
})

describe("JetpayReturn (server render)", () => {
  it("starts by checking the payment, in a live region, in either language", () => {
    const en = renderToString(<JetpayReturn store={store} cartId="cart_01" lang="en" />)
    expect(visible(en)).toBe("Checking your payment…")
    expect(en).toContain('role="status"')
    expect(en).toContain('data-jetpay-phase="checking"')
    expect(visible(renderToString(<JetpayReturn store={store} cartId="cart_01" lang="fr-CA" />))).toBe("Vérification de votre paiement…")
  })
})

describe("what the status says to the shopper", () => {
  const at = (state: string, order_id: string | null = null): JetpayPaymentStatus => ({ state, order_id, link: null, session_status: "pending" })
  it.each([
    [at("requested"), "We haven't received your payment yet.", "Nous n'avons pas encore reçu votre paiement."],
    [at("initiated"), "Jetpay has your payment. Your order is being confirmed…", "Jetpay a reçu votre paiement. Votre commande est en cours de confirmation…"],
    [at("paid"), "Jetpay has your payment. Your order is being confirmed…", "Jetpay a reçu votre paiement. Votre commande est en cours de confirmation…"],
    [at("initiated", "order_1"), "Your bank payment is authorized; it settles in 2 to 3 business days.", "Votre paiement bancaire est autorisé; il sera réglé d'ici 2 à 3 jours ouvrables."],
    [at("paid", "order_1"), "Your card payment is received.", "Votre paiement par carte est reçu."],
    [at("completed", "order_1"), "Order confirmed", "Commande confirmée"],
    [at("failed"), "Your payment didn't go through.", "Votre paiement n'a pas abouti."],
    [at("cancelled"), "Your payment was cancelled. Nothing was charged.", "Votre paiement a été annulé. Rien n'a été prélevé."],
    [null, "Checking your payment…", "Vérification de votre paiement…"],
  ])("%j", (status, english, french) => {
    expect(statusText(jetpayTexts("en"), status, null, null)).toBe(english)
    expect(statusText(jetpayTexts("fr-CA"), status, null, null)).toBe(french)
  })

  it("says how a watch gave up, and a failed call with the store's message", () => {
    const texts = jetpayTexts("en")
    expect(statusText(texts, at("requested"), { outcome: "timeout", status: at("requested") }, null)).toBe(texts.timeout)
    expect(statusText(texts, null, { outcome: "not_found" }, null)).toBe("We could not find a Jetpay payment for this cart.")
    expect(statusText(texts, null, { outcome: "unavailable", error: new Error("x") }, null)).toBe(texts.unavailable)
    expect(statusText(texts, null, null, new Error("Jetpay cannot be reached right now"))).toBe("Something went wrong: Jetpay cannot be reached right now")
    expect(settledText(jetpayTexts("fr-CA"), "failed")).toBe("Votre banque a retourné le paiement après la commande. La boutique communiquera avec vous.")
  })

  it("has every text in both languages, and the store's wording over them", () => {
    expect(Object.keys(JETPAY_TEXTS["fr-CA"]).sort()).toEqual(Object.keys(JETPAY_TEXTS.en).sort())
    for (const text of Object.values(JETPAY_TEXTS["fr-CA"])) expect(text.trim()).not.toBe("")
    expect(jetpayTexts("fr-CA", { tryAgain: "Payer de nouveau", waiting: undefined })).toMatchObject({ tryAgain: "Payer de nouveau", waiting: JETPAY_TEXTS["fr-CA"].waiting })
    expect(formatJetpayMoney(123456, "en")).toBe("$1,234.56")
    expect(formatJetpayMoney(123456, "fr-CA").replace(/[\u00a0\u202f]/g, " ")).toBe("1 234,56 $")
  })
})

describe("onOrder", () => {
  it("is told the order id; its failure becomes the message shown, a Next.js redirect is none", async () => {
    const told: string[] = []
    expect(await runOnOrder(async (id) => void told.push(id), "order_1")).toBeNull()
    expect(told).toEqual(["order_1"])
    expect(await runOnOrder(undefined, "order_1")).toBeNull()
    expect(await runOnOrder(() => Promise.reject(new Error("Cart is already completed")), "order_1")).toBe("Cart is already completed")
    const redirect = Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/ca/order/order_1/confirmed;307;" })
    expect(await runOnOrder(() => { throw redirect }, "order_1")).toBeNull()
  })
})

describe("the order page's payment method", () => {
  it("is an entry titled Jetpay with an icon, for the default provider or the store's own ids", () => {
    const entries = jetpayPaymentInfo()
    expect(Object.keys(entries)).toEqual(["pp_jetpay_jetpay"])
    expect(entries.pp_jetpay_jetpay.title).toBe("Jetpay")
    expect(renderToString(entries.pp_jetpay_jetpay.icon)).toMatch(/^<svg [^>]*role="img" aria-label="Jetpay"/)
    const own = jetpayPaymentInfo({ providerIds: ["pp_jetpay_ca", "pp_jetpay_us"], title: "Bank or card (Jetpay)" })
    expect(Object.entries(own).map(([id, entry]) => [id, entry.title])).toEqual([
      ["pp_jetpay_ca", "Bank or card (Jetpay)"],
      ["pp_jetpay_us", "Bank or card (Jetpay)"],
    ])
  })

  it.each([
    ["pp_jetpay_jetpay", [], true],
    ["pp_jetpay_ca", [], true],
    ["pp_jetpay_", [], false],
    ["pp_stripe_stripe", [], false],
    ["pp_system_default", [], false],
    ["pp_bank_transfer", ["pp_bank_transfer"], true],
    [undefined, [], false],
    [null, [], false],
  ] as const)("isJetpayProvider(%j, %j) is %s", (id, configured, expected) => {
    expect(isJetpayProvider(id, configured)).toBe(expected)
  })
})

describe("Next.js App Router modules", () => {
  const root = path.resolve(__dirname, "..")
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? (entry.name === "__tests__" ? [] : files(path.join(dir, entry.name))) : /\.tsx?$/.test(entry.name) ? [path.join(dir, entry.name)] : []
    )

  it("every file using React state or effects is a client module (\"use client\" first); the rest can run in server components", () => {
    const wrong = files(root).flatMap((file) => {
      const text = fs.readFileSync(file, "utf8")
      const client = text.startsWith('"use client"')
      const needsClient = /\buse(State|Effect|Ref|Callback)\b/.test(text)
      return needsClient === client ? [] : [`${path.relative(root, file)}: ${client ? "needless" : "missing"} "use client"`]
    })
    expect(wrong).toEqual([])
  })
})
