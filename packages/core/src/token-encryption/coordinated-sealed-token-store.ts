import { isRefreshCoordinator, pause } from '../auth/fleet-refresh.js'
import { AlipayTimeoutError } from '../errors.js'
import type {
  MerchantToken,
  RefreshCoordinator,
  RefreshLease,
  TokenStore,
} from '../stores/types.js'
import { SealedTokenStore } from './sealed-token-store.js'
import type { TokenCipher } from './token-cipher.js'

/** `store` behind the cipher, offering the fleet's refresh lease when `store` does. */
export function sealTokenStore<S extends TokenStore>(
  store: S,
  cipher: TokenCipher,
): SealedTokenStore & (S extends RefreshCoordinator ? RefreshCoordinator : unknown) {
  return isRefreshCoordinator(store)
    ? new CoordinatedSealedTokenStore(store, cipher)
    : (new SealedTokenStore(store, cipher) as SealedTokenStore & RefreshCoordinator)
}

/**
 * A sealed store shared by a fleet (e.g. RedisStore): refreshes hold the merchant's lease as
 * before, and a re-encryption holds it too, writing with its fencing token, so that it never
 * overwrites a pair another instance has just rotated, nor a re-authorization or a cancellation.
 */
class CoordinatedSealedTokenStore extends SealedTokenStore implements RefreshCoordinator {
  constructor(
    private readonly coordinated: TokenStore & RefreshCoordinator,
    cipher: TokenCipher,
  ) {
    super(coordinated, cipher)
  }

  get refreshLeaseMs(): number {
    return this.coordinated.refreshLeaseMs
  }

  acquireRefreshLease(authAppId: string): Promise<RefreshLease | undefined> {
    return this.coordinated.acquireRefreshLease(authAppId)
  }

  async setIfFenced(token: MerchantToken, fencingToken: number): Promise<boolean> {
    return this.coordinated.setIfFenced(this.seal(token), fencingToken)
  }

  override async reencrypt(authAppId: string): Promise<'reencrypted' | 'unchanged'> {
    // A refresh holds the lease for at most refreshLeaseMs; its successor as long again.
    const deadline = Date.now() + 2 * this.refreshLeaseMs
    for (let attempt = 0; ; attempt++) {
      const lease = await this.coordinated.acquireRefreshLease(authAppId)
      if (lease) {
        const outcome = await this.reencryptHolding(authAppId, lease)
        if (outcome) return outcome
      }
      if (Date.now() > deadline) {
        throw new AlipayTimeoutError(
          `Merchant app ${authAppId}: its refresh lease stayed taken for ${2 * this.refreshLeaseMs} ms, so its tokens were not re-encrypted. Run reencryptTokens() again.`,
        )
      }
      await pause(attempt)
    }
  }

  /** The outcome, or undefined when a plain write (a re-authorization, a cancellation) came first. */
  private async reencryptHolding(
    authAppId: string,
    lease: RefreshLease,
  ): Promise<'reencrypted' | 'unchanged' | undefined> {
    try {
      const stored = await this.coordinated.get(authAppId)
      const next = stored && this.resealed(stored)
      if (next === undefined) return 'unchanged'
      return (await this.coordinated.setIfFenced(next, lease.fencingToken))
        ? 'reencrypted'
        : undefined
    } finally {
      await lease.release().catch(() => undefined)
    }
  }
}
