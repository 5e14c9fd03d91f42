import { percentile } from "../percentiles"

describe("percentile (nearest rank)", () => {
  it.each([
    { samples: [5], p: 50, expected: 5 },
    { samples: [5], p: 95, expected: 5 },
    { samples: [3, 1, 2], p: 50, expected: 2 },
    { samples: [1, 2, 3, 4], p: 50, expected: 2 },
    { samples: [1, 2, 3, 4], p: 75, expected: 3 },
    { samples: [1, 2, 3, 4], p: 100, expected: 4 },
    { samples: Array.from({ length: 20 }, (_, i) => i + 1), p: 95, expected: 19 },
    { samples: Array.from({ length: 100 }, (_, i) => 100 - i), p: 95, expected: 95 },
    { samples: Array.from({ length: 50 }, (_, i) => i + 1), p: 95, expected: 48 },
  ])("p$p of $samples.length samples is $expected", ({ samples, p, expected }) => {
    expect(percentile(samples, p)).toBe(expected)
  })

  it("is NaN without samples and refuses a p outside (0, 100]", () => {
    expect(percentile([], 50)).toBeNaN()
    expect(() => percentile([1], 0)).toThrow(RangeError)
    expect(() => percentile([1], 101)).toThrow(RangeError)
  })
})
