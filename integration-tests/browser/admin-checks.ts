import { mkdirSync, readFileSync } from "node:fs"
import path from "node:path"
import type { Browser, Page } from "playwright-core"
import { ROOT, demoRows, eventually, ordersOfDemoCart, type DemoProcess } from "./demo-process"
import { launchChromium } from "./launch-chromium"
import enTexts from "../../src/admin/i18n/json/en.json"
import frTexts from "../../src/admin/i18n/json/fr.json"

/**
 * The merchant's side of the demo in a real browser: the built Medusa dashboard with the
 * plugin's widget and settings page, a real Chromium (launch-chromium.ts), the demo's sandbox and database.
 * The order is paid and settled through the Store API and the sandbox (the storefront's
 * own test drives those pages); everything the merchant does here is clicks.
 */
const SCREENSHOTS = path.join(ROOT, "test-output/screenshots/admin")
let demo: DemoProcess | undefined
let browser: Browser | undefined
let page: Page

/** The merchant's checks, on the demo (with its admin) that `getDemo` returns once it runs (demo.spec.ts). */
export function merchantChecks(getDemo: () => DemoProcess) {
beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  demo = getDemo()
  browser = (await launchChromium()).browser
  page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage()
  await logIn(page)
}, 120_000)

afterAll(async () => {
  await browser?.close()
}, 60_000)

it("shows a settled Jetpay order with its webhook timeline, and the credit of a partial refund made in Medusa's form", async () => {
  const { orderId, transactionId } = await settledOrder()

  await page.goto(`${demo!.info.adminUrl}/orders/${orderId}`)
  const widget = page.getByTestId("jetpay-widget")
  await widget.waitFor()
  await expectText(page.getByTestId("jetpay-state"), "Settled")
  await expectText(page.getByTestId("jetpay-amount"), "$49.98")
  await expect(widget.textContent()).resolves.toContain(transactionId)
  const timeline = page.getByTestId("jetpay-timeline")
  await expect(timeline.locator("li").allTextContents()).resolves.toEqual([
    expect.stringMatching(/^Payment requested.*debit created.*applied/),
    expect.stringMatching(/^Payment initiated.*applied/),
    expect.stringMatching(/^Payment completed.*applied/),
  ])
  await expect(page.getByTestId("jetpay-cancel").count()).resolves.toBe(0) // paid: nothing to cancel
  await widget.screenshot({ path: path.join(SCREENSHOTS, "01-widget-settled.png") })
  await page.screenshot({ path: path.join(SCREENSHOTS, "01-order-settled.png") })

  // Medusa's own Refund form, from the payment's menu.
  const payments = page.locator("div.shadow-elevation-card-rest", { has: page.locator("h2", { hasText: /^Payments$/ }) })
  await payments.locator('button[aria-haspopup="menu"]').first().click()
  await page.getByRole("menuitem", { name: "Refund" }).click()
  const amount = page.locator('input[name="amount"]')
  await amount.waitFor()
  await amount.fill("10")
  await page.waitForTimeout(500) // the drawer's slide-in, for a readable screenshot only
  await page.screenshot({ path: path.join(SCREENSHOTS, "02-refund-form.png") })
  await page.getByRole("button", { name: "Save" }).click()

  // The widget follows the order without a click: the credit and its payee link.
  const refund = page.getByTestId("jetpay-refund-0")
  await refund.waitFor({ timeout: 20_000 })
  await expectText(page.getByTestId("jetpay-state"), "Partially refunded")
  await expect(refund.textContent()).resolves.toMatch(/^\$10\.00Waiting for the payee's bank details/)
  const payeeLink = await page.getByTestId("jetpay-refund-link-0").locator("a").getAttribute("href")
  expect(payeeLink).toMatch(new RegExp(`^${demo!.info.sandboxUrl}/payment/receive/`))
  await expect(page.getByTestId("jetpay-refund-1").count()).resolves.toBe(0)
  await widget.screenshot({ path: path.join(SCREENSHOTS, "03-widget-partially-refunded.png") })

  // The credit Jetpay holds is for $10.00, to the payer's contact.
  const creditId = payeeLink!.split("/").pop()!
  const credit = (await (await fetch(`${demo!.info.sandboxUrl}/_sandbox/transactions/${creditId}`)).json()) as { kind: string; amount: number }
  expect(credit).toMatchObject({ kind: "credit", amount: 1000 })

  // The refund emailed the customer its link (the demo's email log); the widget says it is unclaimed, and Resend sends it again.
  await eventually(async () => ((await refundEmailsSent(creditId)) === 1 ? true : undefined), "the refund's email", 20_000)
  await expectText(page.getByTestId("jetpay-refund-unclaimed-0"), expect.stringMatching(/^Unclaimed since .*: the customer has not entered a bank account yet\.$/))
  await page.getByTestId("jetpay-refund-resend-0").click()
  await expectText(page.getByTestId("jetpay-refund-emails-0"), expect.stringMatching(/^Refund emails sent: 2 · Last sent /))
  await widget.screenshot({ path: path.join(SCREENSHOTS, "03b-widget-refund-unclaimed-resent.png") })

  // The payee enters their bank details; Refresh shows the credit paying out.
  await fetch(`${demo!.info.sandboxUrl}/_sandbox/transactions/${creditId}/pay`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })
  await page.getByTestId("jetpay-refresh").click()
  await expectText(page.getByTestId("jetpay-refund-state-0"), "Paying out")
  await expectText(page.getByTestId("jetpay-refund-claimed-0"), "Claimed: the customer entered a bank account.")
  await expect(page.getByTestId("jetpay-refund-resend-0").count()).resolves.toBe(0)
  await widget.screenshot({ path: path.join(SCREENSHOTS, "04-widget-refund-paying-out.png") })
})

it("a payment that failed after its order was made: the widget says why and not to ship; Needs attention lists it until the order is canceled", async () => {
  const { orderId } = await paidOrder({ outcome: { state: "failed", fail_reason: "account_frozen" } })

  await page.goto(`${demo!.info.adminUrl}/orders/${orderId}`)
  await page.getByTestId("jetpay-widget").waitFor()
  await expectText(page.getByTestId("jetpay-failure-reason"), expect.stringMatching(/^The bank refused the debit: account frozen/i))
  await expectText(page.getByTestId("jetpay-failure-advice"), "Do not ship; contact the customer.")
  await page.getByTestId("jetpay-widget").screenshot({ path: path.join(SCREENSHOTS, "07-widget-failed.png") })

  await page.goto(`${demo!.info.adminUrl}/settings`)
  await page.getByRole("link", { name: "Jetpay" }).click()
  const item = page.getByTestId("jetpay-attention-failed_debit").filter({ hasText: orderId })
  await item.waitFor({ timeout: 20_000 })
  await page.screenshot({ path: path.join(SCREENSHOTS, "08-needs-attention.png") })
  await item.getByTestId("jetpay-attention-action-cancel_order").click()
  // Canceling an order asks first.
  await page.getByRole("button", { name: "Cancel the order" }).last().click()
  await expect(item.waitFor({ state: "detached", timeout: 20_000 })).resolves.toBeUndefined()

  const { token } = await (await fetch(`${demo!.info.medusaUrl}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(demo!.info.admin),
  })).json() as { token: string }
  const { order } = await (await fetch(`${demo!.info.medusaUrl}/admin/orders/${orderId}?fields=status`, {
    headers: { authorization: `Bearer ${token}` },
  })).json() as { order: { status: string } }
  expect(order.status).toBe("canceled")
})

it("shows the webhook registered on the Jetpay settings page, and its button changes nothing when all is well", async () => {
  await page.goto(`${demo!.info.adminUrl}/settings`)
  await page.getByRole("link", { name: "Jetpay" }).click()
  await page.getByTestId("jetpay-health").waitFor()
  await expect(page.getByTestId("jetpay-api-status").textContent()).resolves.toMatch(/Accepted/)
  const webhook = page.getByTestId("jetpay-webhook-status")
  await expect(webhook.textContent()).resolves.toMatch(new RegExp(`Registered.*${escape(new URL(demo!.info.medusaUrl).port)}/hooks/jetpay`))
  await expect(page.getByTestId("jetpay-last-event").textContent()).resolves.not.toMatch(/Never/)
  await page.screenshot({ path: path.join(SCREENSHOTS, "05-settings.png") })

  await page.getByTestId("jetpay-register-webhook").click()
  await expectText(page.getByTestId("jetpay-register-result"), expect.stringMatching(/^Webhook already registered: nothing to change \(http.*\/hooks\/jetpay\)$/))
  await page.screenshot({ path: path.join(SCREENSHOTS, "06-settings-checked.png") })
})

it("lists a paid order's Jetpay payment under Settings → Jetpay → Transactions, with its order, customer and amounts, and exports the rows as CSV", async () => {
  const { orderId, transactionId } = await settledOrder()

  await page.goto(`${demo!.info.adminUrl}/settings/jetpay`)
  await page.getByTestId("jetpay-transactions").waitFor()
  const row = page.locator(`[data-testid="jetpay-transaction-row"][data-transaction-id="${transactionId}"]`)
  // The newest first: the order just paid is on the first page before any search.
  await row.waitFor({ timeout: 20_000 })
  await page.getByTestId("jetpay-transactions-search").fill(transactionId)
  await eventually(async () => (await page.getByTestId("jetpay-transaction-row").count()) === 1 || undefined, "the list narrowed to the search")
  await expect(row.textContent()).resolves.toMatch(/#\d+.*marie\.tremblay@example\.com.*Payment.*Bank \(EFT\).*Settled\$49\.98\$0\.00\$49\.98/)
  await expect(row.getByTestId("jetpay-transaction-order").getAttribute("href")).resolves.toMatch(new RegExp(`/orders/${orderId}$`))
  await page.getByTestId("jetpay-transactions-section").screenshot({ path: path.join(SCREENSHOTS, "06b-transactions.png") })

  const exportButton = page.getByTestId("jetpay-transactions-export")
  await expectText(exportButton, "Export CSV")
  const [download] = await Promise.all([page.waitForEvent("download"), exportButton.click()])
  expect(download.suggestedFilename()).toMatch(/^jetpay-transactions-\d{4}-\d\d-\d\d\.csv$/)
  const file = await download.path()
  const lines = readFileSync(file!, "utf8").replace(/^\uFEFF/, "").trim().split("\r\n")
  expect(lines).toHaveLength(2)
  expect(lines[1]).toMatch(new RegExp(`^${transactionId},debit,completed,Settled,eft,\\d+,${orderId},.*,CAD,49\\.98,0\\.00,49\\.98,`))
})

it("in French: the widget and the settings page follow the admin's language; a payment request for an order edit's difference shows its link", async () => {
  const { orderId } = await settledOrder()
  await editOrderAddingOneSyrup(orderId)

  // The admin's language, stored where its language picker (Profile → Language) stores it.
  await page.goto(`${demo!.info.adminUrl}/orders/${orderId}`)
  await page.evaluate(() => {
    localStorage.setItem("lng", "fr")
    document.cookie = "lng=fr; path=/"
  })
  await page.reload()
  const widget = page.getByTestId("jetpay-widget")
  await widget.waitFor()
  await expectText(page.getByTestId("jetpay-state"), "Réglé")
  await expectText(page.getByTestId("jetpay-amount"), "49,98\u00a0$")
  await expectText(page.getByTestId("jetpay-outstanding-amount"), "24,99\u00a0$")
  await expect(widget.textContent()).resolves.toContain("Solde à payer")
  const request = page.getByTestId("jetpay-request-payment")
  await expectText(request, "Demander le paiement avec Jetpay")
  await widget.screenshot({ path: path.join(SCREENSHOTS, "07-widget-fr-outstanding.png") })

  await request.click()
  const item = page.getByTestId("jetpay-payment-request-0")
  await item.waitFor({ timeout: 30_000 })
  await expectText(page.getByTestId("jetpay-payment-request-status-0"), "En attente du paiement")
  await expectText(page.getByTestId("jetpay-payment-request-amount-0"), "24,99\u00a0$")
  const link = await page.getByTestId("jetpay-payment-request-link-0").locator("a").getAttribute("href")
  expect(link).toMatch(new RegExp(`^${escape(demo!.info.sandboxUrl)}/payment/pay/`))
  await expect(item.textContent()).resolves.toMatch(/Envoyée à marie\.tremblay@example\.com le .*\(Français\)/)
  // Open and for exactly the difference: no second request for it.
  await expect(page.getByTestId("jetpay-request-payment").count()).resolves.toBe(0)
  const debitId = link!.split("/").pop()!
  const debit = (await (await fetch(`${demo!.info.sandboxUrl}/_sandbox/transactions/${debitId}`)).json()) as { amount: number; state: string }
  expect(debit).toMatchObject({ amount: 2499, state: "requested" })
  await widget.screenshot({ path: path.join(SCREENSHOTS, "08-widget-fr-payment-request.png") })

  // Settings → Jetpay, in French too.
  await page.goto(`${demo!.info.adminUrl}/settings/jetpay`)
  await page.getByTestId("jetpay-health").waitFor()
  await expect(page.getByTestId("jetpay-api-status").textContent()).resolves.toMatch(/^Jeton d'API\s*Accepté/)
  await expect(page.getByTestId("jetpay-webhook-status").textContent()).resolves.toMatch(/^Webhook\s*Enregistré/)
  await expect(page.getByTestId("jetpay-last-event").textContent()).resolves.toMatch(/^Dernier événement reçu/)
  await page.getByTestId("jetpay-register-webhook").click()
  await expectText(page.getByTestId("jetpay-register-result"), expect.stringMatching(/^Webhook déjà enregistré : rien à changer \(http.*\/hooks\/jetpay\)$/))
  await page.screenshot({ path: path.join(SCREENSHOTS, "09-settings-fr.png") })

  await page.evaluate(() => {
    localStorage.setItem("lng", "en")
    document.cookie = "lng=en; path=/"
  })
})

it("in French, chosen on the admin's profile: a paid order's widget shows no English word of its own, and the email-language select reads whole in both languages", async () => {
  const { orderId, transactionId } = await settledOrder()
  await editOrderAddingOneSyrup(orderId)
  await chooseLanguage("Français", "fr")
  try {
    await page.goto(`${demo!.info.adminUrl}/orders/${orderId}`)
    const widget = page.getByTestId("jetpay-widget")
    await widget.waitFor()
    await expectText(page.getByTestId("jetpay-state"), "Réglé")
    await expectText(page.getByTestId("jetpay-request-language"), "La langue du client")
    await expect(page.getByTestId("jetpay-timeline").locator("li").allTextContents()).resolves.toEqual([
      expect.stringMatching(/^Paiement demandé.*débit créé.*appliqué/),
      expect.stringMatching(/^Paiement initié.*appliqué/),
      expect.stringMatching(/^Paiement terminé.*appliqué/),
    ])
    expect(ENGLISH_WORDS.size).toBeGreaterThan(100)
    const text = await widget.innerText()
    expect(text).toContain(transactionId)
    expect(englishWordsIn(text)).toEqual([])
    await expect(wholeText(page.getByTestId("jetpay-request-language"))).resolves.toBe(true)
    await widget.screenshot({ path: path.join(SCREENSHOTS, "10-widget-fr-profile.png") })
  } finally {
    await chooseLanguage("English", "en")
  }
  await page.goto(`${demo!.info.adminUrl}/orders/${orderId}`)
  await expectText(page.getByTestId("jetpay-request-language"), "The customer's language")
  await expect(wholeText(page.getByTestId("jetpay-request-language"))).resolves.toBe(true)
  await page.getByTestId("jetpay-widget").screenshot({ path: path.join(SCREENSHOTS, "11-widget-en-request-language.png") })
})

}

/** The admin's language, chosen as a person does: Profile → Edit → Language, then Save. */
async function chooseLanguage(displayName: string, code: string) {
  await page.goto(`${demo!.info.adminUrl}/settings/profile/edit`)
  const drawer = page.getByRole("dialog")
  await drawer.getByRole("combobox").click()
  await page.getByRole("option", { name: displayName, exact: true }).click()
  await drawer.locator('button[type="submit"]').click()
  await page.waitForFunction((language) => localStorage.getItem("lng") === language, code, { timeout: 20_000 })
}

/** Whether no part of the element is cut off (an ellipsis, a clipped text). */
function wholeText(locator: ReturnType<Page["getByTestId"]>): Promise<boolean> {
  return locator.evaluate((element) =>
    [element, ...Array.from(element.querySelectorAll("*"))].every((node) => node.scrollWidth <= node.clientWidth + 1)
  )
}

type Texts = { [key: string]: string | Texts }
const textsOf = (texts: Texts): string[] =>
  Object.values(texts).flatMap((value) => (typeof value === "string" ? [value] : textsOf(value)))
const keyedTexts = (texts: Texts, prefix = ""): Array<[string, string]> =>
  Object.entries(texts).flatMap(([key, value]) =>
    typeof value === "string" ? [[`${prefix}${key}`, value] as [string, string]] : keyedTexts(value, `${prefix}${key}.`)
  )
const wordsOf = (text: string) => text.toLowerCase().match(/\p{L}{3,}/gu) ?? []

/**
 * The plugin's English words: those of its English texts that differ from the French ones, less
 * the words French uses too (Jetpay, transaction, webhook...) and the placeholders.
 */
const ENGLISH_WORDS = (() => {
  const french = new Map(keyedTexts(frTexts as Texts))
  const frenchWords = new Set(textsOf(frTexts as Texts).flatMap(wordsOf))
  return new Set(
    keyedTexts(enTexts as Texts)
      .filter(([key, text]) => french.get(key) !== text)
      .flatMap(([, text]) => wordsOf(text.replace(/\{\{[^}]*\}\}/g, " ")))
      .filter((word) => !frenchWords.has(word))
  )
})()

/** The plugin's English words in a text, its ids left out (a word with a digit in it). */
function englishWordsIn(text: string): string[] {
  const words = text.split(/\s+/).filter((token) => !/\d/.test(token)).flatMap(wordsOf)
  return [...new Set(words.filter((word) => ENGLISH_WORDS.has(word)))]
}

/** Medusa's order edit through its admin API, as the admin's Edit order does it: one more syrup ($24.99). */
async function editOrderAddingOneSyrup(orderId: string) {
  const { medusaUrl, publishableKey, regionId } = demo!.info
  const auth = await (
    await fetch(`${medusaUrl}/auth/user/emailpass`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(demo!.info.admin) })
  ).json() as { token: string }
  const admin = { authorization: `Bearer ${auth.token}`, "content-type": "application/json" }
  const post = async (url: string, body: unknown = {}) => {
    const response = await fetch(`${medusaUrl}${url}`, { method: "POST", headers: admin, body: JSON.stringify(body) })
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`)
  }
  const products = await (
    await fetch(`${medusaUrl}/store/products?handle=maple-syrup&region_id=${regionId}`, { headers: { "x-publishable-api-key": publishableKey } })
  ).json() as { products: Array<{ variants: Array<{ id: string }> }> }
  await post("/admin/order-edits", { order_id: orderId, description: "One more syrup" })
  await post(`/admin/order-edits/${orderId}/items`, { items: [{ variant_id: products.products[0].variants[0].id, quantity: 1 }] })
  await post(`/admin/order-edits/${orderId}/request`)
  await post(`/admin/order-edits/${orderId}/confirm`)
}

async function logIn(page: Page) {
  const { adminUrl, admin } = demo!.info
  await page.goto(`${adminUrl}/login`)
  await page.fill('input[name="email"]', admin.email)
  await page.fill('input[name="password"]', admin.password)
  await page.click('button[type="submit"]')
  await page.waitForURL(/\/app\/orders/, { timeout: 30_000 })
}

/** A shopper's order for two maple syrups ($49.98), paid by bank and settled by Jetpay; the webhook captures it. */
async function settledOrder(): Promise<{ orderId: string; transactionId: string }> {
  return paidOrder({ outcome: { state: "completed" } })
}

/** The same order, paid by bank, then settled or failed at Jetpay as `outcome` says; the webhook applies it. */
async function paidOrder({ outcome }: { outcome: { state: "completed" | "failed"; fail_reason?: string } }): Promise<{ orderId: string; transactionId: string }> {
  const { medusaUrl, sandboxUrl, publishableKey, regionId } = demo!.info
  const store = { "x-publishable-api-key": publishableKey, "content-type": "application/json" }
  const call = async <T>(url: string, body?: unknown, headers: Record<string, string> = store): Promise<T> => {
    const response = await fetch(url, body === undefined ? { headers } : { method: "POST", headers, body: JSON.stringify(body) })
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`)
    return (await response.json()) as T
  }
  const { products } = await call<{ products: Array<{ variants: Array<{ id: string }> }> }>(
    `${medusaUrl}/store/products?handle=maple-syrup&region_id=${regionId}`
  )
  const { cart } = await call<{ cart: { id: string } }>(`${medusaUrl}/store/carts`, {
    region_id: regionId,
    email: "marie.tremblay@example.com",
    shipping_address: { first_name: "Marie", last_name: "Tremblay", country_code: "ca", province: "QC", city: "Montréal" },
    items: [{ variant_id: products[0].variants[0].id, quantity: 2 }],
  })
  const { payment_collection } = await call<{ payment_collection: { id: string } }>(`${medusaUrl}/store/payment-collections`, { cart_id: cart.id })
  const session = await call<{ payment_collection: { payment_sessions: Array<{ id: string; data: { jetpay_transaction_id: string } }> } }>(
    `${medusaUrl}/store/payment-collections/${payment_collection.id}/payment-sessions`,
    { provider_id: "pp_jetpay_jetpay" }
  )
  const { id: sessionId, data } = session.payment_collection.payment_sessions[0]
  const transactionId = data.jetpay_transaction_id
  const control = { "content-type": "application/json" }
  await call(`${sandboxUrl}/_sandbox/transactions/${transactionId}/pay`, { method: "eft" }, control)
  const orderId = await eventually(async () => (await ordersOfCart(cart.id))[0], "the order made by the webhook")
  // Medusa links the order to its cart before it authorizes the payment session, the completion's last step;
  // settling or failing the debit before that step ran would make Medusa undo the order.
  await eventually(async () => (await sessionStatus(sessionId)) === "pending_authorization" || undefined, "the order's payment awaiting settlement")
  await call(`${sandboxUrl}/_sandbox/transactions/${transactionId}/advance`, outcome, control)

  const { token } = await call<{ token: string }>(`${medusaUrl}/auth/user/emailpass`, demo!.info.admin, { "content-type": "application/json" })
  await eventually(async () => {
    const view = await call<{ status: { code: string } | null }>(`${medusaUrl}/admin/jetpay/orders/${orderId}`, undefined, {
      authorization: `Bearer ${token}`,
    })
    return view.status?.code === (outcome.state === "completed" ? "settled" : "failed") || undefined
  }, `the ${outcome.state} state applied by the webhook`)
  return { orderId, transactionId }
}

/** How many refund emails of a Jetpay credit the Notification Module sent (the demo's email log). */
async function refundEmailsSent(creditId: string): Promise<number> {
  const [row] = await demoRows<{ sent: number }>(
    demo!.info.databaseUrl,
    "select count(*)::int as sent from notification where template = 'jetpay-refund' and status = 'success' and data->>'jetpay_credit_id' = $1",
    [creditId]
  )
  return row.sent
}

async function sessionStatus(sessionId: string): Promise<string | undefined> {
  const [row] = await demoRows<{ status: string }>(demo!.info.databaseUrl, "select status from payment_session where id = $1", [sessionId])
  return row?.status
}

const ordersOfCart = (cartId: string) => ordersOfDemoCart(demo!.info.databaseUrl, cartId)

/** Waits until the element's trimmed text is (or matches) `expected`. */
async function expectText(locator: ReturnType<Page["getByTestId"]>, expected: string | ReturnType<typeof expect.stringMatching>) {
  const deadline = Date.now() + 20_000
  let last: string | null = null
  while (Date.now() < deadline) {
    last = (await locator.textContent({ timeout: 20_000 }).catch(() => null))?.trim() ?? null
    if (last !== null && (typeof expected === "string" ? last === expected : expected.asymmetricMatch(last))) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  expect(last).toEqual(expected)
}


function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
}
