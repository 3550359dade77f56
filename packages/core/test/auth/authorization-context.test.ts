import { describe, expect, it } from 'vitest'
import { AlipayConfigError } from '../../src/errors.js'
import { authorizationNotify, tokenFields, useMockAlipay } from '../mocks.js'
import { createAppAuth, startFlow } from './setup.js'

useMockAlipay()
const MERCHANT = tokenFields(1).auth_app_id

describe('the context of an authorization', () => {
  it('travels from authorizeUrl through the callback onto the merchant record', async () => {
    const { auth, store } = createAppAuth()
    const context = { tenantId: 'acme', plan: ['pro', 3], trial: false, owner: null }
    const { state, browserBinding } = await auth.authorizeUrl({ context })
    const query = { app_id: auth.appId, source: 'alipay_app_auth', app_auth_code: 'code-1', state }
    const { merchants } = await auth.handleCallback(query, browserBinding)
    expect(merchants[0]).toMatchObject({ via: 'browser', context })
    expect(await store.get(MERCHANT)).toMatchObject({ via: 'browser', context })
  })

  it.each([0, false, '', null])('keeps a falsy context (%s) too', async (context) => {
    const { auth, store } = createAppAuth()
    const { state, browserBinding } = await auth.authorizeUrl({ context })
    const query = { app_id: auth.appId, source: 'alipay_app_auth', app_auth_code: 'code-1', state }
    await auth.handleCallback(query, browserBinding)
    expect((await store.get(MERCHANT))?.context).toBe(context)
  })

  it('survives a refresh and a later notification', async () => {
    const { auth, store } = createAppAuth()
    const { state, browserBinding } = await auth.authorizeUrl({ context: { tenantId: 'acme' } })
    const query = { app_id: auth.appId, source: 'alipay_app_auth', app_auth_code: 'code-1', state }
    await auth.handleCallback(query, browserBinding)
    await auth.refresh(MERCHANT)
    await auth.handleNotify(authorizationNotify(1))
    expect(await store.get(MERCHANT)).toMatchObject({ context: { tenantId: 'acme' } })
  })

  it('is replaced by a new authorization that carries one when onContextChange is replace, and kept by one that does not', async () => {
    const { auth, store } = createAppAuth({ onContextChange: 'replace' })
    const authorize = async (code: string, context?: { tenantId: string }) => {
      const { state, browserBinding } = await auth.authorizeUrl(context && { context })
      const query = { app_id: auth.appId, source: 'alipay_app_auth', app_auth_code: code, state }
      await auth.handleCallback(query, browserBinding)
    }
    await authorize('code-1', { tenantId: 'first' })
    await authorize('code-2', { tenantId: 'second' })
    expect((await store.get(MERCHANT))?.context).toEqual({ tenantId: 'second' })
    await authorize('code-3')
    expect((await store.get(MERCHANT))?.context).toEqual({ tenantId: 'second' })
    await auth.handleCallback(
      { app_id: auth.appId, source: 'alipay_app_auth', app_auth_code: 'code-4' },
      undefined,
      { invites: true },
    )
    expect(await store.get(MERCHANT)).toMatchObject({
      via: 'invite',
      context: { tenantId: 'second' },
    })
  })

  it.each([
    ['a function', { tenant: () => 1 }, 'context.tenant is a function'],
    ['undefined inside', { tenant: undefined }, 'context.tenant is undefined'],
    ['a Date', { since: new Date(0) }, 'context.since is a Date object'],
    ['NaN', [1, Number.NaN], 'context[1] is NaN'],
    ['a bigint', { n: 1n }, 'context.n is a bigint'],
    ['a Map', new Map(), 'context is a Map object'],
  ])('refuses %s, naming where', async (_what, context, problem) => {
    const { auth } = createAppAuth()
    const error = await auth
      .authorizeUrl({ context: context as never })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AlipayConfigError)
    expect((error as Error).message).toContain(problem)
    expect((error as Error).message).toContain('must be a JSON value')
  })

  it('refuses a circular context', async () => {
    const { auth } = createAppAuth()
    const context: Record<string, unknown> = {}
    context.self = context
    await expect(auth.authorizeUrl({ context: context as never })).rejects.toThrow(
      /nested more than 32 levels deep \(or is circular\)/,
    )
  })

  it('refuses a context larger than 4 KiB as JSON, saying how large it is', async () => {
    const { auth } = createAppAuth()
    const context = { notes: 'x'.repeat(4100) }
    await expect(auth.authorizeUrl({ context })).rejects.toThrow(
      /context is 4112 bytes as JSON, more than the 4096 allowed/,
    )
    await expect(auth.authorizeUrl({ context: { notes: 'x'.repeat(4000) } })).resolves.toBeDefined()
  })

  it('can be given to exchangeCode for a code received some other way', async () => {
    const { auth, store } = createAppAuth()
    await startFlow(auth)
    await auth.exchangeCode('code-9', { context: { tenantId: 'acme' } })
    expect(await store.get(MERCHANT)).toMatchObject({
      via: 'invite',
      context: { tenantId: 'acme' },
    })
  })
})
