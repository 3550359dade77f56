import type { Clock } from '../clock.js'
import { AlipayError } from '../errors.js'
import { checkPageRequest, type MerchantPage, type MerchantPageRequest } from './page.js'
import { type StoreRecord, StoreState } from './store-state.js'
import type { AuthorizationState, MerchantToken, StateStore, TokenStore } from './types.js'

/**
 * Both store contracts over an in-memory `StoreState`. Every check-and-change happens
 * synchronously before the first `await`, which is what makes `take` and `claim` atomic in
 * one process; subclasses only decide how an applied record becomes durable.
 */
export abstract class RecordStore implements TokenStore, StateStore {
  private readonly data = new StoreState()
  private changesSinceSweep = 0
  private closing: Promise<void> | undefined

  protected constructor(protected readonly clock: Clock) {}

  /** Resolves once `record`, already applied in memory, is durable. */
  protected abstract persist(record: StoreRecord): Promise<void>
  /** Resolves once every record applied so far is durable, so no read returns a change that could still be lost. */
  protected abstract persisted(): Promise<void>
  protected abstract shutdown(): Promise<void>

  /** The records that rebuild the current contents, for compaction. */
  protected snapshot(): Iterable<StoreRecord> {
    return this.data.records(this.clock())
  }

  /** Live entries in memory, to compare with the size of a log. */
  protected get liveEntries(): number {
    return this.data.size
  }

  /** Replays a record read back from durable storage. */
  protected restore(record: StoreRecord): void {
    this.data.apply(record)
  }

  async get(authAppId: string): Promise<MerchantToken | undefined> {
    this.assertOpen()
    const token = this.data.tokens.get(authAppId)
    await this.persisted()
    return token && copy(token)
  }

  async set(token: MerchantToken): Promise<void> {
    await this.commit({ op: 'set', token: copy(token) })
  }

  async delete(authAppId: string): Promise<void> {
    this.assertOpen()
    if (this.data.tokens.has(authAppId)) await this.commit({ op: 'delete', authAppId })
    else await this.persisted()
  }

  async list(): Promise<MerchantToken[]> {
    this.assertOpen()
    const tokens = Array.from(this.data.tokens.values(), copy)
    await this.persisted()
    return tokens
  }

  async listPage(request: MerchantPageRequest): Promise<MerchantPage> {
    const { after, limit } = checkPageRequest(request)
    this.assertOpen()
    const { tokens, more } = this.data.tokenPage(after, limit)
    const merchants = tokens.map(copy)
    await this.persisted()
    const last = merchants.at(-1)
    return more && last ? { merchants, next: last.authAppId } : { merchants }
  }

  async listExpiringBefore(time: number, limit: number): Promise<MerchantToken[]> {
    this.assertOpen()
    const due = [...this.data.tokens.values()]
      .filter((token) => token.status === 'active' && token.expiresAt <= time)
      .sort((a, b) => a.expiresAt - b.expiresAt)
      .slice(0, Math.max(0, limit))
      .map(copy)
    await this.persisted()
    return due
  }

  async put(state: string, value: AuthorizationState, ttlMs: number): Promise<void> {
    assertTtl(ttlMs)
    await this.commit({ op: 'put', state, value: copy(value), expiresAt: this.clock() + ttlMs })
  }

  async take(state: string): Promise<AuthorizationState | undefined> {
    this.assertOpen()
    const pending = this.data.states.get(state)
    if (!pending) {
      await this.persisted()
      return undefined
    }
    const live = pending.expiresAt > this.clock()
    // Expired ones are deleted too, so that a clock set back after a restart cannot revive them.
    await this.commit({ op: 'take', state })
    return live ? copy(pending.value) : undefined
  }

  async peek(state: string): Promise<AuthorizationState | undefined> {
    this.assertOpen()
    const pending = this.data.states.get(state)
    const live = pending !== undefined && pending.expiresAt > this.clock()
    await this.persisted()
    return live ? copy(pending.value) : undefined
  }

  async isClaimed(key: string): Promise<boolean> {
    this.assertOpen()
    const heldUntil = this.data.claims.get(key)
    await this.persisted()
    return heldUntil !== undefined && heldUntil > this.clock()
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs)
    this.assertOpen()
    const now = this.clock()
    const heldUntil = this.data.claims.get(key)
    if (heldUntil !== undefined && heldUntil > now) {
      await this.persisted()
      return false
    }
    await this.commit({ op: 'claim', key, expiresAt: now + ttlMs })
    return true
  }

  /** Waits for pending writes; afterwards every call rejects. Calling it again is harmless. */
  close(): Promise<void> {
    this.closing ??= this.shutdown()
    return this.closing
  }

  private commit(record: StoreRecord): Promise<void> {
    this.assertOpen()
    this.data.apply(record)
    // Sweeping once per as many changes as there are entries keeps it O(1) per change.
    if (++this.changesSinceSweep > this.data.size) {
      this.data.sweep(this.clock())
      this.changesSinceSweep = 0
    }
    return this.persist(record)
  }

  private assertOpen(): void {
    if (this.closing) {
      throw new AlipayError('This store has been closed. Open a new store to read or write.')
    }
  }
}

/** A copy the caller may change freely; the context is the only nested value, and often absent. */
function copy<T extends { context?: unknown }>(entry: T): T {
  return entry.context === undefined
    ? { ...entry }
    : { ...entry, context: structuredClone(entry.context) }
}

function assertTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new AlipayError(
      `ttlMs must be a positive number of milliseconds, got ${ttlMs}. Pass how long the entry should live.`,
    )
  }
}
