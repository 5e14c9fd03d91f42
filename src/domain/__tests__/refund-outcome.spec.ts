import { JetpayApiError, JetpayInvalidRequestError, JetpayNetworkError, JetpayResponseError, JetpayTimeoutError } from "../../jetpay-api"
import { creditOutcomeOfError } from "../refund-outcome"

const api = (status: number) => new JetpayApiError({ method: "PUT", path: "/credit", status, retryable: false })

describe("creditOutcomeOfError: after PUT /credit failed, may the money have left?", () => {
  it.each([
    ["400 refused", api(400), "not_sent"],
    ["401 bad token", api(401), "not_sent"],
    ["404", api(404), "not_sent"],
    ["409", api(409), "not_sent"],
    ["422 invalid", api(422), "not_sent"],
    ["429 rate-limited", api(429), "not_sent"],
    ["408 request timeout", api(408), "unknown"],
    ["500", api(500), "unknown"],
    ["502 from a proxy", api(502), "unknown"],
    ["503, which a proxy may answer after Jetpay acted", api(503), "unknown"],
    ["504", api(504), "unknown"],
    ["connection refused: never sent", new JetpayNetworkError({ method: "PUT", path: "/credit", reachedServer: false, outcomeUnknown: false }), "not_sent"],
    ["connection broke after sending", new JetpayNetworkError({ method: "PUT", path: "/credit", reachedServer: true, outcomeUnknown: true }), "unknown"],
    ["timeout after sending", new JetpayTimeoutError({ method: "PUT", path: "/credit", timeoutMs: 1000, outcomeUnknown: true }), "unknown"],
    ["timeout before sending", new JetpayTimeoutError({ method: "PUT", path: "/credit", timeoutMs: 1000, outcomeUnknown: false }), "not_sent"],
    ["anything else", new Error("boom"), "unknown"],
  ])("%s: %s", (_name, error, expected) => {
    expect(creditOutcomeOfError(error)).toBe(expected)
  })

  it("an invalid request that never left and an unreadable success", () => {
    expect(creditOutcomeOfError(new JetpayInvalidRequestError({ method: "PUT", path: "/credit", issues: ["amount must be positive"] }))).toBe("not_sent")
    expect(creditOutcomeOfError(new JetpayResponseError({ method: "PUT", path: "/credit", status: 200, issues: ["identifier: missing"] }))).toBe("unknown")
  })
})
