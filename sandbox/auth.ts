// Bearer auth of the Jetpay API. Without a configured token any non-empty token passes,
// so a merchant can point a dev setup at the sandbox with whatever token it has.

import { createHash, timingSafeEqual } from "node:crypto"

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i

export function isAuthorized(header: string | undefined, requiredToken: string | undefined): boolean {
  if (!header) return false
  const match = BEARER.exec(header)
  if (!match) return false
  if (requiredToken === undefined) return true
  // Hash first: timingSafeEqual needs equal lengths, and the length must not leak either.
  return timingSafeEqual(digest(match[1]), digest(requiredToken))
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest()
}
