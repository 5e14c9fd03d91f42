import { isJetpayDemoHost, lockingIsInMemory, lockingModuleOf, startupCheck, type ProcessFacts, type SafetyOptions } from "../production-safety"

const DEMO = "https://extapi.demo.jetpay.baselinepayments.com"
const LIVE = "https://extapi.jetpay.baselinepayments.com"

describe("isJetpayDemoHost", () => {
  it.each([
    [DEMO, true],
    [`${DEMO}/`, true],
    ["https://EXTAPI.DEMO.jetpay.baselinepayments.com", true],
    ["http://extapi.demo.jetpay.baselinepayments.com:8443/v1", true],
    [LIVE, false],
    ["http://127.0.0.1:4010", false],
    ["https://jetpay-proxy.example.com", false],
    ["https://extapi.demo.jetpay.baselinepayments.com.example.com", false],
    ["not a url", false],
  ])("%s: %p", (url, expected) => {
    expect(isJetpayDemoHost(url)).toBe(expected)
  })
})

const redisLocking = {
  resolve: "@medusajs/medusa/locking",
  options: {
    providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl: "redis://r" } }],
  },
}
const postgresLocking = {
  resolve: "@medusajs/medusa/locking",
  options: { providers: [{ resolve: "@medusajs/medusa/locking-postgres", id: "locking-postgres" }] },
}
const twoProvidersNoDefault = {
  resolve: "@medusajs/medusa/locking",
  options: {
    providers: [
      { resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", options: { redisUrl: "redis://r" } },
      { resolve: "@medusajs/medusa/locking-postgres", id: "locking-postgres" },
    ],
  },
}

describe("lockingIsInMemory: the locking module as Medusa resolved it", () => {
  // case, the locking module's entry, in memory?
  it.each<[string, unknown, boolean]>([
    ["no locking entry (Medusa's default)", undefined, true],
    ["locking: true", true, true],
    ["Medusa's locking module without providers", { resolve: "@medusajs/medusa/locking" }, true],
    ["the module's old package name without providers", { resolve: "@medusajs/locking" }, true],
    ["disabled", { resolve: "@medusajs/medusa/locking", disable: true }, true],
    ["an empty provider list", { resolve: "@medusajs/medusa/locking", options: { providers: [] } }, true],
    ["two providers, none marked default (Medusa keeps in-memory)", twoProvidersNoDefault, true],
    ["Redis marked default", redisLocking, false],
    ["a single PostgreSQL provider (the only one is the default)", postgresLocking, false],
    ["another locking module altogether", { resolve: "./src/modules/my-locking" }, false],
  ])("%s", (_case, module, expected) => {
    expect(lockingIsInMemory(module)).toBe(expected)
  })

  it("reads the entry under Medusa's key for the locking module", () => {
    expect(lockingModuleOf({ locking: redisLocking })).toBe(redisLocking)
    expect(lockingModuleOf({ payment: {} })).toBeUndefined()
    expect(lockingModuleOf(undefined)).toBeUndefined()
  })
})

describe("startupCheck: what a process may start with", () => {
  type Expect = "starts" | "warns" | "refuses"
  const options = (over: Partial<SafetyOptions> = {}): SafetyOptions => ({ baseUrl: LIVE, allowDemoHost: false, singleProcess: false, ...over })
  const prod = (over: Partial<ProcessFacts> = {}): ProcessFacts => ({ production: true, nodeEnv: "production", inMemoryLocking: false, ...over })
  const dev = (over: Partial<ProcessFacts> = {}): ProcessFacts => ({ production: false, nodeEnv: "development", inMemoryLocking: false, ...over })

  // case, the provider's options, the process, outcome, what the message must say
  it.each<[string, SafetyOptions, ProcessFacts, Expect, RegExp[]]>([
    // Jetpay's demo host.
    ["production, live host, shared locks", options(), prod(), "starts", []],
    ["production, the demo host (the default)", options({ baseUrl: DEMO }), prod(), "refuses",
      [/production mode \(NODE_ENV=production\)/, /demo host/, /the default when baseUrl is not set/, /baseUrl: "https:\/\/extapi\.jetpay\.baselinepayments\.com"/, /allowDemoHost: true/]],
    ["production (NODE_ENV=prod), the demo host written with a path", options({ baseUrl: `${DEMO}/v1` }), prod({ nodeEnv: "prod" }), "refuses",
      [/NODE_ENV=prod\)/, /allowDemoHost: true/]],
    ["production, the demo host with allowDemoHost", options({ baseUrl: DEMO, allowDemoHost: true }), prod(), "warns", [/allowDemoHost: true/, /no real money/]],
    ["production, a local sandbox", options({ baseUrl: "http://127.0.0.1:4010" }), prod(), "starts", []],
    ["development, the demo host", options({ baseUrl: DEMO }), dev(), "starts", []],
    ["test, the demo host, in-memory locks", options({ baseUrl: DEMO }), dev({ nodeEnv: "test", inMemoryLocking: true }), "starts", []],
    // In-memory locking.
    ["production, shared, in-memory locks", options(), prod({ inMemoryLocking: true }), "refuses",
      [/locks in memory/, /another replica/, /"@medusajs\/medusa\/locking"/, /"@medusajs\/medusa\/locking-redis"/, /singleProcess: true/, /Locks must be shared/]],
    ["production, no workerMode, in-memory locks", options(), prod({ workerMode: undefined, inMemoryLocking: true }), "refuses", [/singleProcess: true/]],
    ["production, shared, in-memory locks, singleProcess", options({ singleProcess: true }), prod({ workerMode: "shared", inMemoryLocking: true }), "starts", []],
    ["production, server, in-memory locks", options(), prod({ workerMode: "server", inMemoryLocking: true }), "refuses",
      [/workerMode "server"/, /"@medusajs\/medusa\/locking-redis"/, /singleProcess: true/]],
    ["production, worker, in-memory locks", options(), prod({ workerMode: "worker", inMemoryLocking: true }), "refuses",
      [/workerMode "worker"/, /"@medusajs\/medusa\/locking-redis"/]],
    // `medusa exec` and `medusa user` run as workerMode "server" in a store of one process.
    ["production, server, in-memory locks, singleProcess: taken at its word", options({ singleProcess: true }), prod({ workerMode: "server", inMemoryLocking: true }), "starts", []],
    ["production, worker, Redis locks", options(), prod({ workerMode: "worker" }), "starts", []],
    ["production, shared, Redis locks, singleProcess too", options({ singleProcess: true }), prod(), "starts", []],
    ["development, shared, in-memory locks", options(), dev({ inMemoryLocking: true }), "starts", []],
    ["development, server, in-memory locks: the warning", options(), dev({ workerMode: "server", inMemoryLocking: true }), "warns",
      [/workerMode "server"/, /in memory/, /resolve: "@medusajs\/medusa\/locking"/, /resolve: "@medusajs\/medusa\/locking-redis"/, /Running in production/, /unless singleProcess: true/]],
    ["development, worker, in-memory locks, singleProcess: still the warning", options({ singleProcess: true }), dev({ workerMode: "worker", inMemoryLocking: true }), "warns", [/workerMode "worker"/]],
    ["development, worker, Redis locks", options(), dev({ workerMode: "worker" }), "starts", []],
  ])("%s", (_case, opts, facts, outcome, says) => {
    const { refusals, warnings } = startupCheck(opts, facts)
    const messages = outcome === "refuses" ? refusals : outcome === "warns" ? warnings : []
    expect({ refusals: refusals.length > 0, warnings: warnings.length > 0 }).toEqual({
      refusals: outcome === "refuses",
      warnings: outcome === "warns",
    })
    for (const pattern of says) expect(messages.join("\n")).toMatch(pattern)
  })

  it("names both problems when a production process has both", () => {
    const { refusals } = startupCheck(options({ baseUrl: DEMO }), prod({ inMemoryLocking: true }))
    expect(refusals).toHaveLength(2)
    expect(refusals[0]).toMatch(/allowDemoHost: true/)
    expect(refusals[1]).toMatch(/singleProcess: true/)
  })
})
