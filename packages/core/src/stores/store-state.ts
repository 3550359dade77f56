import type { AuthorizationState, MerchantToken } from './types.js'

/**
 * One change to a store. Each is a blind write of one key, so replaying a record whose effect
 * is already in place changes nothing: the file log relies on this when it compacts.
 */
export type StoreRecord =
  | { op: 'set'; token: MerchantToken }
  | { op: 'delete'; authAppId: string }
  | { op: 'put'; state: string; value: AuthorizationState; expiresAt: number }
  | { op: 'take'; state: string }
  | { op: 'claim'; key: string; expiresAt: number }

export interface PendingState {
  value: AuthorizationState
  /** Epoch ms; the state is gone from this moment on. */
  expiresAt: number
}

/** What every store holds, as the result of applying its records in order. */
export class StoreState {
  readonly tokens = new Map<string, MerchantToken>()
  readonly states = new Map<string, PendingState>()
  /** Claim key → epoch ms at which the claim lapses. */
  readonly claims = new Map<string, number>()
  /** The token ids in ascending order, for paging; rebuilt after a merchant is added or removed. */
  private sortedIds: string[] | undefined

  get size(): number {
    return this.tokens.size + this.states.size + this.claims.size
  }

  apply(record: StoreRecord): void {
    switch (record.op) {
      case 'set':
        if (!this.tokens.has(record.token.authAppId)) this.sortedIds = undefined
        this.tokens.set(record.token.authAppId, record.token)
        break
      case 'delete':
        if (this.tokens.delete(record.authAppId)) this.sortedIds = undefined
        break
      case 'put':
        this.states.set(record.state, { value: record.value, expiresAt: record.expiresAt })
        break
      case 'take':
        this.states.delete(record.state)
        break
      case 'claim':
        this.claims.set(record.key, record.expiresAt)
        break
    }
  }

  /** Up to `limit` token records whose ids come after `after`, in id order, and whether more follow. */
  tokenPage(after: string | undefined, limit: number): { tokens: MerchantToken[]; more: boolean } {
    this.sortedIds ??= [...this.tokens.keys()].sort()
    const ids = this.sortedIds
    let start = 0
    if (after !== undefined) {
      // Binary search: the first id greater than `after`.
      let end = ids.length
      while (start < end) {
        const middle = (start + end) >>> 1
        if ((ids[middle] as string) <= after) start = middle + 1
        else end = middle
      }
    }
    const page = ids.slice(start, start + limit)
    return {
      tokens: page.map((id) => this.tokens.get(id) as MerchantToken),
      more: start + limit < ids.length,
    }
  }

  /** Forgets expired states and claims, which no caller can observe any more. */
  sweep(now: number): void {
    for (const [state, pending] of this.states) {
      if (pending.expiresAt <= now) this.states.delete(state)
    }
    for (const [key, expiresAt] of this.claims) {
      if (expiresAt <= now) this.claims.delete(key)
    }
  }

  /** The fewest records that rebuild this state as of `now`. */
  *records(now: number): Generator<StoreRecord> {
    for (const token of this.tokens.values()) yield { op: 'set', token }
    for (const [state, { value, expiresAt }] of this.states) {
      if (expiresAt > now) yield { op: 'put', state, value, expiresAt }
    }
    for (const [key, expiresAt] of this.claims) {
      if (expiresAt > now) yield { op: 'claim', key, expiresAt }
    }
  }
}
