import { describe, expect, it } from 'vitest'
import { STALE_NOTIFICATION_MS } from '../../src/auth/notify-apply.js'
import { AUTH_TIME, authorizationNotify, notifyBody, tokenFields, useMockAlipay } from '../mocks.js'
import { recordEvents } from './event-recorder.js'
import { createAppAuth } from './setup.js'

useMockAlipay()
const HOUR = 60 * 60_000

describe('notifications anyone can send', () => {
  it('echo only a short escaped prefix of a junk notify_id in the rejection event', async () => {
    const { auth } = createAppAuth()
    const events = recordEvents(auth)
    const junk = `\u0000<script>${'x'.repeat(60_000)}`
    await auth.handleNotify(notifyBody({ notify_id: junk }, { signing: 'forged' }))
    const text = JSON.stringify(events)
    expect(text.length).toBeLessThan(600)
    expect(text).toContain('\\\\u0000<script>xxx')
    expect(text).toContain('(60009 characters)')
  })

  it('echo only a short prefix of a foreign app_id in the reason', async () => {
    const { auth } = createAppAuth()
    const outcome = await auth.handleNotify(
      notifyBody({ notify_id: 'n-1', app_id: `2021${'9'.repeat(5000)}` }),
    )
    expect(outcome.ok).toBe(false)
    expect(outcome.ok === false && outcome.reason.length).toBeLessThan(200)
  })
})

describe('an authorization notification older than the window', () => {
  it('is acknowledged and not stored for a merchant app not stored here', async () => {
    const { auth, clock, store } = createAppAuth()
    clock.now = AUTH_TIME + STALE_NOTIFICATION_MS + HOUR
    const outcome = await auth.handleNotify(authorizationNotify(1, 'n-old'))
    expect(outcome).toMatchObject({ ok: true, kind: 'stale', body: 'success' })
    expect(await store.get(tokenFields(1).auth_app_id)).toBeUndefined()
  })

  it('is stored within the window', async () => {
    const { auth, clock, store } = createAppAuth()
    clock.now = AUTH_TIME + STALE_NOTIFICATION_MS - HOUR
    const outcome = await auth.handleNotify(authorizationNotify(1, 'n-recent'))
    expect(outcome).toMatchObject({ ok: true, kind: 'authorized' })
    expect(await store.get(tokenFields(1).auth_app_id)).toBeDefined()
  })
})
