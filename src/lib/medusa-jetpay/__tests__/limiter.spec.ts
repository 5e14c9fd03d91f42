import { createLimiter } from "../limiter"

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
