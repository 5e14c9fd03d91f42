import { existsSync } from "node:fs"
import sparticuzChromium from "@sparticuz/chromium"
import { chromium, type Browser } from "playwright-core"

/** Debian's package (`apt-get install -y chromium`), used when it is there. */
const DEBIAN_CHROMIUM = "/usr/bin/chromium"

/**
 * The same switches for either binary. @sparticuz/chromium's own `args` are made for
 * AWS Lambda (`--single-process`, `--disable-web-security`): the storefront test must
 * meet the browser's real CORS and multi-process rules, so they are not used.
 */
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

export type LaunchedChromium = { browser: Browser; executablePath: string; source: string }

/**
 * A real Chromium without downloading one: `CHROMIUM_PATH` when set, else Debian's
 * /usr/bin/chromium when installed, else the binary that @sparticuz/chromium ships
 * inside its npm package (decompressed once into the temp folder, about 3 s).
 * Says which one it took, so a test log shows what drove the pages.
 */
export async function launchChromium(): Promise<LaunchedChromium> {
  const { executablePath, source } = await pickChromium()
  const browser = await chromium.launch({ executablePath, args: ARGS })
  console.log(`Browser tests drive ${source}: ${executablePath} (Chromium ${browser.version()})`)
  return { browser, executablePath, source }
}

async function pickChromium(): Promise<{ executablePath: string; source: string }> {
  const override = process.env.CHROMIUM_PATH
  if (override) {
    if (!existsSync(override)) throw new Error(`CHROMIUM_PATH=${override} does not exist`)
    return { executablePath: override, source: "CHROMIUM_PATH" }
  }
  if (existsSync(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM, source: "Debian's Chromium" }
  // Never a URL: the package's brotli files in node_modules, nothing fetched.
  return { executablePath: await sparticuzChromium.executablePath(), source: "@sparticuz/chromium's Chromium" }
}
