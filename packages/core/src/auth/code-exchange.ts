import { createHash } from 'node:crypto'
import type { AlipayClient } from '../client/alipay-client.js'
import type { Clock } from '../clock.js'
import { AlipayDuplicateCallbackError } from '../errors.js'
import type { MerchantToken, StateStore, TokenStore } from '../stores/types.js'
import { presentsBinding } from './browser-binding.js'
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

/**
 * What became of a claimed code once `consume` took what authorizes it: both are spent, whether
 * the exchange succeeded or failed.
 */
export type ExchangeOutcome =
  | { status: 'exchanged'; merchants: MerchantToken[] }
  | { status: 'failed'; error: unknown }

/** The merchants of an exchange, or its failure thrown. */
export function exchangedMerchants(outcome: ExchangeOutcome): MerchantToken[] {
  if (outcome.status === 'failed') throw outcome.error
  return outcome.merchants
}

interface RecentExchange {
  browserBindings: readonly string[]
  /** Undefined when the exchange failed or never ran. */
  merchants: Promise<MerchantToken[] | undefined>
}

/**
 * Exchanges each code at most once, across processes sharing the state store. Claims are keyed
 * by a hash of the code, so every key has the same small size whatever a visitor sends.
 */
export class CodeExchange {
  private readonly recent = new Map<string, RecentExchange>()

  constructor(
    private readonly client: AlipayClient,
    private readonly tokens: TokenStore,
    private readonly states: StateStore,
    private readonly clock: Clock,
    private readonly events: AppAuthEventEmitter,
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
   * Claims the code, then lets `consume` take what authorizes it (its state) and say where the
   * merchants come from, then exchanges it. Call it only once every read-only check has passed:
   * from here on the code is spent, whatever happens. Rejects when nothing but the claim was
   * spent (a duplicate, the store failing, `consume` refusing); resolves once the authorization
   * was consumed, saying whether the exchange succeeded.
   */
  async exchangeOnce(
    code: string,
    browserBindings: readonly string[],
    consume: () => Promise<Provenance>,
  ): Promise<ExchangeOutcome> {
    const key = codeKey(code)
    const claimed =
      !(await this.states.isClaimed(exchangedClaim(key))) &&
      (await this.states.claim(pendingClaim(key), PENDING_CLAIM_TTL_MS))
    if (!claimed) throw await this.duplicate(key, browserBindings)
    const outcome = (async () => this.settle(code, key, await consume()))()
    const merchants = outcome.then((ended) =>
      ended.status === 'exchanged' ? ended.merchants : undefined,
    )
    this.remember(key, { browserBindings, merchants })
    return outcome
  }

  private async settle(
    code: string,
    key: string,
    provenance: Provenance,
  ): Promise<ExchangeOutcome> {
    try {
      return { status: 'exchanged', merchants: await this.exchange(code, key, provenance) }
    } catch (error) {
      return { status: 'failed', error }
    }
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
    const now = this.clock()
    const merchants = await Promise.all(
      grants.map(async (grant) => {
        const stored = await this.tokens.get(grant.authAppId)
        const kept = keepContext(provenance, stored)
        return merchantFromGrant(grant, issuedAt, issuedAt, now, kept)
      }),
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
    return sameBrowser ? first?.merchants.catch(() => undefined) : undefined
  }

  private remember(key: string, exchange: RecentExchange): void {
    this.recent.set(key, exchange)
    exchange.merchants.catch(() => {})
    if (this.recent.size > REMEMBERED_EXCHANGES) {
      this.recent.delete(this.recent.keys().next().value as string)
    }
  }
}

/**
 * An authorization that carries no context (an invitation, a flow started without one) keeps
 * the merchant's earlier context: only a new context replaces it.
 */
function keepContext(provenance: Provenance, stored: MerchantToken | undefined): Provenance {
  if (provenance.context !== undefined || stored?.context === undefined) return provenance
  return { via: provenance.via, context: stored.context }
}

/** Fixed-size: a SHA-256 of the code, whatever its length. */
function codeKey(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('base64url')
}

const pendingClaim = (key: string) => `code:${key}`
const exchangedClaim = (key: string) => `code-exchanged:${key}`
