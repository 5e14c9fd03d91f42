// A table of routes matched segment by segment (":name" captures one). Trailing slashes do not
// matter: Jetpay documents "/webhooks/" and clients write both.

import type { IncomingHttpHeaders } from "node:http"
import type { Reply } from "./http-util"

export interface RouteContext {
  params: Record<string, string>
  body: Buffer
  headers: IncomingHttpHeaders
  url: URL
}

export type Handler = (context: RouteContext) => Reply | Promise<Reply>

export interface Route {
  method: string
  path: string
  handler: Handler
  /** Served without the Bearer token (the JWKS). Only meaningful for Jetpay API routes. */
  public?: boolean
}

export type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "method_not_allowed" }
  | { kind: "not_found" }

export function matchRoute(routes: readonly Route[], method: string, segments: readonly string[]): RouteMatch {
  let pathMatched = false
  for (const route of routes) {
    const params = matchPath(route.path, segments)
    if (!params) continue
    if (route.method === method) return { kind: "found", route, params }
    pathMatched = true
  }
  return pathMatched ? { kind: "method_not_allowed" } : { kind: "not_found" }
}

function matchPath(pattern: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = pattern.split("/").filter((part) => part !== "")
  if (parts.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (const [index, part] of parts.entries()) {
    const segment = segments[index]
    if (part.startsWith(":")) params[part.slice(1)] = segment
    else if (part !== segment) return undefined
  }
  return params
}
