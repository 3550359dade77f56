import { describe, expect, it } from 'vitest'
import { admin } from '../support/admin.js'
import { testAppKeys } from '../support/alipay-client.js'
import { inProcessEngine } from '../support/in-process-engine.js'

const emulator = inProcessEngine()
const api = admin(emulator)

describe('the admin API (README "Endpoints")', () => {
  it.each([
    [{ public_key: 'x' }, 'app_id'],
    [{ app_id: '2021000000000001' }, 'public_key'],
    [{ app_id: '2021000000000001', public_key: 'not a key' }, 'public_key'],
    [
      {
        app_id: '2021000000000001',
        public_key: testAppKeys().publicKeyPem,
        redirect_uri: 'callback',
      },
      'redirect_uri',
    ],
    [
      { app_id: '2021000000000001', public_key: testAppKeys().publicKeyPem, aes_key: 'short' },
      'aes_key',
    ],
    [
      {
        app_id: '2021000000000001',
        public_key: testAppKeys().publicKeyPem,
        token_response_shape: 'xml',
      },
      'token_response_shape',
    ],
  ])('registering %j is refused naming %s', async (body, field) => {
    const { status, json } = await api.call('POST', '/apps', body)
    expect(status).toBe(400)
    expect(json.error).toMatchObject({ field })
  })

  it('registering again replaces the app’s key', async () => {
    await api.registerApp({
      app_id: '2021000000000002',
      public_key: emulator.engine.keys.publicKeyPem,
    })
    const replaced = await api.registerApp({
      app_id: '2021000000000002',
      public_key: testAppKeys().publicKeyPem,
    })
    expect(replaced.public_key).toBe(testAppKeys().publicKeyPem)
  })

  it('bad JSON is a 400 naming the body, an unknown path a JSON 404, a wrong method a 405', async () => {
    const bad = await emulator.fetch(`${emulator.baseUrl}/__admin/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { field: 'body' } })
    expect((await api.call('GET', '/nope')).status).toBe(404)
    expect((await api.call('PUT', '/clock')).status).toBe(405)
  })

  it.each([
    ['POST', '/reset', 'text/plain', '{}'],
    ['POST', '/reset', undefined, undefined],
    ['POST', '/apps', 'application/x-www-form-urlencoded', 'app_id=2021000000000009'],
    ['DELETE', '/faults', undefined, undefined],
  ])(
    'a write %s %s with content-type %s is refused: a web page could send it cross-site',
    async (method, path, type, body) => {
      await api.registerApp({ app_id: '2021000000000008', public_key: testAppKeys().publicKeyPem })
      const response = await emulator.fetch(`${emulator.baseUrl}/__admin${path}`, {
        method,
        ...(type && { headers: { 'content-type': type } }),
        body,
      })
      expect(response.status).toBe(415)
      expect(await response.json()).toMatchObject({
        error: { field: 'content-type', message: expect.stringContaining('application/json') },
      })
      expect((await api.call('GET', '/apps')).json.apps).toContainEqual(
        expect.objectContaining({ app_id: '2021000000000008' }),
      )
    },
  )

  it('an empty write with content-type application/json is accepted', async () => {
    const response = await emulator.fetch(`${emulator.baseUrl}/__admin/faults`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    })
    expect(response.status).toBe(200)
  })

  it('the clock moves forward by advance_seconds and refuses anything else', async () => {
    const before = (await api.call('GET', '/clock')).json.now as number
    const after = await api.advanceClock(3600)
    expect(after.now as number).toBeGreaterThanOrEqual(before + 3600_000)
    expect(after.china_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    expect((await api.call('POST', '/clock', { advance_seconds: -5 })).json.error).toMatchObject({
      field: 'advance_seconds',
    })
  })

  it('DELETE /clock puts the clock back on the wall clock, offset zero', async () => {
    await api.advanceClock(86_400)
    const reset = await api.call('DELETE', '/clock')
    expect(reset.json.offset_seconds).toBe(0)
    expect(Math.abs((reset.json.now as number) - Date.now())).toBeLessThan(60_000)
  })

  it('authorize creates a new merchant from user_id and auth_app_id', async () => {
    await api.registerApp({
      app_id: '2021000000000003',
      public_key: testAppKeys().publicKeyPem,
      redirect_uri: 'https://isv.example/cb?x=1',
    })
    const result = await api.authorize({
      app_id: '2021000000000003',
      user_id: '2088000000000099',
      auth_app_id: '2021000000000100',
      state: 's',
    })
    expect(result.redirect_url).toMatch(
      /^https:\/\/isv\.example\/cb\?x=1&app_id=2021000000000003&source=alipay_app_auth&app_auth_code=\w+&state=s$/,
    )
    expect((await api.call('GET', '/merchants')).json.merchants).toContainEqual(
      expect.objectContaining({ user_id: '2088000000000099' }),
    )
  })

  it('authorize with a new user_id and no auth_app_id creates the merchant with a new app and returns it', async () => {
    await api.registerApp({ app_id: '2021000000000006', public_key: testAppKeys().publicKeyPem })
    const result = (
      await api.call('POST', '/authorize', {
        app_id: '2021000000000006',
        user_id: '2088000000000077',
      })
    ).json as { user_id: string; auth_app_ids: string[]; app_auth_code: string }
    expect(result.user_id).toBe('2088000000000077')
    expect(result.auth_app_ids).toEqual([expect.stringMatching(/^2021\d{12}$/)])
    expect((await api.call('GET', '/merchants')).json.merchants).toContainEqual({
      user_id: '2088000000000077',
      name: 'Merchant 2088000000000077',
      auth_app_ids: result.auth_app_ids,
    })
    const again = (
      await api.call('POST', '/authorize', {
        app_id: '2021000000000006',
        user_id: '2088000000000077',
      })
    ).json
    expect(again.auth_app_ids).toEqual(result.auth_app_ids)
  })

  it('authorize and cancel name an unknown app_id or merchant', async () => {
    expect(
      (await api.call('POST', '/authorize', { app_id: '2021000000009999' })).json.error,
    ).toMatchObject({ field: 'app_id' })
    await api.registerApp({ app_id: '2021000000000004', public_key: testAppKeys().publicKeyPem })
    expect((await api.cancel('2021000000000004', '2088101122334455')).json.error).toMatchObject({
      field: 'user_id',
    })
  })

  it('keys shows Alipay’s public key and, without a certificate authority, no certificates', async () => {
    const { json } = await api.call('GET', '/keys')
    expect(Object.keys(json)).toEqual(['alipay_public_key'])
  })

  it('reset forgets registered apps, codes and the log, and keeps the seeded merchants and apps kept on reset', async () => {
    emulator.engine.registerApp(
      { app_id: '2021000000000001', public_key: testAppKeys().publicKeyPem },
      { keepOnReset: true },
    )
    await api.registerApp({ app_id: '2021000000000005', public_key: testAppKeys().publicKeyPem })
    await api.call('POST', '/reset')
    expect((await api.call('GET', '/apps')).json.apps).toEqual([
      expect.objectContaining({ app_id: '2021000000000001' }),
    ])
    expect((await api.call('GET', '/merchants')).json.merchants).toHaveLength(2)
    expect((await api.call('GET', '/clock')).json.offset_seconds).toBe(0)
  })
})
