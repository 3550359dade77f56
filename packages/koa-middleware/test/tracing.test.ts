import { defaultMerchant } from '@alipay-isv/adapter-scenarios'
import { describe, expect, it } from 'vitest'
import { onlySpan, spanTree, useInMemoryTelemetry } from '../../core/test/support/otel.js'
import { startsKoaApps } from './support/koa-app.js'

const otel = useInMemoryTelemetry()
const startApp = startsKoaApps()

describe('with OpenTelemetry registered by the application', () => {
  it('the callback’s code exchange is a child of the request’s span', async () => {
    const { browser, world } = await startApp({
      // What the application's instrumentation does: each request is handled inside its span.
      mount: (app, auth) => {
        app.use((ctx, next) => otel.inRequest(`${ctx.method} ${ctx.path}`, next))
        app.use(auth)
      },
    })
    const toConsent = await browser.get('/alipay/authorize')
    const callback = await browser.get(await world.consent(toConsent.headers.get('location') ?? ''))

    expect(callback.status).toBe(200)
    expect(spanTree(otel.spans())).toBe(
      [
        'GET /alipay/authorize (server)',
        'GET /alipay/callback (server)',
        '  alipay.open.auth.token.app (client)',
      ].join('\n'),
    )
    expect(onlySpan(otel.spans(), 'alipay.open.auth.token.app').attributes).toMatchObject({
      'alipay.auth_app_id': defaultMerchant.authAppId,
      'http.response.status_code': 200,
    })
  })
})
