// The HTTP server: one listener, three areas. Jetpay's API (Bearer auth, faults, request log),
// the hosted pages under /payment/, and the control API under /_sandbox/.

import http from "node:http"
import type { Socket } from "node:net"
import { apiRoutes } from "./api-routes"
import { isAuthorized } from "./auth"
import { controlRoutes } from "./control-routes"
import type { ApiFaultHit } from "./faults"
import {
  BodyTooLargeError,
  detail,
  html,
  pathSegments,
  readBody,
  ReplyError,
  writeReply,
  type Reply,
} from "./http-util"
import { pageRoutes } from "./page-routes"
import { resultPage } from "./pages"
import { matchRoute, type Route, type RouteContext } from "./router"
import type { SandboxContext } from "./sandbox-context"

export type Area = "api" | "page" | "control"

/** Faults and the request log concern Jetpay's API only, never the sandbox's own paths. */
export function areaOf(pathname: string): Area {
  if (pathname === "/_sandbox" || pathname.startsWith("/_sandbox/")) return "control"
  if (pathname.startsWith("/payment/")) return "page"
  return "api"
}

export interface SandboxServer {
  server: http.Server
  /** Ends requests held by timeout faults by closing their sockets. */
  releaseHeldRequests(): void
  close(): Promise<void>
}

interface PendingDelay {
  timer: NodeJS.Timeout
  resolve(completed: boolean): void
}

export function createSandboxServer(context: SandboxContext): SandboxServer {
  const routesByArea: Record<Area, Route[]> = {
    api: apiRoutes(context),
    page: pageRoutes(context),
    control: controlRoutes(context),
  }
  const sockets = new Set<Socket>()
  const held = new Set<http.ServerResponse>()
  const delays = new Set<PendingDelay>()
  let closing = false

  /** Resolves true after `ms`, or false at once if the sandbox closes first. */
  const delay = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const pending: PendingDelay = {
        timer: setTimeout(() => {
          delays.delete(pending)
          resolve(true)
        }, ms),
        resolve,
      }
      delays.add(pending)
    })

  const dispatch = async (area: Area, method: string, routeContext: RouteContext, segments: string[]): Promise<Reply> => {
    const match = matchRoute(routesByArea[area], method, segments)
    if (match.kind === "not_found") {
      return area === "page"
        ? html(404, resultPage("Page not found", "This address is not a payment link."))
        : detail(404, "Not Found")
    }
    if (match.kind === "method_not_allowed") return detail(405, "Method Not Allowed")
    if (area === "api" && !match.route.public) {
      const header = routeContext.headers.authorization
      if (!isAuthorized(header, context.options.token)) {
        return detail(401, "Not authenticated", { "www-authenticate": "Bearer" })
      }
    }
    try {
      return await match.route.handler({ ...routeContext, params: match.params })
    } catch (error) {
      if (error instanceof ReplyError) return error.reply
      context.options.log(`error in ${method} ${routeContext.url.pathname}: ${error instanceof Error ? error.message : String(error)}`)
      return detail(500, "Internal Server Error")
    }
  }

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const started = Date.now()
    const receivedAt = context.store.nowIso()
    const method = (req.method ?? "GET").toUpperCase()
    const url = new URL(req.url ?? "/", "http://sandbox.invalid")
    const pathname = url.pathname
    const area = areaOf(pathname)
    // The path only: a query string could carry anything, and headers (tokens) are never logged.
    res.on("finish", () => context.options.log(`${method} ${pathname} ${res.statusCode} ${Date.now() - started}ms`))

    let body: Buffer
    try {
      body = await readBody(req)
    } catch (error) {
      if (error instanceof BodyTooLargeError && !res.headersSent) writeReply(res, detail(413, "Request body too large"))
      else res.destroy()
      return
    }
    const segments = pathSegments(pathname)
    if (!segments) {
      writeReply(res, detail(400, "Malformed path"))
      return
    }

    const fault: ApiFaultHit | undefined = area === "api" ? context.apiFaults.take(method, pathname) : undefined
    const routeContext: RouteContext = { params: {}, body, headers: req.headers, url }
    const run = () => dispatch(area, method, routeContext, segments)

    if (fault?.latency_ms && !(await delay(fault.latency_ms))) {
      res.destroy()
      return
    }
    if (fault?.timeout) {
      if (fault.process) await run()
      // Never answer: the client sees its own timeout. The socket is closed on reset or close.
      held.add(res)
      res.once("close", () => held.delete(res))
      context.store.logRequest({ method, path: pathname, status: null, at: receivedAt })
      context.options.log(`${method} ${pathname} held without an answer (timeout fault)`)
      return
    }
    let reply: Reply
    if (fault?.status !== undefined) {
      if (fault.process) await run()
      const headers: Record<string, string> =
        fault.retry_after !== undefined ? { "retry-after": String(fault.retry_after) } : {}
      reply = detail(fault.status, "Simulated fault", headers)
    } else {
      reply = await run()
    }
    if (closing || res.destroyed) return
    writeReply(res, reply)
    if (area === "api") context.store.logRequest({ method, path: pathname, status: reply.status, at: receivedAt })
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      context.options.log(`request failed: ${error instanceof Error ? error.message : String(error)}`)
      if (!res.headersSent) writeReply(res, detail(500, "Internal Server Error"))
      else res.destroy()
    })
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.once("close", () => sockets.delete(socket))
  })

  const releaseHeldRequests = () => {
    for (const res of held) res.socket?.destroy()
    held.clear()
  }

  let closed: Promise<void> | undefined
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      closing = true
      for (const pending of delays) {
        clearTimeout(pending.timer)
        pending.resolve(false)
      }
      delays.clear()
      releaseHeldRequests()
      server.close(() => resolve())
      for (const socket of sockets) socket.destroy()
    })
    return closed
  }

  return { server, releaseHeldRequests, close }
}
