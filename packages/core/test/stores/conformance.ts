import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Clock } from '../../src/clock.js'
import type {
  AuthorizationState,
  MerchantToken,
  StateStore,
  TokenStore,
} from '../../src/stores/types.js'

export type ConformingStore = TokenStore & StateStore & { close(): Promise<void> }

const T0 = Date.UTC(2026, 0, 1)
const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

export function merchantToken(authAppId: string, overrides: Partial<MerchantToken> = {}) {
  return {
    authAppId,
    userId: '2088000000000001',
    appAuthToken: `202601BB${authAppId}`,
    appRefreshToken: `202601BB${authAppId}refresh`,
    expiresAt: T0 + 365 * DAY,
    refreshExpiresAt: T0 + 372 * DAY,
    authorizedAt: T0,
    updatedAt: T0,
    status: 'active',
    via: 'browser',
    ...overrides,
  } satisfies MerchantToken
}

function authorizationState(overrides: Partial<AuthorizationState> = {}): AuthorizationState {
  return {
    browserBinding: 'binding-1',
    redirectUri: 'https://isv.example/alipay/callback',
    createdAt: T0,
    kind: 'browser',
    ...overrides,
  }
}

function byId(tokens: MerchantToken[]): MerchantToken[] {
  return [...tokens].sort((a, b) => a.authAppId.localeCompare(b.authAppId))
}

/**
 * Registers the tests every TokenStore + StateStore must pass. `makeStore` gets the clock the
 * tests move, and must return an empty store each time it is called.
 */
export function describeStoreConformance(
  name: string,
  makeStore: (clock: Clock) => Promise<ConformingStore>,
): void {
  describe(`${name} (store conformance)`, () => {
    let now = T0
    let store: ConformingStore
    const advance = (ms: number) => {
      now += ms
    }

    beforeEach(async () => {
      now = T0
      store = await makeStore(() => now)
    })

    afterEach(async () => {
      await store.close()
    })

    describe('tokens', () => {
      it('gives undefined for a merchant it has never stored', async () => {
        expect(await store.get('2021000000000404')).toBeUndefined()
      })

      it('returns a stored record as it was set', async () => {
        const token = merchantToken('2021000000000001')
        await store.set(token)
        expect(await store.get(token.authAppId)).toEqual(token)
      })

      it('replaces the record of the same merchant on a second set', async () => {
        await store.set(merchantToken('2021000000000001'))
        const refreshed = merchantToken('2021000000000001', {
          appAuthToken: 'rotated',
          expiresAt: T0 + 400 * DAY,
          updatedAt: T0 + DAY,
        })
        await store.set(refreshed)
        expect(await store.get('2021000000000001')).toEqual(refreshed)
        expect(await store.list()).toEqual([refreshed])
      })

      it('deletes a record, and deleting an unknown merchant does nothing', async () => {
        await store.set(merchantToken('2021000000000001'))
        await store.set(merchantToken('2021000000000002'))
        await store.delete('2021000000000001')
        await store.delete('2021000000000404')
        expect(await store.get('2021000000000001')).toBeUndefined()
        expect(await store.list()).toEqual([merchantToken('2021000000000002')])
      })

      it('lists every record', async () => {
        const tokens = ['2021000000000003', '2021000000000001', '2021000000000002'].map((id) =>
          merchantToken(id, { status: id.endsWith('2') ? 'cancelled' : 'active' }),
        )
        for (const token of tokens) await store.set(token)
        expect(byId(await store.list())).toEqual(byId(tokens))
      })

      it('lists nothing when empty', async () => {
        expect(await store.list()).toEqual([])
      })

      it('lists active records expiring at or before a time, soonest first', async () => {
        await store.set(merchantToken('2021000000000001', { expiresAt: T0 + 3 * DAY }))
        await store.set(merchantToken('2021000000000002', { expiresAt: T0 + DAY }))
        await store.set(merchantToken('2021000000000003', { expiresAt: T0 + 2 * DAY }))
        await store.set(merchantToken('2021000000000004', { expiresAt: T0 + 2 * DAY + 1 }))
        const due = await store.listExpiringBefore(T0 + 2 * DAY, 10)
        expect(due.map((token) => token.authAppId)).toEqual([
          '2021000000000002',
          '2021000000000003',
        ])
      })

      it('leaves records that are not active out of the expiring list', async () => {
        await store.set(merchantToken('2021000000000001', { expiresAt: T0 }))
        await store.set(
          merchantToken('2021000000000002', { expiresAt: T0, status: 'needs-reauthorization' }),
        )
        await store.set(merchantToken('2021000000000003', { expiresAt: T0, status: 'cancelled' }))
        const due = await store.listExpiringBefore(T0 + DAY, 10)
        expect(due.map((token) => token.authAppId)).toEqual(['2021000000000001'])
      })

      it('returns at most `limit` expiring records, the soonest ones', async () => {
        for (let i = 1; i <= 5; i++) {
          await store.set(merchantToken(`202100000000000${i}`, { expiresAt: T0 + (10 - i) * DAY }))
        }
        const due = await store.listExpiringBefore(T0 + 30 * DAY, 2)
        expect(due.map((token) => token.authAppId)).toEqual([
          '2021000000000005',
          '2021000000000004',
        ])
        expect(await store.listExpiringBefore(T0 + 30 * DAY, 0)).toEqual([])
      })

      it('returns copies that callers can change without changing the store', async () => {
        await store.set(merchantToken('2021000000000001', { expiresAt: T0 }))
        const got = await store.get('2021000000000001')
        const [listed] = await store.list()
        const [due] = await store.listExpiringBefore(T0, 1)
        for (const token of [got, listed, due]) {
          if (!token) throw new Error('expected a record')
          token.appAuthToken = 'changed by caller'
          token.status = 'cancelled'
        }
        expect(await store.get('2021000000000001')).toEqual(
          merchantToken('2021000000000001', { expiresAt: T0 }),
        )
      })

      it('keeps the via and the context of a record, and its own copy of the context', async () => {
        const context = { tenant: 'acme', seats: [1, 2], nested: { ok: true, none: null } }
        const token = merchantToken('2021000000000001', { via: 'invite', context })
        await store.set(token)
        context.nested.ok = false
        const got = await store.get('2021000000000001')
        expect(got).toEqual(
          merchantToken('2021000000000001', {
            via: 'invite',
            context: { tenant: 'acme', seats: [1, 2], nested: { ok: true, none: null } },
          }),
        )
        ;(got as unknown as { context: { seats: number[] } }).context.seats.push(3)
        expect((await store.list())[0]?.context).toEqual({
          tenant: 'acme',
          seats: [1, 2],
          nested: { ok: true, none: null },
        })
      })

      it('keeps a refresh intent until a record without one replaces it', async () => {
        const started = merchantToken('2021000000000001', {
          issuedAt: T0,
          refreshStartedAt: T0 + MINUTE,
        })
        await store.set(started)
        expect(await store.get('2021000000000001')).toEqual(started)
        expect((await store.listExpiringBefore(T0 + 400 * DAY, 10))[0]).toEqual(started)
        const finished = merchantToken('2021000000000001', { issuedAt: T0 + MINUTE })
        await store.set(finished)
        expect(await store.get('2021000000000001')).toEqual(finished)
        expect((await store.list())[0]).not.toHaveProperty('refreshStartedAt')
      })

      it('keeps its own copy of a record that was set', async () => {
        const token = merchantToken('2021000000000001')
        await store.set(token)
        token.appAuthToken = 'changed by caller'
        expect(await store.get('2021000000000001')).toEqual(merchantToken('2021000000000001'))
      })
    })

    describe('authorization states', () => {
      it('gives a stored state to the first take and undefined to the next', async () => {
        await store.put('state-1', authorizationState(), 10 * MINUTE)
        expect(await store.take('state-1')).toEqual(authorizationState())
        expect(await store.take('state-1')).toBeUndefined()
      })

      it('gives undefined for a state it has never stored', async () => {
        expect(await store.take('state-unknown')).toBeUndefined()
      })

      it('gives a state until its ttl has passed', async () => {
        await store.put('state-1', authorizationState(), 10 * MINUTE)
        advance(10 * MINUTE - 1)
        expect(await store.take('state-1')).toEqual(authorizationState())
      })

      it('gives undefined for a state whose ttl has passed', async () => {
        await store.put('state-1', authorizationState(), 10 * MINUTE)
        advance(10 * MINUTE)
        expect(await store.take('state-1')).toBeUndefined()
      })

      it('takes one state without touching the others', async () => {
        await store.put('state-1', authorizationState({ browserBinding: 'a' }), MINUTE)
        await store.put('state-2', authorizationState({ browserBinding: 'b' }), MINUTE)
        expect(await store.take('state-1')).toEqual(authorizationState({ browserBinding: 'a' }))
        expect(await store.take('state-2')).toEqual(authorizationState({ browserBinding: 'b' }))
      })

      it('keeps its own copy of a state that was put', async () => {
        const value = authorizationState()
        await store.put('state-1', value, MINUTE)
        value.browserBinding = 'changed by caller'
        expect(await store.take('state-1')).toEqual(authorizationState())
      })

      it('keeps the kind and the context of a state, and its own copy of the context', async () => {
        const context = { tenant: 'acme', plan: ['pro'] }
        await store.put('state-1', authorizationState({ kind: 'qr', context }), MINUTE)
        context.plan.push('changed by caller')
        const peeked = await store.peek('state-1')
        ;(peeked as unknown as { context: { plan: string[] } }).context.plan.push(
          'changed by caller',
        )
        expect(await store.take('state-1')).toEqual(
          authorizationState({ kind: 'qr', context: { tenant: 'acme', plan: ['pro'] } }),
        )
      })

      it('gives the state to exactly one of 50 concurrent takes', async () => {
        await store.put('state-1', authorizationState(), MINUTE)
        const taken = await Promise.all(Array.from({ length: 50 }, () => store.take('state-1')))
        expect(taken.filter((value) => value !== undefined)).toEqual([authorizationState()])
      })
    })

    describe('peeking at states', () => {
      it('reads a state as often as asked without consuming it', async () => {
        await store.put('state-1', authorizationState(), MINUTE)
        expect(await store.peek('state-1')).toEqual(authorizationState())
        expect(await store.peek('state-1')).toEqual(authorizationState())
        expect(await store.take('state-1')).toEqual(authorizationState())
        expect(await store.peek('state-1')).toBeUndefined()
      })

      it('gives undefined for an unknown state, and for one whose ttl has passed', async () => {
        expect(await store.peek('state-unknown')).toBeUndefined()
        await store.put('state-1', authorizationState(), 10 * MINUTE)
        advance(10 * MINUTE - 1)
        expect(await store.peek('state-1')).toEqual(authorizationState())
        advance(1)
        expect(await store.peek('state-1')).toBeUndefined()
      })
    })

    describe('claims', () => {
      it('is true for the first claim of a key and false for later ones', async () => {
        expect(await store.claim('code-1', 10 * MINUTE)).toBe(true)
        expect(await store.claim('code-1', 10 * MINUTE)).toBe(false)
        expect(await store.claim('code-2', 10 * MINUTE)).toBe(true)
      })

      it('can be claimed again once its ttl has passed', async () => {
        expect(await store.claim('code-1', 10 * MINUTE)).toBe(true)
        advance(10 * MINUTE - 1)
        expect(await store.claim('code-1', 10 * MINUTE)).toBe(false)
        advance(1)
        expect(await store.claim('code-1', 10 * MINUTE)).toBe(true)
        expect(await store.claim('code-1', 10 * MINUTE)).toBe(false)
      })

      it('tells whether a key is claimed, without claiming it', async () => {
        expect(await store.isClaimed('code-1')).toBe(false)
        expect(await store.isClaimed('code-1')).toBe(false)
        expect(await store.claim('code-1', 10 * MINUTE)).toBe(true)
        expect(await store.isClaimed('code-1')).toBe(true)
        expect(await store.isClaimed('code-2')).toBe(false)
        advance(10 * MINUTE)
        expect(await store.isClaimed('code-1')).toBe(false)
      })

      it('is true for exactly one of 50 concurrent claims', async () => {
        const claimed = await Promise.all(
          Array.from({ length: 50 }, () => store.claim('code-1', MINUTE)),
        )
        expect(claimed.filter(Boolean)).toHaveLength(1)
      })
    })

    describe('close', () => {
      it('resolves, also when called a second time', async () => {
        await store.set(merchantToken('2021000000000001'))
        await store.close()
        await expect(store.close()).resolves.toBeUndefined()
      })

      it('makes later reads and writes reject', async () => {
        await store.close()
        await expect(store.get('2021000000000001')).rejects.toThrow()
        await expect(store.set(merchantToken('2021000000000001'))).rejects.toThrow()
        await expect(store.take('state-1')).rejects.toThrow()
        await expect(store.peek('state-1')).rejects.toThrow()
        await expect(store.isClaimed('code-1')).rejects.toThrow()
        await expect(store.claim('code-1', MINUTE)).rejects.toThrow()
      })
    })
  })
}
