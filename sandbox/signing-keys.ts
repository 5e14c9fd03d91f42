// The only file that loads jose. The key pair is made at start and lives as long as the
// sandbox (reset keeps it), so a receiver's cached JWKS stays valid across tests.

import { randomUUID } from "node:crypto"
import type { CryptoKey, JWK, JWTPayload } from "jose"

type Jose = typeof import("jose")

let loaded: Jose | undefined

/**
 * jose is ESM-only and the sandbox compiles to CommonJS. Node >= 20.19 can require() an ES module,
 * but under Jest (--experimental-vm-modules) both a plain require and an import() are routed
 * through Jest's module registry, which refuses ESM packages. Node's own createRequire, reached
 * through process.getBuiltinModule, is not replaced by Jest, so the same code runs built and tested.
 */
export function loadJose(): Jose {
  if (loaded === undefined) {
    const nodeRequire = process.getBuiltinModule("node:module").createRequire(__filename)
    const candidate: Jose = nodeRequire("jose")
    if (typeof candidate?.SignJWT !== "function" || typeof candidate.generateKeyPair !== "function") {
      throw new Error("The jose package could not be loaded (SignJWT is missing)")
    }
    loaded = candidate
  }
  return loaded
}

export interface PublicJwks {
  keys: JWK[]
}

export interface SigningKeys {
  kid: string
  jwks: PublicJwks
  /**
   * Signs the claims as an RS256 JWT under `kid`. With `bad`, a stranger key signs it under the
   * same kid: what a forged or corrupted webhook looks like to a receiver.
   */
  sign(claims: JWTPayload, options?: { bad?: boolean }): Promise<string>
}

export async function createSigningKeys(): Promise<SigningKeys> {
  const jose = loadJose()
  const kid = `sandbox-${randomUUID()}`
  const { publicKey, privateKey } = await jose.generateKeyPair("RS256", { extractable: true })
  const publicJwk = await jose.exportJWK(publicKey)
  const jwks: PublicJwks = { keys: [{ ...publicJwk, kid, alg: "RS256", use: "sig" }] }
  let strangerKey: Promise<CryptoKey> | undefined

  return {
    kid,
    jwks,
    async sign(claims, options = {}) {
      let key = privateKey
      if (options.bad) {
        // Made on first use only: most sandboxes never need it and RSA key generation is slow.
        strangerKey ??= jose.generateKeyPair("RS256").then((pair) => pair.privateKey)
        key = await strangerKey
      }
      return new jose.SignJWT(claims).setProtectedHeader({ alg: "RS256", kid, typ: "JWT" }).sign(key)
    },
  }
}
