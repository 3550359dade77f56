import type { KeyObject } from 'node:crypto'
import { testKeyPair } from '@alipay-isv/core/testing'
import { AlipaySdk } from 'alipay-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HOST_ZONES, useHostZone } from '../../../../packages/core/test/support/host-zones.js'
import { MockAlipayEngine } from '../../src/index.js'
import { admin } from '../support/admin.js'
import { testAppKeys } from '../support/alipay-client.js'
import { sharedAlipayKeys } from '../support/in-process-engine.js'
import { serveOnLoopback } from '../support/node-bridge.js'

/** The official SDK as an independent oracle, configured as a user would, verification on. */
const APP_ID = '2021000000000042'
const TOKEN = 'alipay.open.auth.token.app'
const QUERY = 'alipay.open.auth.token.app.query'
const V3_TOKEN = '/v3/alipay/open/auth/token/app'

const engine = new MockAlipayEngine({ alipayKeys: sharedAlipayKeys() })
let server: { url: string; close(): Promise<void> }

function sdk(privateKey: KeyObject = testAppKeys().privateKey): AlipaySdk {
  return new AlipaySdk({
    appId: APP_ID,
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    alipayPublicKey: engine.keys.publicKeyPem,
    gateway: `${server.url}/gateway.do`,
    endpoint: server.url,
  })
}

async function newCode(): Promise<string> {
  return (await admin({ baseUrl: server.url, fetch }).authorize({ app_id: APP_ID })).app_auth_code
}

beforeAll(async () => {
  server = await serveOnLoopback(engine)
  engine.registerApp({ app_id: APP_ID, public_key: testAppKeys().publicKeyPem })
})

afterAll(async () => {
  await server.close()
  await engine.close()
})

// alipay-sdk prints `timestamp` in the host's zone: the emulator accepts every zone in use.
describe.each(HOST_ZONES)('alipay-sdk against the emulator, in $name', ({ zone }) => {
  useHostZone(zone)
  it('exchanges a code, refreshes and queries through exec() with response verification on', async () => {
    const client = sdk()
    const exchanged = await client.exec(
      TOKEN,
      { bizContent: { grant_type: 'authorization_code', code: await newCode() } },
      { validateSign: true },
    )
    expect(exchanged.code).toBe('10000')
    const [token] = exchanged.tokens as {
      appAuthToken: string
      appRefreshToken: string
      authAppId: string
    }[]
    const refreshed = await client.exec(
      TOKEN,
      { bizContent: { grant_type: 'refresh_token', refresh_token: token!.appRefreshToken } },
      { validateSign: true },
    )
    const [rotated] = refreshed.tokens as { appAuthToken: string }[]
    const queried = await client.exec(
      QUERY,
      { bizContent: { app_auth_token: rotated!.appAuthToken } },
      { validateSign: true },
    )
    expect(queried).toMatchObject({ code: '10000', status: 'valid', authAppId: token!.authAppId })
  })

  it('exchanges a code, refreshes and queries through curl() (v3) with response verification on', async () => {
    const client = sdk()
    const exchanged = await client.curl<{
      tokens: { app_auth_token: string; app_refresh_token: string }[]
    }>('POST', V3_TOKEN, {
      body: { grant_type: 'authorization_code', code: await newCode() },
    })
    const [token] = exchanged.data.tokens
    const refreshed = await client.curl<{ tokens: { app_auth_token: string }[] }>(
      'POST',
      V3_TOKEN,
      {
        body: { grant_type: 'refresh_token', refresh_token: token!.app_refresh_token },
      },
    )
    const queried = await client.curl('GET', `${V3_TOKEN}/query`, {
      query: { app_auth_token: refreshed.data.tokens[0]!.app_auth_token },
    })
    expect(queried.data).toMatchObject({ status: 'valid' })
  })

  it('gets isv.invalid-signature in v2 and invalid-signature in v3 when signing with the wrong key', async () => {
    const client = sdk(testKeyPair('stranger').privateKey)
    const v2 = await client.exec(
      QUERY,
      { bizContent: { app_auth_token: 'any' } },
      { validateSign: true },
    )
    expect(v2).toMatchObject({ code: '40002', subCode: 'isv.invalid-signature' })
    expect(v2.subMsg).toContain(`网关生成的验签字符串为：app_id=${APP_ID}`)
    await expect(
      client.curl('GET', `${V3_TOKEN}/query`, { query: { app_auth_token: 'any' } }),
    ).rejects.toMatchObject({ code: 'invalid-signature' })
  })

  it('leaves a request-log warning exactly when the host zone is not China time', async () => {
    const before = engine.log.entries().length
    await sdk().exec(QUERY, { bizContent: { app_auth_token: 'any' } })
    const [entry] = engine.log.entries().slice(before)
    const chinaTime = new Date().getTimezoneOffset() === -480
    expect(entry?.warnings ?? []).toHaveLength(chinaTime ? 0 : 1)
  })
})
