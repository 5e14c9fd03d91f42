import { createKeyedLimiter, createLimiter } from "../limiter"

describe("createLimiter", () => {
  it("runs at most `limit` tasks at once, the rest in order, and frees a slot on failure", async () => {
    const run = createLimiter(2)
    let active = 0
    let peak = 0
    const order: number[] = []
    const task = (n: number, fail = false) =>
      run(async () => {
        active += 1
        peak = Math.max(peak, active)
        await new Promise((resolve) => setTimeout(resolve, 5))
        active -= 1
        order.push(n)
        if (fail) throw new Error(`task ${n}`)
        return n
      })
    const results = await Promise.allSettled([task(1, true), task(2), task(3), task(4)])
    expect(peak).toBe(2)
    expect(results.map((result) => result.status)).toEqual(["rejected", "fulfilled", "fulfilled", "fulfilled"])
    expect(order.slice(2).sort()).toEqual([3, 4])
  })
})

describe("createKeyedLimiter", () => {
  it("joins a task that still waits for its slot, and queues one again once it has started", async () => {
    const run = createKeyedLimiter(1)
    const started: string[] = []
    let release!: () => void
    const blocker = run("blocker", () => new Promise<string>((resolve) => (release = () => resolve("blocker"))))
    const task = (key: string, label: string) =>
      run(key, async () => {
        started.push(label)
        return label
      })

    const first = task("a", "a1")
    const joined = task("a", "a2") // a1 still waits behind the blocker: a2 joins it
    const other = task("b", "b1")
    release()
    expect(await Promise.all([blocker, first, joined, other])).toEqual(["blocker", "a1", "a1", "b1"])
    expect(started).toEqual(["a1", "b1"])

    // Nothing waits now: a new task of the same key runs on its own.
    expect(await task("a", "a3")).toBe("a3")
    expect(started).toEqual(["a1", "b1", "a3"])
  })

  it("does not join a task that has started", async () => {
    const run = createKeyedLimiter(2)
    let release!: () => void
    const running = run("a", () => new Promise<string>((resolve) => (release = () => resolve("a1"))))
    const again = run("a", async () => "a2")
    release()
    expect(await Promise.all([running, again])).toEqual(["a1", "a2"])
  })
})
