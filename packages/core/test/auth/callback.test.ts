import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { AlipayDuplicateCallbackError, AlipayStateError } from '../../src/errors.js'
import { GATEWAY, tokenFields, useMockAlipay } from '../mocks.js'
import { createAppAuth, startFlow } from './setup.js'

const { alipay, server } = useMockAlipay()
const reason = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  )

describe('handleCallback', () => {
  it('exchanges the code and stores one active record per authorized merchant app', async () => {
    alipay.tokenAnswer = () => ({
      fields: { tokens: [tokenFields(1), tokenFields(2, { expires_in: '600' })] },
    })
    const { auth, clock, store } = createAppAuth()
    const { query, browserBinding, state } = await startFlow(auth)
    const result = await auth.handleCallback(new URLSearchParams(query), browserBinding)
    expect(result.state).toBe(state)
    expect(result.merchants.map((merchant) => merchant.authAppId)).toEqual([
      '2021000000000001',
      '2021000000000002',
    ])
    expect(await store.get('2021000000000002')).toMatchObject({
      userId: '2088000000000002',
      appAuthToken: '202501BB2access',
      expiresAt: clock.now + 600_000,
      refreshExpiresAt: clock.now + 32140800_000,
      authorizedAt: clock.now,
      status: 'active',
    })
  })

  it('refuses a state that expired, without exchanging the code', async () => {
    const { auth, clock } = createAppAuth()
    const { query, browserBinding } = await startFlow(auth)
    clock.advance(10 * 60_000 + 1)
    const error = await reason(auth.handleCallback(query, browserBinding))
    expect(error).toMatchObject({ name: 'AlipayStateError', reason: 'unknown-or-expired-state' })
    expect(alipay.count()).toBe(0)
  })

  it('refuses a state this app never issued', async () => {
    const { auth } = createAppAuth()
    const { query, browserBinding } = await startFlow(auth)
    const error = await reason(auth.handleCallback({ ...query, state: 'made-up' }, browserBinding))
    expect(error).toMatchObject({ reason: 'unknown-or-expired-state' })
    expect(alipay.count()).toBe(0)
  })

  it('refuses a state used once already, even with a new code', async () => {
    const { auth } = createAppAuth()
    const { query, browserBinding } = await startFlow(auth)
    await auth.handleCallback(query, browserBinding)
    const error = await reason(
      auth.handleCallback({ ...query, app_auth_code: 'code-2' }, browserBinding),
    )
    expect(error).toMatchObject({ reason: 'unknown-or-expired-state' })
    expect(alipay.count()).toBe(1)
  })

  it('refuses a callback whose browser binding is forged or missing, and still accepts the genuine one', async () => {
    const { auth, store } = createAppAuth()
    const { query, browserBinding } = await startFlow(auth)
    const forged = await reason(auth.handleCallback(query, `${browserBinding}x`))
    expect(forged).toMatchObject({ name: 'AlipayStateError', reason: 'browser-mismatch' })
    expect(await reason(auth.handleCallback(query, undefined))).toMatchObject({
      reason: 'browser-mismatch',
    })
    expect(alipay.count()).toBe(0)
    expect(await store.list()).toEqual([])
    expect((await auth.handleCallback(query, browserBinding)).merchants).toHaveLength(1)
  })

  it.each([
    ['app-id-mismatch', { app_id: '2021999999999999' }],
    ['bad-source', { source: 'somewhere_else' }],
    ['missing-state', { state: '' }],
    ['missing-code', { app_auth_code: undefined }],
    ['missing-app-id', { app_id: undefined }],
    ['malformed-code', { app_auth_code: 'x'.repeat(129) }],
    ['malformed-code', { app_auth_code: 'code with spaces' }],
  ] as const)('refuses a callback with %s', async (expected, change) => {
    const { auth } = createAppAuth()
    const { query, browserBinding } = await startFlow(auth)
    const error = await reason(auth.handleCallback({ ...query, ...change }, browserBinding))
    expect(error).toBeInstanceOf(AlipayStateError)
    expect(error).toMatchObject({ reason: expected })
    expect(alipay.count()).toBe(0)
  })

  it('names a foreign app_id in its refusal cut short, however long the visitor made it', async () => {
    const { auth } = createAppAuth()
    const { query, browserBinding } = await startFlow(auth)
    const appId = `2021${'9'.repeat(15_000)}`
    const error = await reason(auth.handleCallback({ ...query, app_id: appId }, browserBinding))
    expect(error).toMatchObject({ reason: 'app-id-mismatch' })
    const { message } = error as Error
    expect(message).toContain('(15004 characters)')
    expect(message.length).toBeLessThan(500)
  })

  it.each(['app_auth_code', 'state', 'app_id'])(
    'refuses a callback whose %s is repeated with another value, before calling Alipay',
    async (name) => {
      const { auth, store } = createAppAuth()
      const { query, browserBinding } = await startFlow(auth)
      const repeated = new URLSearchParams(query)
      repeated.append(name, 'another-value')
      for (const form of [repeated, { ...query, [name]: repeated.getAll(name) }]) {
        const error = await reason(auth.handleCallback(form, browserBinding))
        expect(error).toBeInstanceOf(AlipayStateError)
        expect(error).toMatchObject({ reason: 'repeated-parameter' })
        expect((error as Error).message).toContain(name)
      }
      expect(alipay.count()).toBe(0)
      expect(await store.list()).toEqual([])
      // Refused before anything was consumed: the genuine callback still completes.
      expect((await auth.handleCallback(query, browserBinding)).merchants).toHaveLength(1)
    },
  )

  it('accepts a parameter repeated with the same value', async () => {
    const { auth } = createAppAuth()
    const { query, browserBinding } = await startFlow(auth)
    const repeated = new URLSearchParams(query)
    repeated.append('app_auth_code', query.app_auth_code)
    expect((await auth.handleCallback(repeated, browserBinding)).merchants).toHaveLength(1)
  })

  it('exchanges a concurrently repeated callback once and tells the duplicate what the first got', async () => {
    let release = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    alipay.tokenAnswer = async () => {
      await gate
      return { fields: { tokens: [tokenFields(1)] } }
    }
    const { auth } = createAppAuth()
    const { query, browserBinding } = await startFlow(auth)
    const first = auth.handleCallback(query, browserBinding)
    const second = reason(auth.handleCallback(query, browserBinding))
    release()
    expect((await first).merchants).toHaveLength(1)
    const duplicate = await second
    expect(duplicate).toBeInstanceOf(AlipayDuplicateCallbackError)
    expect((duplicate as AlipayDuplicateCallbackError).merchants?.[0]?.authAppId).toBe(
      '2021000000000001',
    )
    expect(alipay.count('authorization_code')).toBe(1)
  })

  it('answers a replay from another browser as a duplicate that reveals nothing', async () => {
    const { auth } = createAppAuth()
    const { query, browserBinding } = await startFlow(auth)
    await auth.handleCallback(query, browserBinding)
    const replay = await reason(auth.handleCallback(query, 'attacker-binding'))
    expect(replay).toBeInstanceOf(AlipayDuplicateCallbackError)
    expect((replay as AlipayDuplicateCallbackError).merchants).toBeUndefined()
    expect(alipay.count()).toBe(1)
  })

  it('stores nothing when the exchange answer is not signed by Alipay', async () => {
    alipay.signing = 'forged'
    const { auth, store } = createAppAuth()
    const { query, browserBinding } = await startFlow(auth)
    expect(await reason(auth.handleCallback(query, browserBinding))).toMatchObject({
      name: 'AlipaySignatureError',
    })
    expect(await store.list()).toEqual([])
  })

  it('stores nothing when the exchange answer is garbled', async () => {
    server.use(http.post(GATEWAY, () => HttpResponse.text('{"alipay_open_auth')))
    const { auth, store } = createAppAuth()
    const { query, browserBinding } = await startFlow(auth)
    expect(await reason(auth.handleCallback(query, browserBinding))).toMatchObject({
      name: 'AlipayResponseError',
    })
    expect(await store.list()).toEqual([])
  })
})

describe('exchangeCode', () => {
  it('refuses a code it has already exchanged', async () => {
    const { auth } = createAppAuth()
    await auth.exchangeCode('code-9')
    expect(await reason(auth.exchangeCode('code-9'))).toBeInstanceOf(AlipayDuplicateCallbackError)
    expect(alipay.count()).toBe(1)
  })
})
