// The demo storefront's web server: the static files of demo/storefront/ and a
// /config.json that tells the page where the Store API is and with which publishable
// key. The page calls Medusa directly (Medusa's storeCors allows this origin), as a
// real storefront on its own domain would; this server proxies nothing.
import { readFile } from "node:fs/promises"
import http from "node:http"
import path from "node:path"

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" }
/** Pretty paths for the two pages; every other file is asked for by its own name. */
const PAGES = { "/": "index.html", "/return": "return.html" }

/** Serves `dir` on 127.0.0.1:`port`; resolves once it listens. */
export function startStorefrontServer({ dir, port, config }) {
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? "/", "http://storefront")
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain", "Method not allowed")
    if (pathname === "/config.json") return send(res, 200, "application/json", JSON.stringify(config))
    const name = PAGES[pathname] ?? pathname.slice(1)
    // Flat folder, plain names: nothing outside demo/storefront/ can be asked for.
    if (!/^[a-z][a-z0-9-]*\.(html|js|css)$/.test(name)) return send(res, 404, "text/plain", "Not found")
    try {
      const body = await readFile(path.join(dir, name))
      send(res, 200, TYPES[path.extname(name)], body)
    } catch {
      send(res, 404, "text/plain", "Not found")
    }
  })
  return new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, "127.0.0.1", () => {
      resolve({
        port: server.address().port,
        close: () =>
          new Promise((done) => {
            server.close(() => done())
            server.closeAllConnections()
          }),
      })
    })
  })
}

function send(res, status, type, body) {
  // The demo's files change while people work on them: never serve a stale one.
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" })
  res.end(body)
}
