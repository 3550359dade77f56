import { createHash } from 'node:crypto'
import type { AlipayClient } from '../client/alipay-client.js'
import type { Clock } from '../clock.js'
import { AlipayContextChangeRefusedError, AlipayDuplicateCallbackError } from '../errors.js'
import type { MerchantToken, StateStore, TokenStore } from '../stores/types.js'
import { presentsBinding } from './browser-binding.js'
import {
  type ContextChange,
  type ContextChangeDecision,
  type OnContextChange,
  settleContexts,
} from './context-change.js'
import { type AppAuthEventEmitter, reportCallFailure } from './events.js'
import { merchantFromGrant, type Provenance } from './merchant-record.js'

/** docs/protocol.md §2: a code lives 24 hours, so a code exchanged once is a duplicate that long. */
const EXCHANGED_CLAIM_TTL_MS = 24 * 60 * 60 * 1000
/**
 * Held while an exchange runs, and all that is left of a code Alipay refused: far longer than an
 * exchange with its retries, short enough that junk codes leave nothing lasting behind.
 */
const PENDING_CLAIM_TTL_MS = 10 * 60 * 1000
/** How many recent exchanges this process remembers, to tell a duplicate what the first one got. */
const REMEMBERED_EXCHANGES = 1000

interface Exchange {
  browserBindings: readonly string[]
  result: Promise<MerchantToken[]>
  /** Until the result is in: meanwhile the same code is a duplicate without asking the store. */
  inFlight: boolean
}

/**
 * Exchanges each code at most once, across processes sharing the state store. Claims are keyed
 * by a hash of the code, so every key has the same small size whatever a visitor sends.
 */
export class CodeExchange {
  private readonly recent = new Map<string, Exchange>()

  constructor(
    private readonly client: AlipayClient,
    private readonly tokens: TokenStore,
    private readonly states: StateStore,
    private readonly clock: Clock,
    private readonly events: AppAuthEventEmitter,
    private readonly onContextChange: OnContextChange,
  ) {}

  /** Refuses a code received before as a duplicate, by reading only: nothing is written. */
  async refuseIfSeen(code: string, browserBindings: readonly string[]): Promise<void> {
    const key = codeKey(code)
    const [pending, exchanged] = await Promise.all([
      this.states.isClaimed(pendingClaim(key)),
      this.states.isClaimed(exchangedClaim(key)),
    ])
    if (pending || exchanged) throw await this.duplicate(key, browserBindings)
  }

  /**
   * Lets `consume` take what authorizes the code (its state) and say where the merchants come
   * from, then claims the code and exchanges it. Call it only once every read-only check has
   * passed. A code whose state another callback took first (a second phone on one QR code) is
   * never claimed, so nothing of it lingers; from the claim on, the code is spent, whatever
   * happens.
   */
  exchangeOnce(
    code: string,
    browserBindings: readonly string[],
    consume: () => Promise<Provenance>,
  ): Promise<MerchantToken[]> {
    const key = codeKey(code)
    // The same code under way in this process (a double click): the first one's result.
    if (this.recent.get(key)?.inFlight) return this.refuseDuplicate(key, browserBindings)
    const exchange: Exchange = {
      browserBindings,
      result: this.claimAndExchange(code, key, browserBindings, consume),
      inFlight: true,
    }
    const settled = () => {
      exchange.inFlight = false
    }
    exchange.result.then(settled, settled)
    this.remember(key, exchange)
    return exchange.result
  }

  private async claimAndExchange(
    code: string,
    key: string,
    browserBindings: readonly string[],
    consume: () => Promise<Provenance>,
  ): Promise<MerchantToken[]> {
    let claimed = false
    try {
      if (await this.states.isClaimed(exchangedClaim(key))) throw seenBefore
      const provenance = await consume()
      claimed = await this.states.claim(pendingClaim(key), PENDING_CLAIM_TTL_MS)
      if (!claimed) throw seenBefore
      return await this.exchange(code, key, provenance)
    } catch (error) {
      // Not claimed here: the code may come back (its state was taken first, the store failed).
      if (!claimed) this.recent.delete(key)
      throw error === seenBefore ? await this.duplicate(key, browserBindings) : error
    }
  }

  private async refuseDuplicate(key: string, browserBindings: readonly string[]): Promise<never> {
    throw await this.duplicate(key, browserBindings)
  }

  private async exchange(
    code: string,
    key: string,
    provenance: Provenance,
  ): Promise<MerchantToken[]> {
    const issuedAt = this.clock()
    const grants = await this.client.exchangeCode(code).catch((error: unknown) => {
      reportCallFailure(this.events, error, 'exchangeCode')
      throw error
    })
    const stored = await Promise.all(
      grants.map(async (grant) => ({ ...grant, stored: await this.tokens.get(grant.authAppId) })),
    )
    const settled = await settleContexts(this.onContextChange, provenance, stored).catch(
      async (error: unknown) => {
        // Spent at Alipay all the same: a replay of it is a duplicate, not a new exchange.
        if (error instanceof AlipayContextChangeRefusedError) {
          this.reportContextChanges(error.changes)
          await this.states.claim(exchangedClaim(key), EXCHANGED_CLAIM_TTL_MS)
        }
        throw error
      },
    )
    this.reportContextChanges(settled.flatMap(({ change }) => (change ? [change] : [])))
    const now = this.clock()
    const merchants = grants.map((grant, index) =>
      merchantFromGrant(grant, issuedAt, issuedAt, now, settled[index]?.provenance ?? provenance),
    )
    await Promise.all([
      ...merchants.map((merchant) => this.tokens.set(merchant)),
      this.states.claim(exchangedClaim(key), EXCHANGED_CLAIM_TTL_MS),
    ])
    for (const { authAppId, userId, traceId } of grants) {
      this.events.emit('codeExchanged', { authAppId, userId, traceId })
    }
    return merchants
  }

  private reportContextChanges(
    changes: ReadonlyArray<ContextChange & { decision: ContextChangeDecision }>,
  ): void {
    for (const { authAppId, userId, via, decision } of changes) {
      this.events.emit('contextChange', { authAppId, userId, via, decision })
    }
  }

  private async duplicate(
    key: string,
    browserBindings: readonly string[],
  ): Promise<AlipayDuplicateCallbackError> {
    return new AlipayDuplicateCallbackError(
      'This app_auth_code was already received (a replay or a double click); it was exchanged at most once. If the first exchange succeeded, the merchant is authorized; otherwise start the authorization again.',
      await this.firstResult(key, browserBindings),
    )
  }

  /** Only the browser that made the first callback learns its result. */
  private async firstResult(
    key: string,
    browserBindings: readonly string[],
  ): Promise<MerchantToken[] | undefined> {
    const first = this.recent.get(key)
    const sameBrowser = first?.browserBindings.some((binding) =>
      presentsBinding(binding, browserBindings),
    )
    return sameBrowser ? first?.result.catch(() => undefined) : undefined
  }

  private remember(key: string, exchange: Exchange): void {
    this.recent.set(key, exchange)
    exchange.result.catch(() => {})
    if (this.recent.size > REMEMBERED_EXCHANGES) {
      this.recent.delete(this.recent.keys().next().value as string)
    }
  }
}

/** Thrown inside `claimAndExchange` only, for the duplicate error it stands for. */
const seenBefore = Symbol('code seen before')

/** Fixed-size: a SHA-256 of the code, whatever its length. */
function codeKey(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('base64url')
}

const pendingClaim = (key: string) => `code:${key}`
const exchangedClaim = (key: string) => `code-exchanged:${key}`
