// The hosted payment and receive pages, driven the way a browser without JavaScript drives them.

import { startSandbox, type Sandbox } from "../index"
import { client, type Client } from "./helpers/client"

let sandbox: Sandbox
let api: Client

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 })
  api = client(sandbox.url)
})

afterAll(() => sandbox.close())

beforeEach(() => api.post("/_sandbox/reset"))

async function page(url: string, form?: Record<string, string>) {
  const response = await fetch(url, {
    method: form ? "POST" : "GET",
    headers: form ? { "content-type": "application/x-www-form-urlencoded" } : {},
    body: form ? new URLSearchParams(form).toString() : undefined,
  })
  return { status: response.status, headers: response.headers, html: await response.text() }
}

/** Text content of the element with this id (no nested tags in the ones tests read). */
function textOf(html: string, id: string): string | undefined {
  return new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1]
}

async function newDebit(amount: number, statement = "ACME STORE") {
  const contact = await api.contact()
  return api.debit(contact.identifier, { amount, statement })
}

const state = async (id: string) => (await api.get(`/_sandbox/transactions/${id}`)).body

describe("GET /payment/pay/{id}", () => {
  it("shows the statement, the amount, the EFT choice with the PAD agreement and the card choice with surcharge and total", async () => {
    const debit = await newDebit(12345, "Shop <&> Co")
    const { status, headers, html } = await page(debit.link)
    expect(status).toBe(200)
    expect(headers.get("content-type")).toBe("text/html; charset=utf-8")
    expect(html).toContain("Shop &lt;&amp;&gt; Co")
    expect(html).not.toContain("Shop <&> Co")
    expect(textOf(html, "amount")).toBe("$123.45 CAD")
    expect(textOf(html, "surcharge")).toBe("$4.32 CAD")
    expect(textOf(html, "total")).toBe("$127.77 CAD")
    expect(html).toMatch(/<button type="submit" id="pay-eft">Pay by bank \(EFT\)<\/button>/)
    expect(html).toMatch(/<button type="submit" id="pay-card">/)
    expect(html).toMatch(/<input type="checkbox" id="pad-accepted" name="pad_accepted" value="yes" required>/)
    expect(html).toContain("I accept the pre-authorized debit agreement")
    expect(html.match(new RegExp(`<form method="post" action="/payment/pay/${debit.identifier}">`, "g"))).toHaveLength(2)
    expect(html).toContain('name="method" value="eft"')
    expect(html).toContain('name="method" value="card"')
  })

  it("needs no script and loads nothing from elsewhere", async () => {
    const debit = await newDebit(500)
    const { html, headers } = await page(debit.link)
    expect(html).not.toMatch(/<script|<link|<img|src=|https?:\/\//i)
    expect(headers.get("content-security-policy")).toContain("default-src 'none'")
  })

  it("answers 404 for an unknown link or a credit's id", async () => {
    expect((await page(`${sandbox.url}/payment/pay/00000000-0000-4000-8000-000000000000`)).status).toBe(404)
    const contact = await api.contact()
    const credit = await api.put("/credit", {
      amount: 100,
      statement: "REFUND",
      from_bank_account: "acct",
      contact_id: contact.identifier,
    })
    expect((await page(`${sandbox.url}/payment/pay/${credit.body.identifier}`)).status).toBe(404)
  })
})

describe("POST /payment/pay/{id}", () => {
  it("refuses EFT without the PAD agreement, and nothing changes", async () => {
    const debit = await newDebit(10000)
    const { status, html } = await page(debit.link, { method: "eft" })
    expect(status).toBe(400)
    expect(textOf(html, "error")).toBe("To pay by bank you must accept the pre-authorized debit agreement.")
    expect(await state(debit.identifier)).toMatchObject({ state: "requested", method: null })
  })

  it("refuses a form without a method", async () => {
    const debit = await newDebit(10000)
    expect((await page(debit.link, {})).status).toBe(400)
    expect((await state(debit.identifier)).state).toBe("requested")
  })

  it("takes EFT with the PAD accepted: initiated, no surcharge, and the link is used up", async () => {
    const debit = await newDebit(10000)
    const paid = await page(debit.link, { method: "eft", pad_accepted: "yes", account_number: "1234567" })
    expect(paid.status).toBe(200)
    expect(textOf(paid.html, "result")).toBe("Payment received")
    expect(textOf(paid.html, "message")).toBe("$100.00 CAD by bank (EFT) to ACME STORE. You may close this page.")
    expect(paid.html).not.toMatch(/href=|http-equiv="refresh"/i)
    expect(await state(debit.identifier)).toMatchObject({ state: "initiated", method: "eft", surcharge_applied: false })

    const again = await page(debit.link)
    expect(again.status).toBe(200)
    expect(textOf(again.html, "result")).toBe("Link already used")
    expect(again.html).not.toContain('id="pay-card"')

    const secondPost = await page(debit.link, { method: "card" })
    expect(secondPost.status).toBe(409)
    expect(await state(debit.identifier)).toMatchObject({ state: "initiated", method: "eft" })
  })

  it("takes a card with any details: paid, surcharge applied, total shown", async () => {
    const debit = await newDebit(10000)
    const paid = await page(debit.link, { method: "card", card_number: "anything", card_cvc: "x" })
    expect(paid.status).toBe(200)
    expect(textOf(paid.html, "message")).toBe("$103.50 CAD by card to ACME STORE. You may close this page.")
    expect(await state(debit.identifier)).toMatchObject({
      state: "paid",
      method: "card",
      surcharge_applied: true,
      customer_surcharge_amount: 350,
    })
  })

  it("says a cancelled link was cancelled and takes no payment on it", async () => {
    const debit = await newDebit(10000)
    await api.del(`/transaction/${debit.identifier}`)
    expect(textOf((await page(debit.link)).html, "result")).toBe("Payment cancelled")
    expect((await page(debit.link, { method: "card" })).status).toBe(409)
    expect((await state(debit.identifier)).state).toBe("cancelled")
  })
})

describe("/payment/receive/{id}", () => {
  it("takes the payee's bank details once and moves the credit to processing", async () => {
    const contact = await api.contact()
    const credit = (
      await api.put("/credit", { amount: 2500, statement: "ACME REFUND", from_bank_account: "acct", contact_id: contact.identifier })
    ).body
    const form = await page(credit.link)
    expect(form.status).toBe(200)
    expect(textOf(form.html, "amount")).toBe("$25.00 CAD")
    expect(form.html).toContain('id="receive-submit"')

    const done = await page(credit.link, { account_number: "7654321", transit_number: "12345", institution_number: "001" })
    expect(done.status).toBe(200)
    expect(textOf(done.html, "result")).toBe("Bank details received")
    expect(await state(credit.identifier)).toMatchObject({ state: "processing", method: "eft" })

    expect(textOf((await page(credit.link)).html, "result")).toBe("Link already used")
    expect((await page(credit.link, {})).status).toBe(409)
  })
})
