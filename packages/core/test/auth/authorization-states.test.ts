import { describe, expect, it, vi } from 'vitest'
import { AppAuth } from '../../src/auth/app-auth.js'
import { AlipayStateError } from '../../src/errors.js'
import { clientOptions, strangerKeys, useMockAlipay } from '../mocks.js'
import { createAppAuth, REDIRECT_URI, startFlow } from './setup.js'

useMockAlipay()
const QR_PATH = '/alipay/authorize/qr'
const reason = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  )

/** Every write an AppAuth makes to its store, by method. */
function countWrites(store: ReturnType<typeof createAppAuth>['store']) {
  return {
    put: vi.spyOn(store, 'put'),
    claim: vi.spyOn(store, 'claim'),
    set: vi.spyOn(store, 'set'),
  }
}

describe('authorization states', () => {
  it('starting an authorization without a context writes nothing, in the browser or for a QR code', async () => {
    const { auth, store } = createAppAuth()
    const writes = countWrites(store)
    for (let i = 0; i < 50; i++) {
      await auth.authorizeUrl()
      await auth.startQrAuthorization({ path: QR_PATH })
    }
    expect(writes.put).not.toHaveBeenCalled()
    expect(writes.claim).not.toHaveBeenCalled()
    expect(writes.set).not.toHaveBeenCalled()
  })

  it('stores a context once per state lifetime, however many authorizations start with it', async () => {
    const { auth, store, clock } = createAppAuth()
    const writes = countWrites(store)
    for (let i = 0; i < 50; i++) await auth.authorizeUrl({ context: { tenantId: 'acme' } })
    expect(writes.put).toHaveBeenCalledTimes(1)
    await auth.startQrAuthorization({ path: QR_PATH, context: { tenantId: 'other' } })
    expect(writes.put).toHaveBeenCalledTimes(2)
    clock.advance(auth.stateTtlMs)
    await auth.authorizeUrl({ context: { tenantId: 'acme' } })
    expect(writes.put).toHaveBeenCalledTimes(3)
  })

  it('completes a started authorization with its context, even when the store gives its keys back in another order', async () => {
    const { auth, store } = createAppAuth()
    const peek = store.peek.bind(store)
    vi.spyOn(store, 'peek').mockImplementation(async (key) => {
      const value = await peek(key)
      // As a JSON column may: the same value, its keys in another order.
      return value?.context === undefined ? value : { ...value, context: { a: [2, 3], b: 1 } }
    })
    const { state, browserBinding } = await auth.authorizeUrl({ context: { b: 1, a: [2, 3] } })
    const query = { app_id: auth.appId, source: 'alipay_app_auth', app_auth_code: 'code-1', state }
    const { merchants } = await auth.handleCallback(query, browserBinding)
    expect(merchants[0]?.context).toEqual({ a: [2, 3], b: 1 })
  })

  it('refuses a state changed by one character, as unknown', async () => {
    const { auth } = createAppAuth()
    const { query, browserBinding } = await startFlow(auth)
    const last = query.state.at(-1) === 'A' ? 'B' : 'A'
    const altered = { ...query, state: `${query.state.slice(0, -1)}${last}` }
    const error = await reason(auth.handleCallback(altered, browserBinding))
    expect(error).toBeInstanceOf(AlipayStateError)
    expect((error as AlipayStateError).reason).toBe('unknown-or-expired-state')
  })

  it('refuses a state another app (another private key) issued', async () => {
    const { auth } = createAppAuth()
    const other = new AppAuth({
      ...clientOptions({ privateKey: strangerKeys.privateKey }),
      redirectUri: REDIRECT_URI,
    })
    const { query, browserBinding } = await startFlow(other)
    const error = await reason(auth.handleCallback(query, browserBinding))
    expect((error as AlipayStateError).reason).toBe('unknown-or-expired-state')
    await other.close()
  })

  it('accepts a state any instance sharing the app key and store issued: a fleet needs nothing more', async () => {
    const { auth, store, clock } = createAppAuth()
    const sibling = new AppAuth({ ...clientOptions({ clock }), redirectUri: REDIRECT_URI, store })
    const { query, browserBinding } = await startFlow(sibling)
    const { merchants } = await auth.handleCallback(query, browserBinding)
    expect(merchants).toHaveLength(1)
    await sibling.close()
  })

  it('refuses a state once its lifetime is over', async () => {
    const { auth, clock } = createAppAuth()
    const { query, browserBinding } = await startFlow(auth)
    clock.advance(auth.stateTtlMs)
    const error = await reason(auth.handleCallback(query, browserBinding))
    expect((error as AlipayStateError).reason).toBe('unknown-or-expired-state')
  })

  it('completes a state once: a second callback with another code is refused', async () => {
    const { auth } = createAppAuth()
    const { query, browserBinding } = await startFlow(auth)
    await auth.handleCallback(query, browserBinding)
    const again = { ...query, app_auth_code: 'code-2' }
    const error = await reason(auth.handleCallback(again, browserBinding))
    expect((error as AlipayStateError).reason).toBe('unknown-or-expired-state')
  })

  it('completes a state once however it is spelled: the same bytes in another base64url spelling are refused', async () => {
    const { auth } = createAppAuth()
    const { query, browserBinding } = await startFlow(auth)
    await auth.handleCallback(query, browserBinding)
    // 68 bytes take 91 characters, so the last one has two spare bits: flipping them keeps
    // the bytes (and the MAC) while the string, which the once-only check is keyed on, changes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const last = alphabet.indexOf(query.state.at(-1) ?? '')
    const respelled = `${query.state.slice(0, -1)}${alphabet[last ^ 1]}`
    expect(Buffer.from(respelled, 'base64url')).toEqual(Buffer.from(query.state, 'base64url'))
    const again = { ...query, state: respelled, app_auth_code: 'code-2' }
    const error = await reason(auth.handleCallback(again, browserBinding))
    expect((error as AlipayStateError).reason).toBe('unknown-or-expired-state')
  })
})
