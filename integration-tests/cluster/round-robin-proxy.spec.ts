// The cluster's load balancer (round-robin-proxy.ts) over real sockets: requests take turns,
// a backend that refuses connections is skipped, one that dies mid-request is not sent the
// request again, and bodies stream both ways.
import http from "node:http"
import type { AddressInfo } from "node:net"
import { startRoundRobinProxy, type RoundRobinProxy } from "./round-robin-proxy"

type Backend = { url: string; server: http.Server; bodies: string[] }

async function backend(name: string, handle?: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Backend> {
  const bodies: string[] = []
  const server = http.createServer(async (req, res) => {
    if (handle) return handle(req, res)
    let body = ""
    for await (const chunk of req) body += chunk
    bodies.push(body)
    res.writeHead(200, { "content-type": "text/plain", "x-backend": name })
    res.end(`${name} ${req.method} ${req.url} ${body}`)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, bodies }
}

/** A port nothing listens on: a server that is down. */
async function downUrl(): Promise<string> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

describe("round-robin proxy", () => {
  const closers: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close()
  })
  const started = async (backends: string[]): Promise<RoundRobinProxy> => {
    const proxy = await startRoundRobinProxy({ backends })
    closers.push(() => proxy.close())
    return proxy
  }
  const own = (b: Backend) => {
    closers.push(() => new Promise<void>((resolve) => b.server.close(() => resolve())))
    return b
  }

  it("sends each request to the next backend in turn, with its method, path, headers and body", async () => {
    const a = own(await backend("a"))
    const b = own(await backend("b"))
    const proxy = await started([a.url, b.url])
    const answers: string[] = []
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${proxy.url}/hooks/jetpay?n=${i}`, { method: "POST", body: `body ${i}` })
      expect(response.status).toBe(200)
      answers.push(await response.text())
    }
    expect(answers).toEqual(["a POST /hooks/jetpay?n=0 body 0", "b POST /hooks/jetpay?n=1 body 1", "a POST /hooks/jetpay?n=2 body 2", "b POST /hooks/jetpay?n=3 body 3"])
    expect(proxy.stats().map((stat) => stat.requests)).toEqual([2, 2])
  })

  it("sends a request a backend refused to the next one, and leaves the refusing one out for a while", async () => {
    const down = await downUrl()
    const b = own(await backend("b"))
    const proxy = await started([down, b.url])
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${proxy.url}/store/carts`, { method: "POST", body: `{"n":${i}}` })
      expect(await response.text()).toBe(`b POST /store/carts {"n":${i}}`)
    }
    expect(b.bodies).toEqual(['{"n":0}', '{"n":1}', '{"n":2}'])
    // Refused once, then out of the rotation: tried last, and never needed.
    expect(proxy.stats()).toMatchObject([{ requests: 0, refused: 1 }, { requests: 3, refused: 0 }])
  })

  it("answers 502 when every backend refuses", async () => {
    const proxy = await started([await downUrl(), await downUrl()])
    const response = await fetch(`${proxy.url}/health`)
    expect(response.status).toBe(502)
    expect(await response.json()).toMatchObject({ message: expect.stringMatching(/every backend refused/) })
  })

  it("answers 502, without sending the request elsewhere, when a backend dies after taking it", async () => {
    const dying = own(await backend("dying", (req) => req.socket.destroy()))
    const b = own(await backend("b"))
    const proxy = await started([dying.url, b.url])
    const response = await fetch(`${proxy.url}/store/carts/c/complete`, { method: "POST", body: "{}" })
    expect(response.status).toBe(502)
    expect(b.bodies).toEqual([])
  })

  it("streams the answer as the backend writes it", async () => {
    let finish!: () => void
    const slow = own(
      await backend("slow", (_req, res) => {
        res.writeHead(200, { "content-type": "text/plain" })
        res.write("first ")
        finish = () => res.end("last")
      })
    )
    const proxy = await started([slow.url])
    const response = await fetch(`${proxy.url}/events`)
    const reader = response.body!.getReader()
    const first = await reader.read()
    expect(Buffer.from(first.value!).toString()).toBe("first ")
    finish()
    let rest = ""
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += Buffer.from(chunk.value).toString()
    expect(rest).toBe("last")
  })
})
