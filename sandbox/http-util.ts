// Small HTTP helpers over node:http. Handlers return a Reply instead of writing to the response,
// so the server can run a handler and drop its answer (the "process, then time out" fault).

import type { IncomingMessage, ServerResponse } from "node:http"

export type Reply =
  | { status: number; headers?: Record<string, string>; json: unknown }
  | { status: number; headers?: Record<string, string>; html: string }

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, json: body, headers }
}

export function html(status: number, body: string): Reply {
  return { status, html: body }
}

/** FastAPI's error shape: `{"detail": "text"}` or a list of validation errors. */
export function detail(status: number, text: string, headers?: Record<string, string>): Reply {
  return json(status, { detail: text }, headers)
}

/** Thrown by handlers to answer early (404, 409, 422...); the server turns it into its reply. */
export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`)
  }
}

export class BodyTooLargeError extends Error {}

export const MAX_BODY_BYTES = 1024 * 1024

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new BodyTooLargeError(`body over ${limit} bytes`))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })
}

const SECURITY_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
}

// The hosted pages use inline CSS only and post back to themselves; nothing else may load.
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"

export function writeReply(res: ServerResponse, reply: Reply): void {
  const isHtml = "html" in reply
  const body = isHtml ? reply.html : JSON.stringify(reply.json)
  res.writeHead(reply.status, {
    ...SECURITY_HEADERS,
    ...(isHtml
      ? { "content-type": "text/html; charset=utf-8", "content-security-policy": PAGE_CSP }
      : { "content-type": "application/json" }),
    "content-length": String(Buffer.byteLength(body)),
    ...reply.headers,
  })
  res.end(body)
}

/** Decodes a JSON body; undefined for an empty body so that schemas report "Field required". */
export function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  if (body.length === 0) return { ok: true, value: undefined }
  try {
    return { ok: true, value: JSON.parse(body.toString("utf8")) }
  } catch {
    return { ok: false }
  }
}

/** Splits a path into decoded segments; null when a segment is not valid percent-encoding. */
export function pathSegments(pathname: string): string[] | null {
  try {
    return pathname
      .split("/")
      .filter((segment) => segment !== "")
      .map((segment) => decodeURIComponent(segment))
  } catch {
    return null
  }
}
