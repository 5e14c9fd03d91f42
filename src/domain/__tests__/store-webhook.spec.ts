import { isStoreWebhook, storeWebhookInput } from "../store-webhook"

const webhook = (callback_url: string) => ({ id: 1, identifier: "wh-1", callback_url, state: "active" })

describe("the store's webhook", () => {
  it.each([
    ["https://shop.example.com/hooks/jetpay", true],
    ["https://shop.example.com/hooks/jetpay/", true],
    ["https://shop.example.com/hooks/payment/jetpay_jetpay", false],
    ["https://other.example.com/webhooks", false],
  ])("%s is ours: %s", (url, ours) => {
    expect(isStoreWebhook(webhook(url))).toBe(ours)
  })

  it("registers /hooks/jetpay with the command's settings", () => {
    expect(
      storeWebhookInput("https://shop.example.com//", "key", {
        JETPAY_WEBHOOK_MAX_BATCH_SIZE: "50",
        JETPAY_WEBHOOK_MAX_WAIT_SECONDS: "",
      })
    ).toEqual({ callbackUrl: "https://shop.example.com/hooks/jetpay", callbackApiKey: "key", maxBatchSize: 50, maxWaitSeconds: undefined })
    expect(() => storeWebhookInput("https://shop.example.com", undefined, { JETPAY_WEBHOOK_MAX_BATCH_SIZE: "ten" })).toThrow(
      /JETPAY_WEBHOOK_MAX_BATCH_SIZE must be a whole number/
    )
  })
})
