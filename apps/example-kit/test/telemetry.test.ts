import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AppAuth } from '@alipay-isv/core'
import { testKeyPair } from '@alipay-isv/core/testing'
import { startMockAlipay } from '@alipay-isv/mock-alipay'
import { describe, expect, it } from 'vitest'
import { startTelemetry, withRequestSpans } from '../src/telemetry.js'

const APP_ID = '2021000000000099'

interface OtlpSpan {
  name: string
  spanId: string
  parentSpanId?: string
  attributes: Array<{ key: string; value: Record<string, unknown> }>
}

/** An OTLP/HTTP receiver on loopback: keeps every JSON body posted, by path. */
async function startCollector() {
  const received: Array<{ path: string; body: Record<string, unknown> }> = []
  const server = createServer((request, response) => {
    let text = ''
    request.on('data', (chunk) => (text += chunk))
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: JSON.parse(text) })
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  const url = await listen(server)
  return { url, received, close: () => new Promise((done) => server.close(done)) }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

function spansOf(bodies: Array<Record<string, unknown>>): OtlpSpan[] {
  type Body = { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> }
  return (bodies as Body[]).flatMap((body) =>
    body.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)),
  )
}

describe('the examples with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  it('export the traces and metrics of a request that calls Alipay to the collector', async () => {
    const collector = await startCollector()
    const telemetry = await startTelemetry('example-test', {
      OTEL_EXPORTER_OTLP_ENDPOINT: `${collector.url}/`,
    })
    const alipay = await startMockAlipay()
    const keys = testKeyPair('app')
    await alipay.admin.registerApp({
      app_id: APP_ID,
      public_key: keys.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    })
    const auth = new AppAuth({
      appId: APP_ID,
      privateKey: keys.privateKey,
      alipayPublicKey: alipay.alipayPublicKey,
      gateway: `${alipay.url}/gateway.do`,
      redirectUri: 'http://127.0.0.1/alipay/callback',
    })
    const { app_auth_code } = await alipay.admin.authorize({ app_id: APP_ID })
    const app = createServer(
      withRequestSpans((_request, response) => {
        void auth.exchangeCode(app_auth_code).then(() => response.end('ok'))
      }),
    )
    const appUrl = await listen(app)
    expect((await fetch(`${appUrl}/alipay/callback?app_auth_code=${app_auth_code}`)).status).toBe(
      200,
    )
    await new Promise((done) => app.close(done))
    await telemetry?.close()
    await auth.close()
    await alipay.close()
    await collector.close()

    const traces = collector.received.filter(({ path }) => path === '/v1/traces')
    const spans = spansOf(traces.map(({ body }) => body))
    const request = spans.find((span) => span.name === 'GET /alipay/callback')
    const exchange = spans.find((span) => span.name === 'alipay.open.auth.token.app')
    expect(request?.spanId).toMatch(/^[0-9a-f]{16}$/)
    expect(exchange?.parentSpanId).toBe(request?.spanId)
    expect(JSON.stringify(spans)).not.toContain(app_auth_code)
    const metrics = collector.received.filter(({ path }) => path === '/v1/metrics')
    expect(JSON.stringify(metrics)).toContain('"alipay.client.calls"')
  })

  it('start nothing without it', async () => {
    expect(await startTelemetry('example-test', {})).toBeUndefined()
  })
})
