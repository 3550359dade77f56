import { describe, expect, it } from 'vitest'
import {
  AlipayApiError,
  AlipayDuplicateCallbackError,
  AlipayRateLimitedError,
  AlipayStateError,
} from '../../src/errors.js'
import { useMockAlipay } from '../mocks.js'
import { createAppAuth } from './setup.js'

const { alipay } = useMockAlipay()
const MINUTE = 60_000

/** A callback as an invitation link sends it: no state. */
function invitation(appId: string, code: string) {
  return { app_id: appId, source: 'alipay_app_auth', app_auth_code: code }
}

describe('callbacks without state (invitations)', () => {
  it('are refused unless invites are accepted, with a message naming the option', async () => {
    const { auth, store } = createAppAuth()
    const error = await auth
      .handleCallback(invitation(auth.appId, 'code-1'), undefined)
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AlipayStateError)
    expect(error).toMatchObject({ reason: 'missing-state' })
    expect((error as Error).message).toContain('invites: true')
    expect(alipay.count()).toBe(0)
    expect(await store.list()).toEqual([])
  })

  it('are exchanged and stored as via "invite", without context, when accepted', async () => {
    const { auth, store } = createAppAuth()
    const result = await auth.handleCallback(invitation(auth.appId, 'code-1'), undefined, {
      invites: true,
    })
    expect(result.state).toBeUndefined()
    expect(result.merchants[0]).toMatchObject({ via: 'invite' })
    const [record] = await store.list()
    expect(record?.via).toBe('invite')
    expect(record).not.toHaveProperty('context')
  })

  it('are checked like any callback: a malformed code never reaches Alipay', async () => {
    const { auth } = createAppAuth()
    const callback = invitation(auth.appId, 'x'.repeat(5000))
    await expect(auth.handleCallback(callback, undefined, { invites: true })).rejects.toMatchObject(
      { reason: 'malformed-code' },
    )
    expect(alipay.count()).toBe(0)
  })

  it('are exchanged once: a replay is a duplicate', async () => {
    const { auth } = createAppAuth()
    const callback = invitation(auth.appId, 'code-1')
    await auth.handleCallback(callback, undefined, { invites: true })
    await expect(
      auth.handleCallback(callback, undefined, { invites: true }),
    ).rejects.toBeInstanceOf(AlipayDuplicateCallbackError)
    expect(alipay.count()).toBe(1)
  })

  it('are rate-limited to invitesPerMinute, refilled over the minute, refused ones costing nothing', async () => {
    const { auth, clock, store } = createAppAuth({ invitesPerMinute: 2 })
    const accept = (code: string) =>
      auth.handleCallback(invitation(auth.appId, code), undefined, { invites: true })
    await accept('code-1')
    await accept('code-2')
    const limited = await accept('code-3').catch((caught: unknown) => caught)
    expect(limited).toBeInstanceOf(AlipayRateLimitedError)
    expect((limited as AlipayRateLimitedError).retryAfterMs).toBe(30_000)
    expect(alipay.count()).toBe(2)
    expect(await store.list()).toHaveLength(1)
    clock.advance(MINUTE / 2)
    await accept('code-3')
    expect(alipay.count()).toBe(3)
  })

  it('leave no lasting claim for a code Alipay refuses', async () => {
    alipay.tokenAnswer = () => ({ error: { code: '40004', subCode: 'isv.code-invalid' } })
    const { auth, clock } = createAppAuth()
    const callback = invitation(auth.appId, 'junk-code')
    const accept = () => auth.handleCallback(callback, undefined, { invites: true })
    await expect(accept()).rejects.toBeInstanceOf(AlipayApiError)
    // Soon after, the same junk is a duplicate: Alipay is not asked again.
    await expect(accept()).rejects.toBeInstanceOf(AlipayDuplicateCallbackError)
    expect(alipay.count()).toBe(1)
    // Ten minutes later nothing of it is left: it reaches Alipay (and is refused) again.
    clock.advance(10 * MINUTE)
    await expect(accept()).rejects.toBeInstanceOf(AlipayApiError)
    expect(alipay.count()).toBe(2)
  })
})
