import type { RequestLogEntry, TokenRule } from './contract.js'

/** A bounded journal of inbound requests and outbound notification attempts, newest last. */
export class RequestLog {
  #entries: RequestLogEntry[] = []

  constructor(readonly capacity: number) {}

  add(entry: RequestLogEntry): void {
    this.#entries.push(entry)
    if (this.#entries.length > this.capacity) this.#entries.shift()
  }

  entries(): RequestLogEntry[] {
    return [...this.#entries]
  }

  clear(): void {
    this.#entries = []
  }
}

/** What a handler learned about the request it handled, for its log entry. */
export interface RequestNotes {
  method?: string
  grant_type?: string
  app_id?: string
  verification?: { ok: boolean; signed_string?: string; reason?: string }
  fault?: string
  /** What looked wrong but was accepted, e.g. a timestamp not in China time. */
  warnings?: string[]
  /** An unexpected error inside the engine, answered as 20000 isp.unknow-error. */
  error?: string
  /** A business call's merchant, from its token (never the token). */
  merchant?: { user_id: string; auth_app_id: string }
  token_rule?: TokenRule
  stub_id?: string
}
