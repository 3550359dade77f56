/**
 * Saves the engine's state shortly after requests, coalescing bursts into one write and never
 * running two writes at once. `flush()` on close writes the final state.
 */
export class StateSaver {
  #timer: NodeJS.Timeout | undefined
  #writing: Promise<void> = Promise.resolve()

  constructor(
    private readonly save: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly delayMs = 50,
  ) {}

  schedule(): void {
    if (this.#timer) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#write().catch(this.onError)
    }, this.delayMs)
    // A pending save must not keep a test process alive; close() flushes it.
    this.#timer.unref()
  }

  async flush(): Promise<void> {
    clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#write()
  }

  #write(): Promise<void> {
    this.#writing = this.#writing.then(this.save, this.save)
    return this.#writing
  }
}
