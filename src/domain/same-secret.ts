import { createHash, timingSafeEqual } from "node:crypto"

/**
 * Compares a presented secret with the expected one in constant time. Hashing first
 * gives equal-length buffers, so not even the secret's length leaks through timing.
 */
export function sameSecret(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest()
  return timingSafeEqual(digest(presented), digest(expected))
}
