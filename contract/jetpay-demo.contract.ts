/**
 * The Jetpay contract as the plugin's client reads it, against a live Jetpay demo account:
 * contact, debit, status, cancel, credit, webhook registration and JWKS. Each answer is parsed
 * by the client's own schemas (src/jetpay-api/schemas.ts), so a field Jetpay names or shapes
 * differently fails here first. Run by `npm run test:contract` (contract/run.mjs says what it needs).
 */
import { JETPAY_DEMO_BASE_URL, JetpayClient, classifyWebhookState, normalizeTransactionState } from "../src/jetpay-api"

const baseUrl = process.env.JETPAY_DEMO_BASE_URL || JETPAY_DEMO_BASE_URL
const bankAccountId = process.env.JETPAY_DEMO_BANK_ACCOUNT_ID!
const callbackUrl = process.env.JETPAY_DEMO_CALLBACK_URL
const client = new JetpayClient({ baseUrl, apiKey: process.env.JETPAY_DEMO_API_KEY! })
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14)

describe(`Jetpay's API at ${baseUrl}`, () => {
  let contactId: string

  it("makes a contact (PUT /contact)", async () => {
    const contact = await client.createContact({
      email: `contract-${stamp}@example.com`,
      name: "Contract Test",
      language: "en",
      tags: ["medusa-payment-jetpay contract test"],
    })
    expect(contact.identifier).toEqual(expect.any(String))
    contactId = contact.identifier
  })

  it("makes a debit with a payment link and a card surcharge (PUT /debit), reads its status, and cancels it", async () => {
    const debit = await client.createDebit({
      amount: 1234,
      statement: "Contract test",
      note: "medusa-payment-jetpay contract test",
      toBankAccount: bankAccountId,
      contactId,
    })
    expect(debit).toMatchObject({ identifier: expect.any(String), amount: 1234, link: expect.stringMatching(/^https?:\/\//) })
    expect(Number.isInteger(debit.customer_surcharge_amount)).toBe(true)

    const status = await client.getTransactionStatus(debit.identifier)
    expect(normalizeTransactionState(status.state)).toMatchObject({ known: true, state: "requested" })

    const cancelled = await client.cancelTransaction(debit.identifier)
    expect(cancelled).toBeDefined()
    // After a cancel the status reads cancelled, canceled or deleted, or answers 404 (all treated as cancelled).
    const after = await client.getTransactionStatus(debit.identifier).catch((error: { status?: number }) => error)
    if ("state" in after) expect(["cancelled", "canceled", "deleted"]).toContain(String(after.state))
    else expect(after.status).toBe(404)
  })

  it("makes a credit to the contact with a payee link (PUT /credit)", async () => {
    const credit = await client.createCredit({
      amount: 100,
      statement: "Contract test",
      note: "medusa-payment-jetpay contract test",
      fromBankAccount: bankAccountId,
      contactId,
    })
    expect(credit).toMatchObject({ identifier: expect.any(String), amount: 100 })
    const status = await client.getTransactionStatus(credit.identifier)
    expect(normalizeTransactionState(status.state).known).toBe(true)
    await client.cancelTransaction(credit.identifier).catch(() => undefined)
  })

  it("publishes the keys that sign its webhooks (JWKS): RS256 keys with a kid", async () => {
    const jwks = await client.getJwks()
    expect(jwks.keys.length).toBeGreaterThan(0)
    for (const key of jwks.keys) expect(key).toMatchObject({ kty: "RSA", kid: expect.any(String) })
  })

  const withCallback = callbackUrl ? it : it.skip
  withCallback("registers, reads, changes and deletes a webhook (POST, GET, PATCH, DELETE /webhooks)", async () => {
    const existing = (await client.listWebhooks()).find((webhook) => webhook.callback_url === callbackUrl)
    if (existing) await client.deleteWebhook(existing.identifier)
    const webhook = await client.registerWebhook({ callbackUrl: callbackUrl!, maxBatchSize: 10, maxWaitSeconds: 60 })
    expect(classifyWebhookState(webhook.state)).not.toBe("failed")
    expect((await client.getWebhook(webhook.identifier)).identifier).toBe(webhook.identifier)
    const changed = await client.updateWebhook(webhook.identifier, { maxBatchSize: 20 })
    expect(changed.identifier).toBe(webhook.identifier)
    await client.deleteWebhook(webhook.identifier)
    expect((await client.listWebhooks()).some((item) => item.identifier === webhook.identifier)).toBe(false)
  })
})
