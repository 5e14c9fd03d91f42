/**
 * Runs at most `limit` tasks at once; the others wait their turn in the order they came.
 * A task's failure frees its slot like a success.
 */
export function createLimiter(limit: number) {
  let running = 0
  const waiting: Array<() => void> = []
  const release = () => {
    running -= 1
    waiting.shift()?.()
  }
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
    running += 1
    try {
      return await task()
    } finally {
      release()
    }
  }
}
