import { defaultMerchant, ScenarioWorld } from '@alipay-isv/adapter-scenarios'
import { describe, expect, it } from 'vitest'
import { onlySpan, spanTree, useInMemoryTelemetry } from '../../core/test/support/otel.js'
import { buildApp } from './fastify-harness.js'
import { finishAuthorization, startAuthorization } from './inject-flow.js'

const otel = useInMemoryTelemetry()

describe('with OpenTelemetry registered by the application', () => {
  it('the callback’s code exchange is a child of the request’s span', async () => {
    const world = new ScenarioWorld()
    const app = await buildApp(world.appAuthOptions())
    const started = await startAuthorization(app)
    // What the application's HTTP instrumentation does: the request is handled inside its span.
    const callback = await otel.inRequest('GET /alipay/callback', () =>
      finishAuthorization(app, world, started),
    )
    await app.close()

    expect(callback.statusCode).toBe(200)
    expect(spanTree(otel.spans())).toBe(
      ['GET /alipay/callback (server)', '  alipay.open.auth.token.app (client)'].join('\n'),
    )
    expect(onlySpan(otel.spans(), 'alipay.open.auth.token.app').attributes).toMatchObject({
      'alipay.auth_app_id': defaultMerchant.authAppId,
      'http.response.status_code': 200,
    })
  })
})
