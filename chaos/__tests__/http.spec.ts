import { HttpError, isTransient } from "../http"

describe("isTransient: what a shopper's storefront tries again", () => {
  const answered = (status: number | null, body: unknown = {}) => new HttpError("POST", "http://store/store/carts", status, body)
  it.each<[string, unknown, boolean]>([
    ["no answer (a server down)", answered(null), true],
    ["a 503", answered(503), true],
    ["a 429", answered(429), true],
    ["Medusa's 409 for a request that met another on the cart", answered(409, { type: "conflict", code: "invalid_state_error" }), true],
    ["another 409", answered(409, { type: "not_allowed" }), false],
    ["a 400", answered(400, { type: "invalid_data" }), false],
    ["not an HTTP error", new Error("boom"), false],
  ])("%s: %s", (_name, error, transient) => {
    expect(isTransient(error)).toBe(transient)
  })
})
