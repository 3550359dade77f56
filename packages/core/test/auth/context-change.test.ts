import { describe, expect, it } from 'vitest'
import type { ContextChange } from '../../src/auth/context-change.js'
import { AlipayConfigError, AlipayContextChangeRefusedError } from '../../src/errors.js'
import { tokenFields, useMockAlipay } from '../mocks.js'
import { recordEvents } from './event-recorder.js'
import { createAppAuth } from './setup.js'

useMockAlipay()
const MERCHANT = tokenFields(1).auth_app_id
const VICTIM = { tenant: 'victim' }
const ATTACKER = { tenant: 'attacker' }
const reason = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  )

/** A whole browser authorization started with `context`; the code is whatever Alipay issued. */
async function authorize(
  auth: ReturnType<typeof createAppAuth>['auth'],
  code: string,
  context?: { tenant: string },
) {
  const { state, browserBinding } = await auth.authorizeUrl(context && { context })
  const query = { app_id: auth.appId, source: 'alipay_app_auth', app_auth_code: code, state }
  return auth.handleCallback(query, browserBinding)
}

describe('a merchant stored under one context, brought in again under another', () => {
  it('is refused by default: nothing is stored, the record is unchanged, an event says so', async () => {
    const { auth, store } = createAppAuth()
    await authorize(auth, 'code-1', VICTIM)
    const before = await store.get(MERCHANT)
    const events = recordEvents(auth)
    const error = await reason(authorize(auth, 'leaked-code', ATTACKER))
    expect(error).toBeInstanceOf(AlipayContextChangeRefusedError)
    expect((error as AlipayContextChangeRefusedError).authAppIds).toEqual([MERCHANT])
    expect(await store.get(MERCHANT)).toEqual(before)
    const of = (name: string) =>
      events.filter(({ event }) => event === name).map(({ payload }) => payload)
    expect(of('contextChange')).toEqual([
      { authAppId: MERCHANT, userId: before?.userId, via: 'browser', decision: 'refuse' },
    ])
    expect(of('codeExchanged')).toEqual([])
  })

  it('refused, its code counts as spent: the same callback again is a duplicate, not a second exchange', async () => {
    const { auth } = createAppAuth()
    await authorize(auth, 'code-1', VICTIM)
    await reason(authorize(auth, 'leaked-code', ATTACKER))
    const error = await reason(authorize(auth, 'leaked-code', ATTACKER))
    expect((error as Error).name).toBe('AlipayDuplicateCallbackError')
  })

  it('keeps the stored context with the new tokens when onContextChange is keep', async () => {
    const { auth, store } = createAppAuth({ onContextChange: 'keep' })
    await authorize(auth, 'code-1', VICTIM)
    const before = await store.get(MERCHANT)
    const { merchants } = await authorize(auth, 'code-2', ATTACKER)
    expect(merchants[0]?.context).toEqual(VICTIM)
    expect((await store.get(MERCHANT))?.appAuthToken).not.toBe(before?.appAuthToken)
  })

  it('moves the merchant when onContextChange is replace', async () => {
    const { auth, store } = createAppAuth({ onContextChange: 'replace' })
    await authorize(auth, 'code-1', VICTIM)
    await authorize(auth, 'code-2', ATTACKER)
    expect((await store.get(MERCHANT))?.context).toEqual(ATTACKER)
  })

  it('asks a function, which sees both contexts; anything but keep or replace refuses', async () => {
    const asked: ContextChange[] = []
    const answers = ['replace', 'maybe'] as unknown as Array<'replace'>
    const { auth, store } = createAppAuth({
      onContextChange: async (change) => {
        asked.push(change)
        return answers.shift() ?? 'refuse'
      },
    })
    await authorize(auth, 'code-1', VICTIM)
    await authorize(auth, 'code-2', ATTACKER)
    expect(asked).toEqual([
      expect.objectContaining({ authAppId: MERCHANT, stored: VICTIM, incoming: ATTACKER }),
    ])
    expect(await reason(authorize(auth, 'code-3', VICTIM))).toBeInstanceOf(
      AlipayContextChangeRefusedError,
    )
    expect((await store.get(MERCHANT))?.context).toEqual(ATTACKER)
  })

  it('is no change when the contexts are equal, or when the record has none', async () => {
    const { auth, store } = createAppAuth()
    await authorize(auth, 'code-1')
    await authorize(auth, 'code-2', VICTIM)
    await authorize(auth, 'code-3', { ...VICTIM })
    expect((await store.get(MERCHANT))?.context).toEqual(VICTIM)
  })

  it('is never made by an invitation, which carries no context', async () => {
    const { auth, store } = createAppAuth()
    await authorize(auth, 'code-1', VICTIM)
    const query = { app_id: auth.appId, source: 'alipay_app_auth', app_auth_code: 'code-2' }
    await auth.handleCallback(query, undefined, { invites: true })
    expect(await store.get(MERCHANT)).toMatchObject({ context: VICTIM, via: 'invite' })
  })

  it('refuses an onContextChange that is none of the choices, naming them', () => {
    expect(() => createAppAuth({ onContextChange: 'move' as 'keep' })).toThrow(AlipayConfigError)
    expect(() => createAppAuth({ onContextChange: 'move' as 'keep' })).toThrow(
      /'refuse'.*'keep'.*'replace'/,
    )
  })
})
