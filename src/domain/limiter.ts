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

/**
 * A limiter whose tasks have keys: a task asked for while another of the same key is still
 * waiting for its slot joins that one (both callers get its result) instead of queueing again.
 * A task that has started is not joined: what it read may be older than the new caller's reason.
 */
export function createKeyedLimiter(limit: number) {
  const run = createLimiter(limit)
  const waiting = new Map<string, Promise<unknown>>()
  return function runKeyed<T>(key: string, task: () => Promise<T>): Promise<T> {
    const queued = waiting.get(key)
    if (queued) return queued as Promise<T>
    let started = false
    const promise = run(() => {
      started = true
      waiting.delete(key)
      return task()
    })
    // With a free slot the task has started already, synchronously, inside run().
    if (!started) waiting.set(key, promise)
    return promise
  }
}
