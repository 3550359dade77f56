import { type Clock, systemClock } from '../clock.js'
import { RecordStore } from './record-store.js'

export interface MemoryStoreOptions {
  /** Decides when states and claims expire. Default: `Date.now`. */
  clock?: Clock
}

/**
 * Token and state store in process memory, for tests and development: everything is lost
 * when the process ends. One instance serves as both `TokenStore` and `StateStore`.
 */
export class MemoryStore extends RecordStore {
  constructor(options: MemoryStoreOptions = {}) {
    super(options.clock ?? systemClock)
  }

  protected persist(): Promise<void> {
    return Promise.resolve()
  }

  protected persisted(): Promise<void> {
    return Promise.resolve()
  }

  protected shutdown(): Promise<void> {
    return Promise.resolve()
  }
}
