import { describe, expect, it } from 'vitest'
import { type AppAuthEventLevel, forwardAppAuthEvents } from '../../src/adapter/event-forwarding.js'
import { REFUSALS_LOGGED_PER_INTERVAL } from '../../src/adapter/refusal-log.js'
import { MERCHANT } from '../auth/event-recorder.js'
import { createAppAuth } from '../auth/setup.js'
import { authorizationNotify, notifyBody, useMockAlipay } from '../mocks.js'

useMockAlipay()

function forwardedFrom(auth: ReturnType<typeof createAppAuth>['auth']) {
  const seen: Array<{ level: AppAuthEventLevel; event: string; payload: object }> = []
  const stop = forwardAppAuthEvents(auth, (level, event, payload) =>
    seen.push({ level, event, payload }),
  )
  return { seen, stop }
}

describe('forwardAppAuthEvents', () => {
  it('hands over every event with its log level and its payload', async () => {
    const { auth } = createAppAuth()
    const { seen } = forwardedFrom(auth)
    await auth.handleNotify(authorizationNotify(1, 'n-auth'))
    await auth.handleNotify(notifyBody({ notify_id: 'n-forged' }, { signing: 'forged' }))
    expect(seen).toEqual([
      {
        level: 'info',
        event: 'notificationReceived',
        payload: { kind: 'authorized', notifyId: 'n-auth', authAppId: MERCHANT },
      },
      {
        level: 'error',
        event: 'signatureVerificationFailed',
        payload: { source: 'notification', operation: 'notify', notifyId: 'n-forged' },
      },
      {
        level: 'warn',
        event: 'notificationRejected',
        payload: { reason: expect.any(String), notifyId: 'n-forged' },
      },
    ])
  })

  it('hands over refused notifications a few at a time, then their count when stopped', async () => {
    const { auth } = createAppAuth()
    const { seen, stop } = forwardedFrom(auth)
    for (let i = 0; i < 30; i++) {
      await auth.handleNotify(notifyBody({ notify_id: `n-${i}` }, { signing: 'forged' }))
    }
    const rejected = () => seen.filter(({ event }) => event === 'notificationRejected')
    expect(rejected()).toHaveLength(REFUSALS_LOGGED_PER_INTERVAL)
    stop()
    expect(rejected().at(-1)?.payload).toEqual({
      suppressed: 30 - REFUSALS_LOGGED_PER_INTERVAL,
      summary: `${30 - REFUSALS_LOGGED_PER_INTERVAL} more notificationRejected within 60 s, not logged one by one`,
    })
  })

  it('hands over nothing more once the returned function was called', async () => {
    const { auth } = createAppAuth()
    const { seen, stop } = forwardedFrom(auth)
    stop()
    await auth.handleNotify(authorizationNotify(1, 'n-auth'))
    expect(seen).toEqual([])
  })
})
