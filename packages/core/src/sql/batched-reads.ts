interface Waiter<V> {
  resolve(value: V | undefined): void
  reject(error: unknown): void
}

/**
 * Reads of single keys, merged into one query per batch when they pile up. A read is sent at once
 * while fewer than `maxInFlight` queries are out; beyond that it waits, and every read waiting
 * when a query comes back goes out together in the next. A burst of a thousand reads becomes a
 * few queries instead of queueing a thousand for the pool, and each read still starts after it
 * was asked for, so it sees every write that finished before.
 */
export class BatchedReads<V> {
  private inFlight = 0
  private readonly waiting = new Map<string, Array<Waiter<V>>>()

  constructor(
    private readonly maxInFlight: number,
    private readonly maxBatch: number,
    /** The values of `keys` that exist. */
    private readonly readMany: (keys: string[]) => Promise<Map<string, V>>,
  ) {}

  read(key: string): Promise<V | undefined> {
    if (this.waiting.size === 0 && this.inFlight < this.maxInFlight) {
      // Nothing piled up: this read alone, at once.
      this.inFlight++
      return this.readMany([key])
        .then((found) => found.get(key))
        .finally(() => {
          this.inFlight--
          this.send()
        })
    }
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(key)
      if (waiters) waiters.push({ resolve, reject })
      else this.waiting.set(key, [{ resolve, reject }])
      this.send()
    })
  }

  private send(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.size > 0) {
      const batch = new Map<string, Array<Waiter<V>>>()
      for (const [key, waiters] of this.waiting) {
        if (batch.size >= this.maxBatch) break
        batch.set(key, waiters)
      }
      for (const key of batch.keys()) this.waiting.delete(key)
      this.inFlight++
      this.readMany([...batch.keys()])
        .then(
          (found) => {
            for (const [key, waiters] of batch) for (const w of waiters) w.resolve(found.get(key))
          },
          (error: unknown) => {
            for (const waiters of batch.values()) for (const w of waiters) w.reject(error)
          },
        )
        .finally(() => {
          this.inFlight--
          this.send()
        })
    }
  }
}
