import { execFileSync } from "node:child_process"
import { mkdirSync } from "node:fs"
import path from "node:path"
import pg from "pg"
import type { Browser, Page } from "playwright-core"
import { ROOT, eventually, type DemoProcess } from "./demo-process"
import { launchChromium } from "./launch-chromium"

/**
 * The demo as a shopper meets it: `npm run demo` on free ports with a new embedded
 * database, and a real Chromium (launch-chromium.ts) driving the storefront, Jetpay's hosted page (the
 * sandbox's) and the return page. The orders are made by Jetpay's webhook; the
 * storefront only polls the plugin's status route.
 */
const SCREENSHOTS = path.join(ROOT, "test-output/screenshots/storefront")
/** The sandbox's default card surcharge: 3.5 %, in parts per thousand for integer math. */
const SURCHARGE_PER_MILLE = 35

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

it("a shopper pays by bank (EFT) on Jetpay's page and comes back to a confirmed order", async () => {
  const { info } = demo!
  const page = await newPage()
  const shot = screenshots(page, "eft")

  await page.goto(info.storefrontUrl)
  await page.locator("#product-maple-syrup").waitFor()
  await shot("01-shop")
  await page.click("#add-to-cart-maple-syrup")
  await expectText(page, "#cart-count", "1")
  await shot("02-cart")
  await page.click("#checkout")
  await page.locator("#pay-jetpay").waitFor()
  await shot("03-payment")
  const cartId = await rememberedCartId(page)
  const totalCents = await cartTotalCents(cartId)

  await Promise.all([page.waitForURL(`${info.sandboxUrl}/payment/pay/**`), page.click("#pay-jetpay")])
  await expectText(page, "#amount", cad(totalCents))
  await shot("04-jetpay-page")
  await page.check("#pad-accepted")
  await page.click("#pay-eft")
  await expectText(page, "#result", "Payment received")
  await shot("05-jetpay-paid")

  // The webhook makes the order while the shopper is still on Jetpay's page.
  const orderId = await eventually(async () => (await ordersOfCart(cartId))[0], "the order made by the webhook")

  await page.goto(info.storefrontUrl)
  await page.locator("#pending-payment").waitFor()
  await shot("06-back-in-the-shop")
  await page.click("#pending-payment-link")
  await page.locator("#order-confirmed").waitFor()
  await expectText(page, "#order-id", orderId)
  await expectText(page, "#payment-state", "initiated")
  await expect(page.locator("#payment-note").textContent()).resolves.toMatch(/bank payment is authorized/)
  await expectText(page, "#order-total", "$24.99")
  await shot("07-order-confirmed")

  expect(await ordersOfCart(cartId)).toEqual([orderId])
  await expectPlacedOrder(orderId, totalCents, "eft")
})

it("a shopper paying by card sees Jetpay's surcharge on the payment page, and the order is confirmed", async () => {
  const { info } = demo!
  const page = await newPage()
  const shot = screenshots(page, "card")

  await page.goto(info.storefrontUrl)
  await page.click("#add-to-cart-wool-toque")
  await expectText(page, "#cart-count", "1")
  await page.click("#add-to-cart-wool-toque")
  await expectText(page, "#cart-count", "2")
  await page.fill('input[name="email"]', "camille.roy@example.com")
  await page.fill('input[name="first_name"]', "Camille")
  await page.fill('input[name="last_name"]', "Roy")
  await shot("01-cart")
  await page.click("#checkout")
  await page.locator("#pay-jetpay").waitFor()
  const cartId = await rememberedCartId(page)
  const totalCents = await cartTotalCents(cartId)
  expect(totalCents).toBe(6800) // two toques at $34.00

  await Promise.all([page.waitForURL(`${info.sandboxUrl}/payment/pay/**`), page.click("#pay-jetpay")])
  // 3.5 % of the total, rounded half up, on top of it.
  const surchargeCents = Math.floor((totalCents * SURCHARGE_PER_MILLE + 500) / 1000)
  await expectText(page, "#amount", cad(totalCents))
  await expectText(page, "#surcharge", cad(surchargeCents))
  await expectText(page, "#total", cad(totalCents + surchargeCents))
  expect([await page.textContent("#surcharge"), await page.textContent("#total")]).toEqual(["$2.38 CAD", "$70.38 CAD"])
  await shot("02-jetpay-page-with-surcharge")
  await page.click("#pay-card")
  await expectText(page, "#result", "Payment received")
  await shot("03-jetpay-paid")

  // Straight to the return page, as from a bookmark or the shop's banner.
  await page.goto(`${info.storefrontUrl}/return`)
  await page.locator("#order-confirmed").waitFor()
  await expectText(page, "#payment-state", "paid")
  await expectText(
    page,
    "#payment-note",
    "Your card payment went through. Jetpay charged your card $70.38: the order's $68.00 plus its $2.38 card surcharge."
  )
  const orderId = (await page.textContent("#order-id"))!
  expect(orderId).toMatch(/^order_/)
  await shot("04-order-confirmed")

  expect(await ordersOfCart(cartId)).toEqual([orderId])
  await expectPlacedOrder(orderId, totalCents, "card")
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

async function newPage(): Promise<Page> {
  const context = await browser!.newContext({ viewport: { width: 1200, height: 860 } })
  return context.newPage()
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

/** The cart the storefront keeps in localStorage (the same key its code uses). */
function rememberedCartId(page: Page): Promise<string> {
  return page.evaluate(() => localStorage.getItem("jetpay-demo.cart-id")!)
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

/** The orders Medusa made from a cart (its order_cart links), from the demo's database. */
async function ordersOfCart(cartId: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: demo!.info.databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query(
      "select order_id from order_cart where cart_id = $1 and deleted_at is null order by order_id",
      [cartId]
    )
    return rows.map((row: { order_id: string }) => row.order_id)
  } finally {
    await client.end()
  }
}

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

