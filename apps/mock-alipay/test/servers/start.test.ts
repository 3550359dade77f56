import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdminClient } from '../../src/admin-client.js'
import { type RunningMockAlipay, startMockAlipay } from '../../src/start.js'
import { businessScenarios } from '../business-scenarios.js'
import { newApp, QUERY, scenarios, TOKEN } from '../scenarios.js'
import { callV2, testAppKeys } from '../support/alipay-client.js'
import { type NotifyReceiver, startLoopbackReceiver } from '../support/notify-receiver.js'

describe('startMockAlipay()', () => {
  let alipay: RunningMockAlipay
  let notifyReceiver: NotifyReceiver & { close(): Promise<void> }
  beforeAll(async () => {
    alipay = await startMockAlipay()
    notifyReceiver = await startLoopbackReceiver()
  })
  afterAll(async () => {
    await alipay.close()
    await notifyReceiver.close()
  })

  describe('the shared scenarios', () => {
    for (const scenario of [...scenarios, ...businessScenarios])
      it(scenario.name, () => scenario.run({ fetch, baseUrl: alipay.url, notifyReceiver }))
  })

  it('admin.invite() makes an invitation link on the emulator’s origin', async () => {
    const appId = await newApp({ fetch, baseUrl: alipay.url })
    const { url, redirect_uri } = await alipay.admin.invite({ app_id: appId })
    expect(url.startsWith(`${alipay.url}/oauth2/appToAppAuth.htm?`)).toBe(true)
    expect(redirect_uri).toBe('https://isv.example/alipay/callback')
    expect((await fetch(url)).status).toBe(200)
  })

  it('listens on a free loopback port and reports the key it signs with', async () => {
    expect(alipay.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(alipay.alipayPublicKey).toContain('-----BEGIN PUBLIC KEY-----')
    expect((await alipay.admin.keys()).alipay_public_key).toBe(alipay.alipayPublicKey)
  })

  it('offers certificate mode: registering a public key issues an app certificate with its SN', async () => {
    const app = await alipay.admin.registerApp({
      app_id: '2021000000000201',
      public_key: testAppKeys().publicKeyPem,
    })
    expect(app.app_cert).toContain('-----BEGIN CERTIFICATE-----')
    expect(app.app_cert_sn).toMatch(/^[0-9a-f]{32}$/)
    const keys = await alipay.admin.keys()
    expect(keys.alipay_root_cert_sn).toMatch(/^[0-9a-f]{32}$/)
    expect(keys.alipay_public_cert).toContain('-----BEGIN CERTIFICATE-----')
  })

  it('drives authorization, the clock and faults through typed admin helpers', async () => {
    const appId = await newApp({ fetch, baseUrl: alipay.url })
    const { app_auth_code, redirect_url } = await alipay.admin.authorize({
      app_id: appId,
      state: 's1',
    })
    expect(new URL(redirect_url).searchParams.get('app_auth_code')).toBe(app_auth_code)
    const before = await alipay.admin.advanceClock(0)
    const after = await alipay.admin.advanceClock(25 * 3600)
    expect(after.now - before.now).toBeGreaterThanOrEqual(25 * 3600 * 1000)
    const expired = await callV2(
      { fetch, baseUrl: alipay.url },
      { appId, method: TOKEN, biz: { grant_type: 'authorization_code', code: app_auth_code } },
    )
    expect(expired.node.sub_code).toBe('isv.code-invalid')
    const log = await alipay.admin.requests()
    expect(log.at(-1)).toMatchObject({ method: TOKEN, grant_type: 'authorization_code' })
  })

  it('injects and clears faults through the admin helpers', async () => {
    const query = () => fetch(`${alipay.url}/gateway.do?method=${QUERY}`, { method: 'POST' })
    await alipay.admin.faults({ kind: 'http_error', method: QUERY, status: 503 })
    expect((await query()).status).toBe(503)
    expect((await query()).status).toBe(503)
    await alipay.admin.clearFaults()
    expect((await query()).status).toBe(200)
  })

  it('stubs, lists and deletes business call answers through the typed admin helpers', async () => {
    const appId = await newApp({ fetch, baseUrl: alipay.url })
    const stub = await alipay.admin.stub({
      app_id: appId,
      method: 'alipay.trade.close',
      response: { trade_no: '2026' },
    })
    expect(await alipay.admin.stubs()).toContainEqual(stub)
    const call = () =>
      callV2({ fetch, baseUrl: alipay.url }, { appId, method: 'alipay.trade.close', biz: {} })
    expect((await call()).node).toEqual({ code: '10000', msg: 'Success', trade_no: '2026' })
    await alipay.admin.deleteStubs(stub.id)
    expect(await alipay.admin.stubs()).not.toContainEqual(stub)
    expect((await call()).node.sub_code).toBe('isv.invalid-method')
  })

  it('rejects a bad admin request with an error that names the field', async () => {
    await expect(alipay.admin.registerApp({ app_id: '2021000000000202' })).rejects.toThrow(
      /public_key/,
    )
  })
})

describe('startMockAlipay({ dataDir })', () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mock-alipay-test-'))
  })
  afterAll(() => rm(dataDir, { recursive: true, force: true }))

  it('keeps apps, tokens and stubs across a restart and reuses its keys instead of generating new ones', async () => {
    const first = await startMockAlipay({ dataDir })
    const appId = await newApp({ fetch, baseUrl: first.url })
    const stub = await first.admin.stub({ app_id: appId, method: 'alipay.trade.query' })
    const { app_auth_code } = await first.admin.authorize({ app_id: appId })
    const exchanged = await callV2(
      { fetch, baseUrl: first.url },
      { appId, method: TOKEN, biz: { grant_type: 'authorization_code', code: app_auth_code } },
    )
    const token = (exchanged.node.tokens as { app_auth_token: string }[])[0]?.app_auth_token
    const firstKeys = await first.admin.keys()
    await first.close()
    const savedAuthority = await readFile(join(dataDir, 'certificate-authority.json'), 'utf8')

    const second = await startMockAlipay({ dataDir })
    try {
      // New keys would be random: equal keys and certificates mean they were read back, not made.
      expect(second.alipayPublicKey).toBe(first.alipayPublicKey)
      const secondKeys = await second.admin.keys()
      expect(secondKeys.alipay_root_cert).toBe(firstKeys.alipay_root_cert)
      expect(secondKeys.alipay_cert_sn).toBe(firstKeys.alipay_cert_sn)
      expect(await readFile(join(dataDir, 'certificate-authority.json'), 'utf8')).toBe(
        savedAuthority,
      )
      const query = await callV2(
        { fetch, baseUrl: second.url },
        { appId, method: QUERY, biz: { app_auth_token: token } },
      )
      expect(query.node).toMatchObject({ code: '10000', status: 'valid' })
      expect(await second.admin.stubs()).toEqual([stub])
      const business = await callV2(
        { fetch, baseUrl: second.url },
        { appId, method: 'alipay.trade.query', params: { app_auth_token: token } },
      )
      expect(business.node).toEqual({ code: '10000', msg: 'Success' })
    } finally {
      await second.close()
    }
  })
})

describe('startMockAlipay({ adminToken })', () => {
  it('guards the admin API with the token, and its own admin client sends it', async () => {
    const alipay = await startMockAlipay({ adminToken: 'start-token' })
    try {
      expect((await alipay.admin.keys()).alipay_public_key).toBe(alipay.alipayPublicKey)
      expect((await fetch(`${alipay.url}/__admin/keys`)).status).toBe(401)
      const other = createAdminClient(alipay.url, { token: 'start-token' })
      expect((await other.keys()).alipay_public_key).toBe(alipay.alipayPublicKey)
      await expect(createAdminClient(alipay.url).keys()).rejects.toThrow(/HTTP 401/)
    } finally {
      await alipay.close()
    }
  })
})
