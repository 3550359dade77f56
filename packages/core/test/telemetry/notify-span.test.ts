import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import { MERCHANT } from '../auth/event-recorder.js'
import { createAppAuth } from '../auth/setup.js'
import { APP_ID, authorizationNotify, notifyBody, useMockAlipay } from '../mocks.js'
import { onlySpan, spanTree, useInMemoryTelemetry } from '../support/otel.js'

useMockAlipay()
const otel = useInMemoryTelemetry()

describe('each notification handled is a SERVER span alipay.notify', () => {
  it('a child of the request that delivered it, with what came of it', async () => {
    const { auth } = createAppAuth()
    await otel.inRequest('POST /alipay/notify', () =>
      auth.handleNotify(authorizationNotify(1, 'notify-7')),
    )

    expect(spanTree(otel.spans())).toBe(
      ['POST /alipay/notify (server)', '  alipay.notify (server)'].join('\n'),
    )
    const notify = onlySpan(otel.spans(), 'alipay.notify')
    expect(notify.kind).toBe(SpanKind.SERVER)
    expect(notify.status.code).toBe(SpanStatusCode.UNSET)
    expect(notify.attributes).toEqual({
      'alipay.app_id': APP_ID,
      'alipay.notify.outcome': 'authorized',
      'alipay.notify_id': 'notify-7',
      'alipay.auth_app_id': MERCHANT,
    })
  })

  it('a rejected notification has status error, with the reason it was answered fail', async () => {
    const { auth } = createAppAuth()
    await auth.handleNotify(notifyBody({ notify_id: 'n-forged' }, { signing: 'forged' }))

    const notify = onlySpan(otel.spans(), 'alipay.notify')
    expect(notify.attributes['alipay.notify.outcome']).toBe('rejected')
    expect(notify.status.code).toBe(SpanStatusCode.ERROR)
    expect(notify.status.message).toMatch(/signature does not verify/)
  })
})
