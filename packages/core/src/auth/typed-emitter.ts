/**
 * A minimal typed event emitter. Listeners observe; they must never break the flow they
 * observe, so one that throws is reported as a process warning and the others still run.
 */
export class TypedEmitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<(payload: never) => void>>()

  /** Calls `listener` on every `event`; returns a function that removes it. */
  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.listeners.get(event)
    if (set === undefined) {
      set = new Set()
      this.listeners.set(event, set)
    }
    set.add(listener)
    return () => this.off(event, listener)
  }

  off<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): void {
    this.listeners.get(event)?.delete(listener)
  }

  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    const set = this.listeners.get(event)
    if (set === undefined) return
    const warn = (error: unknown) =>
      process.emitWarning(
        `A listener for "${String(event)}" threw; the flow went on without it: ${String(error)}`,
        'AlipayIsvListenerWarning',
      )
    for (const listener of [...set] as Array<(payload: Events[E]) => unknown>) {
      try {
        // An async listener's rejection would otherwise be unhandled, and end the process.
        const result = listener(payload)
        if (result instanceof Promise) result.catch(warn)
      } catch (error) {
        warn(error)
      }
    }
  }
}
