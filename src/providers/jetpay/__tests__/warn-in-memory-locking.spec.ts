import { inMemoryLockingWarning, type LockingConfig } from "../loaders/warn-in-memory-locking"

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

describe("the startup warning about in-memory locking on a split store", () => {
  it.each<[string, string | undefined, unknown, boolean]>([
    // workerMode, locking module as Medusa resolved it, warns?
    ["one shared process, default locking", "shared", { resolve: "@medusajs/medusa/locking" }, false],
    ["no workerMode (shared), no locking entry", undefined, undefined, false],
    ["server, Medusa's default locking module (in memory)", "server", { resolve: "@medusajs/medusa/locking" }, true],
    ["worker, no locking entry at all", "worker", undefined, true],
    ["worker, locking: true", "worker", true, true],
    ["server, locking module disabled", "server", { resolve: "@medusajs/medusa/locking", disable: true }, true],
    ["server, empty provider list", "server", { resolve: "@medusajs/medusa/locking", options: { providers: [] } }, true],
    ["server, Redis provider marked default", "server", redisLocking, false],
    ["worker, Redis provider marked default", "worker", redisLocking, false],
    ["worker, a single PostgreSQL provider (the default as the only one)", "worker", postgresLocking, false],
    ["server, two providers and none marked default (Medusa keeps in-memory)", "server", twoProvidersNoDefault, true],
    ["server, another locking module altogether", "server", { resolve: "./src/modules/my-locking" }, false],
  ])("%s", (_case, workerMode, locking, warns) => {
    const config: LockingConfig = {
      projectConfig: { workerMode },
      modules: locking === undefined ? {} : { locking },
    }
    const warning = inMemoryLockingWarning(config)
    if (!warns) {
      expect(warning).toBeNull()
      return
    }
    // What the merchant reads in the log: the problem, and the config that fixes it.
    expect(warning).toContain(`workerMode "${workerMode}"`)
    expect(warning).toMatch(/in memory/)
    expect(warning).toContain('resolve: "@medusajs/medusa/locking"')
    expect(warning).toContain('resolve: "@medusajs/medusa/locking-redis"')
    expect(warning).toContain("Running in production")
  })
})
