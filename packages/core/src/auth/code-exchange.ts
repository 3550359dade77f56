import type { AlipayClient } from '../client/alipay-client.js'
import type { Clock } from '../clock.js'
import { AlipayDuplicateCallbackError } from '../errors.js'
import type { MerchantToken, StateStore, TokenStore } from '../stores/types.js'
import { sameSecret } from './callback-query.js'
import { type AppAuthEventEmitter, reportCallFailure } from './events.js'
import { merchantFromGrant, type Provenance } from './merchant-record.js'

/**
 * docs/protocol.md §2: a code lives 24 hours, so remembering it that long makes every repeat a
 * duplicate.
 */
const CODE_CLAIM_TTL_MS = 24 * 60 * 60 * 1000
/** How many recent exchanges this process remembers, to tell a duplicate what the first one got. */
const REMEMBERED_EXCHANGES = 1000

interface Exchange {
  browserBinding: string | undefined
  result: Promise<MerchantToken[]>
}

/** Exchanges each code at most once, across processes sharing the state store. */
export class CodeExchange {
  private readonly recent = new Map<string, Exchange>()

  constructor(
    private readonly client: AlipayClient,
    private readonly tokens: TokenStore,
    private readonly states: StateStore,
    private readonly clock: Clock,
    private readonly events: AppAuthEventEmitter,
  ) {}

  /**
   * Claims the code before anything else, so that a double click or a replay (whose state is
   * already used up) is answered as a duplicate. `check` runs after the claim: a code that
   * fails it is burnt, never exchanged.
   */
  async exchangeOnce(
    code: string,
    browserBinding: string | undefined,
    check: () => Promise<Provenance>,
  ): Promise<MerchantToken[]> {
    if (!(await this.states.claim(`code:${code}`, CODE_CLAIM_TTL_MS))) {
      throw new AlipayDuplicateCallbackError(
        'This app_auth_code was already received (a replay or a double click); it was exchanged at most once. If the first exchange succeeded, the merchant is authorized; otherwise start the authorization again.',
        await this.firstResult(code, browserBinding),
      )
    }
    const result = (async () => {
      return this.exchange(code, await check())
    })()
    this.remember(code, { browserBinding, result })
    return result
  }

  private async exchange(code: string, provenance: Provenance): Promise<MerchantToken[]> {
    const issuedAt = this.clock()
    const grants = await this.client.exchangeCode(code).catch((error: unknown) => {
      reportCallFailure(this.events, error, 'exchangeCode')
      throw error
    })
    const now = this.clock()
    const merchants = grants.map((grant) =>
      merchantFromGrant(grant, issuedAt, issuedAt, now, provenance),
    )
    await Promise.all(merchants.map((merchant) => this.tokens.set(merchant)))
    for (const { authAppId, userId, traceId } of grants) {
      this.events.emit('codeExchanged', { authAppId, userId, traceId })
    }
    return merchants
  }

  /** Only the browser that made the first callback learns its result. */
  private async firstResult(
    code: string,
    browserBinding: string | undefined,
  ): Promise<MerchantToken[] | undefined> {
    const first = this.recent.get(code)
    if (!first?.browserBinding || !sameSecret(first.browserBinding, browserBinding))
      return undefined
    return first.result.catch(() => undefined)
  }

  private remember(code: string, exchange: Exchange): void {
    this.recent.set(code, exchange)
    exchange.result.catch(() => {})
    if (this.recent.size > REMEMBERED_EXCHANGES) {
      this.recent.delete(this.recent.keys().next().value as string)
    }
  }
}
