import { createThrottledStatusReader } from "../throttled-status"

describe("createThrottledStatusReader", () => {
  function setup() {
    let clock = 0
    const reads: string[] = []
    let fail = false
    const readStatus = createThrottledStatusReader(
      async (id) => {
        reads.push(id)
        if (fail) throw new Error("Jetpay is down")
        return { state: `state-${reads.length}` }
      },
      { maxAgeMs: 3000, now: () => clock }
    )
    return {
      readStatus,
      reads,
      advance: (ms: number) => (clock += ms),
      failNext: (value: boolean) => (fail = value),
    }
  }

  it.each([
    // [ms between polls, polls, reads expected]
    [0, 20, 1],
    [500, 6, 1], // 0..2500 ms
    [1000, 4, 2], // 0, 1000, 2000, 3000 -> the 4th is 3 s after the first
    [3000, 3, 3],
  ])("polling every %i ms, %i times, reads Jetpay %i times", async (gap, polls, expected) => {
    const { readStatus, reads, advance } = setup()
    for (let i = 0; i < polls; i++) {
      await readStatus("tx-1")
      advance(gap)
    }
    expect(reads).toHaveLength(expected)
  })

  it("shares one request between concurrent callers and keeps transactions apart", async () => {
    const { readStatus, reads } = setup()
    const answers = await Promise.all([readStatus("a"), readStatus("a"), readStatus("b"), readStatus("a")])
    expect(reads).toEqual(["a", "b"])
    expect(answers[0]).toBe(answers[1])
  })

  it("reads again at once when asked for a fresh answer, and shares that one afterwards", async () => {
    const { readStatus, reads } = setup()
    await readStatus("a")
    await expect(readStatus("a", { fresh: true })).resolves.toEqual({ state: "state-2" })
    await expect(readStatus("a")).resolves.toEqual({ state: "state-2" })
    expect(reads).toHaveLength(2)
  })

  it("does not keep a failed read", async () => {
    const { readStatus, reads, failNext } = setup()
    failNext(true)
    await expect(readStatus("a")).rejects.toThrow("Jetpay is down")
    failNext(false)
    await expect(readStatus("a")).resolves.toEqual({ state: "state-2" })
    expect(reads).toHaveLength(2)
  })
})
