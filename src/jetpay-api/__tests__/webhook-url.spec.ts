import { webhookSchema } from "../schemas"
import { findWebhookByUrl, normalizeCallbackUrl, sameCallbackUrl } from "../webhook-url"

describe("normalizeCallbackUrl", () => {
  it.each([
    ["https://shop.example/hooks/jetpay", "https://shop.example/hooks/jetpay"],
    ["https://shop.example/hooks/jetpay/", "https://shop.example/hooks/jetpay"],
    ["https://shop.example/hooks/jetpay///", "https://shop.example/hooks/jetpay"],
    ["HTTPS://SHOP.Example/hooks/jetpay", "https://shop.example/hooks/jetpay"],
    ["https://shop.example:443/hooks/jetpay", "https://shop.example/hooks/jetpay"],
    ["http://127.0.0.1:9000/hooks/jetpay/", "http://127.0.0.1:9000/hooks/jetpay"],
    ["https://shop.example/", "https://shop.example"],
    ["https://shop.example", "https://shop.example"],
    [" https://shop.example/hooks/jetpay ", "https://shop.example/hooks/jetpay"],
    // Path and query keep their case: a server may tell them apart.
    ["https://shop.example/Hooks/Jetpay", "https://shop.example/Hooks/Jetpay"],
    ["https://shop.example/hooks/jetpay?store=A", "https://shop.example/hooks/jetpay?store=A"],
    ["not a url/", "not a url"],
  ])("%j -> %j", (url, normalized) => {
    expect(normalizeCallbackUrl(url)).toBe(normalized)
  })

  it.each([
    ["https://shop.example/hooks/jetpay", "http://shop.example/hooks/jetpay"],
    ["https://shop.example/hooks/jetpay", "https://shop.example:8443/hooks/jetpay"],
    ["https://shop.example/hooks/jetpay", "https://shop.example/hooks/jetpay-legacy"],
    ["https://shop.example/hooks/jetpay", "https://staging.shop.example/hooks/jetpay"],
    ["https://shop.example/hooks/jetpay", "https://shop.example/HOOKS/jetpay"],
  ])("%j is not the same address as %j", (a, b) => {
    expect(sameCallbackUrl(a, b)).toBe(false)
  })
})

describe("findWebhookByUrl", () => {
  const webhook = (identifier: string, callback_url: string) =>
    webhookSchema.parse({ id: 1, identifier, callback_url, state: "active" })

  it("prefers the exact spelling, then any equivalent one, else nothing", () => {
    const slash = webhook("wh-1", "https://shop.example/hooks/jetpay/")
    const exact = webhook("wh-2", "https://shop.example/hooks/jetpay")
    const other = webhook("wh-3", "https://other.example/hooks/jetpay")
    expect(findWebhookByUrl([slash, exact, other], "https://shop.example/hooks/jetpay")).toBe(exact)
    expect(findWebhookByUrl([other, slash], "https://shop.example/hooks/jetpay")).toBe(slash)
    expect(findWebhookByUrl([other], "https://shop.example/hooks/jetpay")).toBeUndefined()
    expect(findWebhookByUrl([], "https://shop.example/hooks/jetpay")).toBeUndefined()
  })
})
