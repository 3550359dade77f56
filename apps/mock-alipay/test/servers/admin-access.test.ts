import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminRefusal } from '../../src/admin-guard.js'
import { MockAlipayEngine } from '../../src/engine/engine.js'
import { parseHost } from '../../src/request-host.js'
import { createMockAlipayServer, type MockAlipayServerOptions } from '../../src/server.js'
import { testAppKeys } from '../support/alipay-client.js'
import { sharedAlipayKeys } from '../support/in-process-engine.js'

const APP_ID = '2021000000000301'
const servers: { server: FastifyInstance; engine: MockAlipayEngine }[] = []

/** The emulator's HTTP server on 127.0.0.1, with one app registered. */
async function serve(options: MockAlipayServerOptions = {}) {
  const engine = new MockAlipayEngine({ alipayKeys: sharedAlipayKeys() })
  engine.registerApp({ app_id: APP_ID, public_key: testAppKeys().publicKeyPem })
  const server = createMockAlipayServer(engine, options)
  await server.listen({ port: 0, host: '127.0.0.1' })
  servers.push({ server, engine })
  return { engine, port: (server.server.address() as AddressInfo).port }
}

/** A raw HTTP/1.1 request: `fetch` cannot send an arbitrary Host. */
function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        let text = ''
        response.on('data', (chunk) => {
          text += chunk
        })
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, json: JSON.parse(text || '{}') }),
        )
      },
    )
    request.on('error', reject)
    request.end(options.body)
  })
}

const RESET = { method: 'POST', headers: { 'content-type': 'application/json' } }

afterAll(async () => {
  for (const { server, engine } of servers) {
    await server.close()
    await engine.close()
  }
})

describe('the admin API of the HTTP server, without a token', () => {
  let port: number
  let engine: MockAlipayEngine
  beforeAll(async () => {
    ;({ port, engine } = await serve({ allowedHosts: ['mock-alipay'] }))
  })

  it.each([
    ['127.0.0.1 with its port', () => `127.0.0.1:${port}`],
    ['localhost', () => 'localhost'],
    ['[::1]', () => `[::1]:${port}`],
    ['an allowed name', () => `MOCK-ALIPAY:${port}`],
  ])('answers a Host of %s', async (_, host) => {
    expect((await send(port, '/__admin/apps', { headers: { host: host() } })).status).toBe(200)
  })

  it('refuses a foreign Host (DNS rebinding) with 403, saying how to allow it, and changes nothing', async () => {
    const refused = await send(port, '/__admin/reset', {
      ...RESET,
      headers: { ...RESET.headers, host: `attacker.example:${port}` },
    })
    expect(refused.status).toBe(403)
    expect(refused.json.error).toMatchObject({
      field: 'host',
      message: expect.stringContaining('--allow-host attacker.example'),
    })
    expect(engine.state.apps.has(APP_ID)).toBe(true)
  })

  it('answers the Alipay endpoints whatever the Host', async () => {
    const response = await send(port, '/gateway.do', {
      method: 'POST',
      headers: { host: 'openapi.alipay.com', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'method=alipay.open.auth.token.app',
    })
    expect(response.json).toHaveProperty('error_response.sub_code', 'isv.missing-app-id')
  })

  it('routes on the path alone: a Host carrying a path does not make /apps an admin route', async () => {
    const response = await send(port, '/apps', {
      ...RESET,
      headers: { ...RESET.headers, host: `127.0.0.1:${port}/__admin` },
    })
    expect(response.status).toBe(400)
    expect(response.json).toHaveProperty('error_response.sub_code', 'isv.invalid-parameter')
    expect(engine.state.apps.has(APP_ID)).toBe(true)
  })

  it.each([
    [
      'a path',
      `127.0.0.1/__admin`,
      '/gateway.do',
      'error_response.sub_code',
      'isv.invalid-parameter',
    ],
    ['a space', 'a b', '/gateway.do', 'error_response.sub_code', 'isv.invalid-parameter'],
    [
      'a port past 65535',
      '127.0.0.1:99999',
      '/v3/alipay/open/auth/token/app',
      'code',
      'invalid-parameter',
    ],
  ])(
    'answers a Host with %s with an Alipay-shaped 400 naming the Host',
    async (_, host, path, field, value) => {
      const response = await send(port, path, { method: 'POST', headers: { host } })
      expect(response.status).toBe(400)
      expect(response.json).toHaveProperty(field, value)
      expect(JSON.stringify(response.json)).toContain('the Host header')
    },
  )

  it('a path spelled with dot segments is still an admin route, and still guarded', async () => {
    const response = await send(port, '/x/../__admin/reset', {
      ...RESET,
      headers: { ...RESET.headers, host: 'attacker.example' },
    })
    expect(response.status).toBe(403)
  })
})

describe('the admin API with an admin token', () => {
  let port: number
  beforeAll(async () => {
    ;({ port } = await serve({ adminToken: 's3cret-token' }))
  })

  it.each([
    ['no authorization', {}],
    ['a wrong token', { authorization: 'Bearer wrong' }],
    ['a token of another scheme', { authorization: 'Basic s3cret-token' }],
  ])('refuses %s with 401 on every admin route, reads included', async (_, headers) => {
    for (const path of ['/__admin/keys', '/__admin/requests', '/__admin']) {
      const response = await send(port, path, { headers })
      expect(response.status).toBe(401)
      expect(response.json.error).toMatchObject({ field: 'authorization' })
      expect(JSON.stringify(response.json)).not.toContain('s3cret-token')
    }
  })

  it('answers the token from any Host, as a container reaching it by service name does', async () => {
    const response = await send(port, '/__admin/apps', {
      headers: { authorization: 'Bearer s3cret-token', host: 'alipay-emulator:9300' },
    })
    expect(response.status).toBe(200)
  })
})

describe('adminRefusal: the listening address', () => {
  const caller = (host: string, localAddress: string) => ({
    host: parseHost(host),
    localAddress,
    authorization: undefined,
  })

  it.each([
    ['192.168.7.9:9300', '192.168.7.9'],
    ['192.168.7.9', '::ffff:192.168.7.9'],
    ['[fd00::9]:9300', 'fd00::9'],
  ])('answers a Host of %s on a connection that arrived at %s', (host, localAddress) => {
    expect(adminRefusal({}, caller(host, localAddress))).toBeUndefined()
  })

  it('refuses another address of the network, or a name resolving to it', () => {
    expect(adminRefusal({}, caller('192.168.7.10:9300', '192.168.7.9'))?.status).toBe(403)
    expect(adminRefusal({}, caller('printer.lan:9300', '192.168.7.9'))?.status).toBe(403)
  })
})
