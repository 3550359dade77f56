import assert from 'node:assert/strict'
import type { Clock } from '../clock.js'
import type { AuthorizationState, MerchantToken, StateStore, TokenStore } from '../stores/types.js'

export type ConformingStore = TokenStore & StateStore & { close(): Promise<void> }

const T0 = Date.UTC(2026, 0, 1)
const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

/** A complete active MerchantToken for `authAppId`, with `overrides` applied. */
export function sampleMerchantToken(authAppId: string, overrides: Partial<MerchantToken> = {}) {
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
 * The functions of your test runner the suite registers its tests with: vitest's, jest's,
 * node:test's or mocha's fit as they are. Assertions use node:assert, which every runner reports.
 */
export interface TestRunner {
  describe(name: string, body: () => void): unknown
  it(name: string, body: () => Promise<void>): unknown
  beforeEach(body: () => Promise<void>): unknown
  afterEach(body: () => Promise<void>): unknown
}

/**
 * Registers the tests every TokenStore + StateStore must pass. `makeStore` gets the clock the
 * tests move, and must return an empty store each time it is called.
 */
export function describeStoreConformance(
  name: string,
  makeStore: (clock: Clock) => Promise<ConformingStore>,
  runner: TestRunner,
): void {
  const { describe, it, beforeEach, afterEach } = runner
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
        assert.equal(await store.get('2021000000000404'), undefined)
      })

      it('returns a stored record as it was set', async () => {
        const token = sampleMerchantToken('2021000000000001')
        await store.set(token)
        assert.deepStrictEqual(await store.get(token.authAppId), token)
      })

      it('replaces the record of the same merchant on a second set', async () => {
        await store.set(sampleMerchantToken('2021000000000001'))
        const refreshed = sampleMerchantToken('2021000000000001', {
          appAuthToken: 'rotated',
          expiresAt: T0 + 400 * DAY,
          updatedAt: T0 + DAY,
        })
        await store.set(refreshed)
        assert.deepStrictEqual(await store.get('2021000000000001'), refreshed)
        assert.deepStrictEqual(await store.list(), [refreshed])
      })

      it('deletes a record, and deleting an unknown merchant does nothing', async () => {
        await store.set(sampleMerchantToken('2021000000000001'))
        await store.set(sampleMerchantToken('2021000000000002'))
        await store.delete('2021000000000001')
        await store.delete('2021000000000404')
        assert.equal(await store.get('2021000000000001'), undefined)
        assert.deepStrictEqual(await store.list(), [sampleMerchantToken('2021000000000002')])
      })

      it('lists every record', async () => {
        const tokens = ['2021000000000003', '2021000000000001', '2021000000000002'].map((id) =>
          sampleMerchantToken(id, { status: id.endsWith('2') ? 'cancelled' : 'active' }),
        )
        for (const token of tokens) await store.set(token)
        assert.deepStrictEqual(byId(await store.list()), byId(tokens))
      })

      it('lists nothing when empty', async () => {
        assert.deepStrictEqual(await store.list(), [])
      })

      it('lists active records expiring at or before a time, soonest first', async () => {
        await store.set(sampleMerchantToken('2021000000000001', { expiresAt: T0 + 3 * DAY }))
        await store.set(sampleMerchantToken('2021000000000002', { expiresAt: T0 + DAY }))
        await store.set(sampleMerchantToken('2021000000000003', { expiresAt: T0 + 2 * DAY }))
        await store.set(sampleMerchantToken('2021000000000004', { expiresAt: T0 + 2 * DAY + 1 }))
        const due = await store.listExpiringBefore(T0 + 2 * DAY, 10)
        assert.deepStrictEqual(
          due.map((token) => token.authAppId),
          ['2021000000000002', '2021000000000003'],
        )
      })

      it('leaves records that are not active out of the expiring list', async () => {
        await store.set(sampleMerchantToken('2021000000000001', { expiresAt: T0 }))
        await store.set(
          sampleMerchantToken('2021000000000002', {
            expiresAt: T0,
            status: 'needs-reauthorization',
          }),
        )
        await store.set(
          sampleMerchantToken('2021000000000003', { expiresAt: T0, status: 'cancelled' }),
        )
        const due = await store.listExpiringBefore(T0 + DAY, 10)
        assert.deepStrictEqual(
          due.map((token) => token.authAppId),
          ['2021000000000001'],
        )
      })

      it('returns at most `limit` expiring records, the soonest ones', async () => {
        for (let i = 1; i <= 5; i++) {
          await store.set(
            sampleMerchantToken(`202100000000000${i}`, { expiresAt: T0 + (10 - i) * DAY }),
          )
        }
        const due = await store.listExpiringBefore(T0 + 30 * DAY, 2)
        assert.deepStrictEqual(
          due.map((token) => token.authAppId),
          ['2021000000000005', '2021000000000004'],
        )
        assert.deepStrictEqual(await store.listExpiringBefore(T0 + 30 * DAY, 0), [])
      })

      it('returns copies that callers can change without changing the store', async () => {
        await store.set(sampleMerchantToken('2021000000000001', { expiresAt: T0 }))
        const got = await store.get('2021000000000001')
        const [listed] = await store.list()
        const [due] = await store.listExpiringBefore(T0, 1)
        for (const token of [got, listed, due]) {
          if (!token) throw new Error('expected a record')
          token.appAuthToken = 'changed by caller'
          token.status = 'cancelled'
        }
        assert.deepStrictEqual(
          await store.get('2021000000000001'),
          sampleMerchantToken('2021000000000001', { expiresAt: T0 }),
        )
      })

      it('keeps the via and the context of a record, and its own copy of the context', async () => {
        const context = { tenant: 'acme', seats: [1, 2], nested: { ok: true, none: null } }
        const token = sampleMerchantToken('2021000000000001', { via: 'invite', context })
        await store.set(token)
        context.nested.ok = false
        const got = await store.get('2021000000000001')
        assert.deepStrictEqual(
          got,
          sampleMerchantToken('2021000000000001', {
            via: 'invite',
            context: { tenant: 'acme', seats: [1, 2], nested: { ok: true, none: null } },
          }),
        )
        ;(got as unknown as { context: { seats: number[] } }).context.seats.push(3)
        assert.deepStrictEqual((await store.list())[0]?.context, {
          tenant: 'acme',
          seats: [1, 2],
          nested: { ok: true, none: null },
        })
      })

      it('keeps a refresh intent until a record without one replaces it', async () => {
        const started = sampleMerchantToken('2021000000000001', {
          issuedAt: T0,
          refreshStartedAt: T0 + MINUTE,
        })
        await store.set(started)
        assert.deepStrictEqual(await store.get('2021000000000001'), started)
        assert.deepStrictEqual((await store.listExpiringBefore(T0 + 400 * DAY, 10))[0], started)
        const finished = sampleMerchantToken('2021000000000001', { issuedAt: T0 + MINUTE })
        await store.set(finished)
        assert.deepStrictEqual(await store.get('2021000000000001'), finished)
        assert.deepStrictEqual(await store.list(), [finished])
      })

      it('keeps its own copy of a record that was set', async () => {
        const token = sampleMerchantToken('2021000000000001')
        await store.set(token)
        token.appAuthToken = 'changed by caller'
        assert.deepStrictEqual(
          await store.get('2021000000000001'),
          sampleMerchantToken('2021000000000001'),
        )
      })
    })

    describe('authorization states', () => {
      it('gives a stored state to the first take and undefined to the next', async () => {
        await store.put('state-1', authorizationState(), 10 * MINUTE)
        assert.deepStrictEqual(await store.take('state-1'), authorizationState())
        assert.equal(await store.take('state-1'), undefined)
      })

      it('gives undefined for a state it has never stored', async () => {
        assert.equal(await store.take('state-unknown'), undefined)
      })

      it('gives a state until its ttl has passed', async () => {
        await store.put('state-1', authorizationState(), 10 * MINUTE)
        advance(10 * MINUTE - 1)
        assert.deepStrictEqual(await store.take('state-1'), authorizationState())
      })

      it('gives undefined for a state whose ttl has passed', async () => {
        await store.put('state-1', authorizationState(), 10 * MINUTE)
        advance(10 * MINUTE)
        assert.equal(await store.take('state-1'), undefined)
      })

      it('takes one state without touching the others', async () => {
        await store.put('state-1', authorizationState({ browserBinding: 'a' }), MINUTE)
        await store.put('state-2', authorizationState({ browserBinding: 'b' }), MINUTE)
        assert.deepStrictEqual(
          await store.take('state-1'),
          authorizationState({ browserBinding: 'a' }),
        )
        assert.deepStrictEqual(
          await store.take('state-2'),
          authorizationState({ browserBinding: 'b' }),
        )
      })

      it('keeps its own copy of a state that was put', async () => {
        const value = authorizationState()
        await store.put('state-1', value, MINUTE)
        value.browserBinding = 'changed by caller'
        assert.deepStrictEqual(await store.take('state-1'), authorizationState())
      })

      it('keeps the kind and the context of a state, and its own copy of the context', async () => {
        const context = { tenant: 'acme', plan: ['pro'] }
        await store.put('state-1', authorizationState({ kind: 'qr', context }), MINUTE)
        context.plan.push('changed by caller')
        const peeked = await store.peek('state-1')
        ;(peeked as unknown as { context: { plan: string[] } }).context.plan.push(
          'changed by caller',
        )
        assert.deepStrictEqual(
          await store.take('state-1'),
          authorizationState({ kind: 'qr', context: { tenant: 'acme', plan: ['pro'] } }),
        )
      })

      it('gives the state to exactly one of 50 concurrent takes', async () => {
        await store.put('state-1', authorizationState(), MINUTE)
        const taken = await Promise.all(Array.from({ length: 50 }, () => store.take('state-1')))
        assert.deepStrictEqual(
          taken.filter((value) => value !== undefined),
          [authorizationState()],
        )
      })
    })

    describe('peeking at states', () => {
      it('reads a state as often as asked without consuming it', async () => {
        await store.put('state-1', authorizationState(), MINUTE)
        assert.deepStrictEqual(await store.peek('state-1'), authorizationState())
        assert.deepStrictEqual(await store.peek('state-1'), authorizationState())
        assert.deepStrictEqual(await store.take('state-1'), authorizationState())
        assert.equal(await store.peek('state-1'), undefined)
      })

      it('gives undefined for an unknown state, and for one whose ttl has passed', async () => {
        assert.equal(await store.peek('state-unknown'), undefined)
        await store.put('state-1', authorizationState(), 10 * MINUTE)
        advance(10 * MINUTE - 1)
        assert.deepStrictEqual(await store.peek('state-1'), authorizationState())
        advance(1)
        assert.equal(await store.peek('state-1'), undefined)
      })
    })

    describe('claims', () => {
      it('is true for the first claim of a key and false for later ones', async () => {
        assert.equal(await store.claim('code-1', 10 * MINUTE), true)
        assert.equal(await store.claim('code-1', 10 * MINUTE), false)
        assert.equal(await store.claim('code-2', 10 * MINUTE), true)
      })

      it('can be claimed again once its ttl has passed', async () => {
        assert.equal(await store.claim('code-1', 10 * MINUTE), true)
        advance(10 * MINUTE - 1)
        assert.equal(await store.claim('code-1', 10 * MINUTE), false)
        advance(1)
        assert.equal(await store.claim('code-1', 10 * MINUTE), true)
        assert.equal(await store.claim('code-1', 10 * MINUTE), false)
      })

      it('tells whether a key is claimed, without claiming it', async () => {
        assert.equal(await store.isClaimed('code-1'), false)
        assert.equal(await store.isClaimed('code-1'), false)
        assert.equal(await store.claim('code-1', 10 * MINUTE), true)
        assert.equal(await store.isClaimed('code-1'), true)
        assert.equal(await store.isClaimed('code-2'), false)
        advance(10 * MINUTE)
        assert.equal(await store.isClaimed('code-1'), false)
      })

      it('is true for exactly one of 50 concurrent claims', async () => {
        const claimed = await Promise.all(
          Array.from({ length: 50 }, () => store.claim('code-1', MINUTE)),
        )
        assert.equal(claimed.filter(Boolean).length, 1)
      })
    })

    describe('close', () => {
      it('resolves, also when called a second time', async () => {
        await store.set(sampleMerchantToken('2021000000000001'))
        await store.close()
        assert.equal(await store.close(), undefined)
      })

      it('makes later reads and writes reject', async () => {
        await store.close()
        await assert.rejects(store.get('2021000000000001'))
        await assert.rejects(store.set(sampleMerchantToken('2021000000000001')))
        await assert.rejects(store.take('state-1'))
        await assert.rejects(store.peek('state-1'))
        await assert.rejects(store.isClaimed('code-1'))
        await assert.rejects(store.claim('code-1', MINUTE))
      })
    })
  })
}
