/**
 * The one place jose is loaded, and why it is loaded this way:
 *
 * - jose is ESM-only and this package compiles to CommonJS ("module": "Node16"). A static import
 *   compiles to require(), which TypeScript refuses (TS1479).
 * - A dynamic import() is kept by tsc, but Jest's transform (swc, to CommonJS) rewrites it into
 *   Jest's own require(), and so does Jest's `createRequire`; both refuse an ESM package under
 *   --experimental-vm-modules, the mode `npm test` and Medusa's integration tests run in. The
 *   verifier (and the webhook route using it) could then not be tested at all.
 * - Node's own require() loads an ES module (require(esm)) on every Node this package supports
 *   (engines: >= 20.19). `process.getBuiltinModule` hands out Node's real `node:module`, whose
 *   createRequire is not replaced by Jest, so the same code runs built and under Jest.
 */
export type Jose = typeof import("jose", { with: { "resolution-mode": "import" } })

let loaded: Jose | undefined

export function loadJose(): Jose {
  if (loaded === undefined) {
    const nodeRequire = process.getBuiltinModule("node:module").createRequire(__filename)
    const candidate: Jose = nodeRequire("jose")
    // require() is untyped: make sure this is jose before trusting it with signatures.
    if (typeof candidate?.jwtVerify !== "function" || typeof candidate.importJWK !== "function") {
      throw new Error("The jose package could not be loaded (jwtVerify is missing)")
    }
    loaded = candidate
  }
  return loaded
}
