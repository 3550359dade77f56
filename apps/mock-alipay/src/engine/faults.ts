/**
 * Injected faults (`POST /__admin/faults`). A fault matches an API method or a path, fires for
 * the next `times` matching requests or with a `probability` under a seeded PRNG, and is
 * applied by the engine around the normal handling.
 */
export type FaultKind =
  | 'latency'
  | 'http_error'
  | 'reset'
  | 'garbled'
  | 'bad_signature'
  | 'business_error'

export const FAULT_KINDS: readonly FaultKind[] = [
  'latency',
  'http_error',
  'reset',
  'garbled',
  'bad_signature',
  'business_error',
]

export interface FaultSpec {
  kind: FaultKind
  method?: string
  path?: string
  latency_ms?: number
  /** `latency` only: handle the request first (a refresh rotates), then wait before answering. */
  after_handling?: boolean
  status?: number
  sub_code?: string
  times?: number
  probability?: number
  seed?: number
}

interface ActiveFault {
  spec: FaultSpec
  remaining: number
  random: () => number
}

export class FaultTable {
  #faults: ActiveFault[] = []

  add(spec: FaultSpec): void {
    this.#faults.push({
      spec,
      remaining: spec.times ?? Number.POSITIVE_INFINITY,
      random: mulberry32(spec.seed ?? 1),
    })
  }

  list(): FaultSpec[] {
    return this.#faults.map((fault) => fault.spec)
  }

  isEmpty(): boolean {
    return this.#faults.length === 0
  }

  clear(): void {
    this.#faults = []
  }

  /** The first fault that matches and fires for this request, consuming one of its `times`. */
  take(path: string, method: string | undefined): FaultSpec | undefined {
    for (const fault of this.#faults) {
      const { spec } = fault
      if (spec.path !== undefined && spec.path !== path) continue
      if (spec.method !== undefined && spec.method !== method) continue
      if (spec.probability !== undefined && fault.random() >= spec.probability) continue
      fault.remaining--
      if (fault.remaining <= 0) this.#faults = this.#faults.filter((other) => other !== fault)
      return spec
    }
    return undefined
  }
}

/** A small seeded PRNG, so a probabilistic fault plays out the same way on every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
