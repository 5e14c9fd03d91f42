import path from "node:path"
import { merchantChecks } from "./admin-checks"
import { ROOT, startDemo, type DemoProcess } from "./demo-process"
import { ctrlCStopsEverything, shopperChecks } from "./storefront-checks"

/**
 * `npm run demo` as people meet it, in a real Chromium: the shopper's checkout on the
 * storefront and Jetpay's page (storefront-checks.ts), then the merchant's side in the
 * built admin (admin-checks.ts), then Ctrl-C. One demo for all of them, on free ports;
 * its embedded PostgreSQL stays in test-output/browser-demo between runs, as a second
 * `npm run demo` keeps its data (each check makes its own carts and orders).
 */
const DATA_DIR = path.join(ROOT, "test-output", "browser-demo")

jest.setTimeout(180_000)

let demo: DemoProcess | undefined
const running = () => {
  if (!demo) throw new Error("the demo did not start")
  return demo
}

beforeAll(async () => {
  // A first run in a fresh clone builds the plugin and the admin (or copies them from the build cache).
  demo = await startDemo({
    dataDir: DATA_DIR,
    logFile: path.join(ROOT, "test-output", "browser-demo.log"),
    timeoutMs: 8 * 60_000,
    admin: true,
    keepData: true,
  })
}, 10 * 60_000)

afterAll(async () => {
  if (demo && demo.child.exitCode === null) await demo.interrupt()
}, 60_000)

describe("the shopper", () => shopperChecks(running))
describe("the merchant", () => merchantChecks(running))
describe("the end", () => ctrlCStopsEverything(running, DATA_DIR))
