// The demo storefront's Next.js config. Its Jetpay checkout is the kit in ../../src/storefront,
// compiled from its sources (tsconfig.json maps `medusa-payment-jetpay/storefront` there), so
// the app needs no build of the plugin and a change to the kit shows at the next build.
/** @type {import("next").NextConfig} */
const nextConfig = {
  experimental: {
    // The kit lives outside this folder.
    externalDir: true,
  },
  // No ESLint setup here; the type check still runs.
  eslint: { ignoreDuringBuilds: true },
  images: { unoptimized: true },
  poweredByHeader: false,
  reactStrictMode: true,
  webpack(config) {
    // The kit's sources import each other as ES modules do, by their built names (`./texts.js`).
    config.resolve.extensionAlias = { ...config.resolve.extensionAlias, ".js": [".ts", ".tsx", ".js"] }
    return config
  },
}

export default nextConfig
