import { execFileSync } from "node:child_process"
import { mkdirSync } from "node:fs"
import path from "node:path"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { JETPAY_TEXTS } from "../../src/storefront/texts"
import { ROOT, eventually, ordersOfDemoCart, type DemoProcess } from "./demo-process"
import { launchChromium } from "./launch-chromium"

/**
 * The demo as a shopper meets it: the Next.js storefront (demo/storefront), whose Jetpay checkout
 * is the kit medusa-payment-jetpay/storefront, in a real Chromium (launch-chromium.ts), with
 * Jetpay's hosted page (the sandbox's) in the new tab the pay button opens. The orders are made by
 * Jetpay's webhook; the checkout tab and the return page only read the plugin's status route.
 */
const SCREENSHOTS = path.join(ROOT, "test-output/screenshots/storefront")
/** The sandbox's default card surcharge: 3.5 %, in parts per thousand for integer math. */
const SURCHARGE_PER_MILLE = 35
const EN = JETPAY_TEXTS.en
const FR = JETPAY_TEXTS["fr-CA"]

let demo: DemoProcess | undefined
let browser: Browser | undefined

/** The shopper's checks, on the demo that `getDemo` returns once it runs (demo.spec.ts). */
export function shopperChecks(getDemo: () => DemoProcess) {
beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  demo = getDemo()
  browser = (await launchChromium()).browser
}, 60_000)

afterAll(async () => {
  await browser?.close()
}, 60_000)

it("in English, a shopper pays by bank (EFT) on Jetpay's page in a new tab; the checkout tab shows the order, paid with Jetpay", async () => {
  const { info } = demo!
  const { context, page } = await newPage("en-CA")
  const shot = screenshots(page, "eft-en")

  // An English browser lands on the English shop.
  await page.goto(info.storefrontUrl)
  await page.waitForURL(`${info.storefrontUrl}/en`)
  await page.locator("#product-maple-syrup").waitFor()
  await shot("01-shop")
  await page.click("#add-to-cart-maple-syrup")
  await expectText(page, "#cart-count", "1")
  await page.getByRole("button", { name: "Continue to payment" }).click()
  const pay = page.getByRole("button", { name: EN.payButton })
  await pay.waitFor()
  await expect(page.locator("#payment").textContent()).resolves.toContain(EN.eftNote)
  await shot("02-payment")
  const cartId = await rememberedCartId(page)
  const totalCents = await cartTotalCents(cartId)
  expect(totalCents).toBe(2499)

  // Jetpay's page opens in a new tab; this one stays and waits.
  const [jetpay] = await Promise.all([context.waitForEvent("page"), pay.click()])
  await jetpay.waitForURL(`${info.sandboxUrl}/payment/pay/**`)
  await expectText(jetpay, "#amount", cad(totalCents))
  await shot("03-checkout-tab-waiting")
  await jetpay.check("#pad-accepted")
  await jetpay.click("#pay-eft")
  await expectText(jetpay, "#result", "Payment received")
  await jetpay.screenshot({ path: path.join(SCREENSHOTS, "eft-en-04-jetpay-paid.png"), fullPage: true })

  // The webhook makes the order; the checkout tab sees it and shows its page.
  const orderId = await eventually(async () => (await ordersOfCart(cartId))[0], "the order made by the webhook")
  await page.waitForURL(`${info.storefrontUrl}/en/order/${orderId}`, { timeout: 30_000 })
  await expectText(page, "h1", "Order confirmed")
  await expectText(page, "#order-id", orderId)
  await expectText(page, "#payment-method-title", "Jetpay")
  await expectText(page, "#payment-state", "initiated")
  await expect(page.textContent("#payment-note")).resolves.toMatch(/bank payment is authorized/)
  await expectText(page, "#order-total", "$24.99")
  await shot("05-order-confirmed")

  expect(await ordersOfCart(cartId)).toEqual([orderId])
  await expectPlacedOrder(orderId, totalCents, "eft")
  await context.close()
})

it("in French, the pay button shows Jetpay's card fee; paid by card in the new tab, the order page says Jetpay and what the card was charged", async () => {
  const { info } = demo!
  const { context, page } = await newPage("fr-CA")
  const shot = screenshots(page, "card-fr")

  // A French browser lands on the French shop.
  await page.goto(info.storefrontUrl)
  await page.waitForURL(`${info.storefrontUrl}/fr`)
  await page.click("#add-to-cart-wool-toque")
  await expectText(page, "#cart-count", "1")
  await page.click("#add-to-cart-wool-toque")
  await expectText(page, "#cart-count", "2")
  await expect(page.inputValue('select[name="province"]')).resolves.toBe("QC")
  await page.getByRole("button", { name: "Continuer vers le paiement" }).click()
  const pay = page.getByRole("button", { name: FR.payButton })
  await pay.waitFor()
  // Before a payment exists, its fee is not known yet.
  await expect(page.locator("#payment").textContent()).resolves.toContain(FR.cardSurchargeUnknown)
  const cartId = await rememberedCartId(page)
  const totalCents = await cartTotalCents(cartId)
  expect(totalCents).toBe(6800) // two toques at $34.00
  // 3.5 % of the total, rounded half up, on top of it.
  const surchargeCents = Math.floor((totalCents * SURCHARGE_PER_MILLE + 500) / 1000)
  expect(surchargeCents).toBe(238)

  const [jetpay] = await Promise.all([context.waitForEvent("page"), pay.click()])
  await jetpay.waitForURL(`${info.sandboxUrl}/payment/pay/**`)
  // The checkout tab now shows the store's figure for the fee, and Jetpay's page the same.
  const cardFee = FR.cardSurcharge.replace("{surcharge}", "2,38\u00a0$")
  await eventually(async () => ((await page.locator("#payment").textContent())?.includes(cardFee) ? true : undefined), `"${cardFee}"`, 20_000)
  await shot("01-checkout-tab-with-card-fee")
  await expectText(jetpay, "#amount", cad(totalCents))
  await expectText(jetpay, "#surcharge", cad(surchargeCents))
  await expectText(jetpay, "#total", cad(totalCents + surchargeCents))
  await jetpay.screenshot({ path: path.join(SCREENSHOTS, "card-fr-02-jetpay-page-with-surcharge.png"), fullPage: true })
  await jetpay.click("#pay-card")
  await expectText(jetpay, "#result", "Payment received")

  const orderId = await eventually(async () => (await ordersOfCart(cartId))[0], "the order made by the webhook")
  await page.waitForURL(`${info.storefrontUrl}/fr/order/${orderId}`, { timeout: 30_000 })
  await expectText(page, "h1", "Commande confirmée")
  await expect(page.textContent("#payment-method")).resolves.toMatch(/^Mode de paiement\s+Jetpay$/)
  await expectText(page, "#payment-state", "paid")
  await expectText(
    page,
    "#payment-note",
    "Votre paiement par carte est accepté. Jetpay a débité 70,38\u00a0$ de votre carte\u00a0: les 68,00\u00a0$ de la commande plus 2,38\u00a0$ de frais de carte."
  )
  await expectText(page, "#order-total", "68,00\u00a0$")
  await shot("03-order-confirmed")

  expect(await ordersOfCart(cartId)).toEqual([orderId])
  await expectPlacedOrder(orderId, totalCents, "card")
  await context.close()
})

it("a shopper who closes the shop's tab and never comes back still gets the order (the webhook's); the return address with the cart id, opened later elsewhere, shows it", async () => {
  const { info } = demo!
  const first = await newPage("en-CA")
  await first.page.goto(`${info.storefrontUrl}/en`)
  await first.page.click("#add-to-cart-canoe-paddle")
  await expectText(first.page, "#cart-count", "1")
  await first.page.getByRole("button", { name: "Continue to payment" }).click()
  const cartId = await rememberedCartId(first.page)
  const [jetpay] = await Promise.all([first.context.waitForEvent("page"), first.page.getByRole("button", { name: EN.payButton }).click()])
  await jetpay.waitForURL(`${info.sandboxUrl}/payment/pay/**`)
  // The shop links to the payment's return page, the cart id in its address.
  await expect(first.page.getAttribute("#pending-payment-link", "href", { timeout: 20_000 })).resolves.toBe(
    `/en/jetpay/return?cart_id=${encodeURIComponent(cartId)}`
  )
  // Nobody watches any more: the shop's tab is gone before the payment.
  await first.page.close()

  // Its return page, opened in another browser before the payment: waiting, with the way back to Jetpay's page.
  const early = await newPage("fr-CA")
  await early.page.goto(`${info.storefrontUrl}/fr/jetpay/return?cart_id=${encodeURIComponent(cartId)}`)
  await expectText(early.page, "[data-jetpay=status]", FR.waiting)
  await expect(early.page.getByRole("link", { name: FR.openPaymentPage }).getAttribute("href")).resolves.toBe(jetpay.url())
  await early.page.screenshot({ path: path.join(SCREENSHOTS, "later-fr-01-return-page-waiting.png"), fullPage: true })
  await early.context.close()

  await jetpay.click("#pay-card")
  await expectText(jetpay, "#result", "Payment received")
  await first.context.close()

  const orderId = await eventually(async () => (await ordersOfCart(cartId))[0], "the order made by the webhook")
  await expectPlacedOrder(orderId, 12900, "card") // one paddle at $129.00

  // Later, in another browser (no storage of the shop's): the link with the cart id, in French.
  const later = await newPage("fr-CA")
  await later.page.goto(`${info.storefrontUrl}/fr/jetpay/return?cart_id=${encodeURIComponent(cartId)}`)
  await later.page.waitForURL(`${info.storefrontUrl}/fr/order/${orderId}`, { timeout: 30_000 })
  await expectText(later.page, "#order-id", orderId)
  await expectText(later.page, "#payment-method-title", "Jetpay")
  await expectText(later.page, "#order-total", "129,00\u00a0$")
  await later.page.screenshot({ path: path.join(SCREENSHOTS, "later-fr-02-order-from-return-link.png"), fullPage: true })
  await later.context.close()
})

}

/** Ctrl-C on the demo: it exits 0 and nothing it started is left running. Run last. */
export function ctrlCStopsEverything(getDemo: () => DemoProcess, dataDir: string) {
it("Ctrl-C stops the demo and every process it started", async () => {
  const demo = getDemo()
  const { info } = demo
  const ports = [info.storefrontUrl, info.medusaUrl, info.sandboxUrl].map((url) => new URL(url).port)
  const code = await demo!.interrupt()
  expect(code).toBe(0)
  for (const url of [info.storefrontUrl, `${info.medusaUrl}/health`, info.sandboxUrl]) {
    await expect(fetch(url)).rejects.toThrow()
  }
  // Nothing left that runs on the demo's ports or its data folder.
  const processes = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line.includes(dataDir) || ports.some((port) => line.includes(`--port ${port}`)))
  expect(processes).toEqual([])
})
}

/** A new browser (its own storage) whose language is `locale`. */
async function newPage(locale: "en-CA" | "fr-CA"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser!.newContext({ viewport: { width: 1200, height: 860 }, locale })
  return { context, page: await context.newPage() }
}

function screenshots(page: Page, prefix: string) {
  return (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${prefix}-${name}.png`), fullPage: true })
}

async function expectText(page: Page, selector: string, text: string) {
  await page.waitForFunction(
    ([selector, text]) => document.querySelector(selector)?.textContent?.trim() === text,
    [selector, text] as const,
    { timeout: 20_000 }
  ).catch(async () => {
    throw new Error(`${selector} shows "${await page.textContent(selector).catch(() => "(missing)")}", not "${text}"`)
  })
}

/** The cart the storefront keeps in localStorage (the key of demo/storefront/lib/cart.ts). */
async function rememberedCartId(page: Page): Promise<string> {
  const id = await page.evaluate(() => localStorage.getItem("jetpay-demo.cart-id"))
  if (!id) throw new Error("the storefront remembers no cart")
  return id
}

/** The cart total in cents, from the Store API as the storefront sees it. */
async function cartTotalCents(cartId: string): Promise<number> {
  const { info } = demo!
  const response = await fetch(`${info.medusaUrl}/store/carts/${cartId}?fields=total`, {
    headers: { "x-publishable-api-key": info.publishableKey },
  })
  const { cart } = (await response.json()) as { cart: { total: number } }
  return Math.round(cart.total * 100)
}

/** The sandbox's way of showing money: "$1,234.56 CAD". */
function cad(cents: number): string {
  const dollars = Math.floor(cents / 100).toLocaleString("en-US")
  return `$${dollars}.${String(cents % 100).padStart(2, "0")} CAD`
}

const ordersOfCart = (cartId: string) => ordersOfDemoCart(demo!.info.databaseUrl, cartId)

/**
 * What the merchant sees in the admin: a card payment authorized for the cart total; an EFT's
 * payment awaiting its settlement (Medusa's pending_authorization, no payment authorized yet).
 */
async function expectPlacedOrder(orderId: string, totalCents: number, method: "eft" | "card") {
  const { info } = demo!
  const login = await fetch(`${info.medusaUrl}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(info.admin),
  })
  const { token } = (await login.json()) as { token: string }
  const response = await fetch(
    `${info.medusaUrl}/admin/orders/${orderId}?fields=id,payment_status,total,*payment_collections.payments,*payment_collections.payment_sessions`,
    { headers: { authorization: `Bearer ${token}` } }
  )
  const { order } = (await response.json()) as {
    order: {
      payment_status: string
      total: number
      payment_collections: Array<{
        payments: Array<{ amount: number; provider_id: string; canceled_at: string | null }>
        payment_sessions: Array<{ status: string; amount: number }>
      }>
    }
  }
  expect(Math.round(order.total * 100)).toBe(totalCents)
  if (method === "eft") {
    expect(order.payment_status).toBe("awaiting")
    expect(order.payment_collections.flatMap((collection) => collection.payments)).toEqual([])
    const sessions = order.payment_collections.flatMap((collection) => collection.payment_sessions)
    expect(sessions.map((session) => session.status)).toEqual(["pending_authorization"])
    expect(Math.round(Number(sessions[0].amount) * 100)).toBe(totalCents)
    return
  }
  expect(order.payment_status).toBe("authorized")
  const payments = order.payment_collections.flatMap((collection) => collection.payments)
  expect(payments).toHaveLength(1)
  expect(payments[0]).toMatchObject({ provider_id: "pp_jetpay_jetpay", canceled_at: null })
  expect(Math.round(Number(payments[0].amount) * 100)).toBe(totalCents)
}

