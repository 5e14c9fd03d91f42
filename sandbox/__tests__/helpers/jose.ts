// jose is ESM-only and Jest (--experimental-vm-modules) refuses to require it; Node's own
// createRequire does not go through Jest's registry (see sandbox/signing-keys.ts).
export const jose: typeof import("jose") = process.getBuiltinModule("node:module").createRequire(__filename)("jose")
