import { signV3Request } from '@alipay-isv/core/signer'
import { afterAll, describe, expect, it } from 'vitest'
import { newApp } from '../scenarios.js'
import { admin } from '../support/admin.js'
import { callV3, testAppKeys } from '../support/alipay-client.js'
import { inProcessEngine } from '../support/in-process-engine.js'

const emulator = inProcessEngine()
afterAll(() => emulator.engine.close())
const PATH = '/v3/alipay/open/auth/token/app'

describe('the v3 token API (docs/protocol.md §4)', () => {
  it('answers AUTH_CODE_NOT_EXIST, then AUTH_CODE_NOT_VALID for a used code, as signed 400s', async () => {
    const appId = await newApp(emulator)
    const missing = await callV3(emulator, {
      appId,
      httpMethod: 'POST',
      pathWithQuery: PATH,
      body: { grant_type: 'authorization_code', code: 'nope' },
    })
    expect(missing).toMatchObject({
      status: 400,
      verified: true,
      data: { code: 'AUTH_CODE_NOT_EXIST', links: [] },
    })
    const { app_auth_code } = await admin(emulator).authorize({ app_id: appId })
    const body = { grant_type: 'authorization_code', code: app_auth_code }
    await callV3(emulator, { appId, httpMethod: 'POST', pathWithQuery: PATH, body })
    expect(
      (await callV3(emulator, { appId, httpMethod: 'POST', pathWithQuery: PATH, body })).data.code,
    ).toBe('AUTH_CODE_NOT_VALID')
  })

  it.each([
    [{ grant_type: 'password' }, 'GRANT_TYPE_INVALID'],
    [{ grant_type: 'refresh_token', refresh_token: 'nope' }, 'REFRESH_TOKEN_NOT_EXIST'],
  ])('answers %j with %s', async (body, code) => {
    const result = await callV3(emulator, {
      appId: await newApp(emulator),
      httpMethod: 'POST',
      pathWithQuery: PATH,
      body,
    })
    expect(result.data.code).toBe(code)
  })

  it('answers AUTH_TOKEN_NOT_FOUND for an unknown token', async () => {
    const result = await callV3(emulator, {
      appId: await newApp(emulator),
      httpMethod: 'GET',
      pathWithQuery: `${PATH}/query?app_auth_token=nope`,
    })
    expect(result.data.code).toBe('AUTH_TOKEN_NOT_FOUND')
  })

  it('a wrong key gets 401 invalid-signature quoting the string verified', async () => {
    const appId = await newApp(emulator, { public_key: emulator.engine.keys.publicKeyPem })
    const result = await callV3(emulator, {
      appId,
      httpMethod: 'GET',
      pathWithQuery: `${PATH}/query?app_auth_token=x`,
    })
    expect(result).toMatchObject({ status: 401, data: { code: 'invalid-signature' } })
    expect(result.data.message).toContain(`app_id=${appId},nonce=`)
  })

  it('the alipay-app-auth-token header is part of the signed content', async () => {
    const appId = await newApp(emulator)
    const pathWithQuery = `${PATH}/query?app_auth_token=x`
    const signedWithout = signV3Request(
      { appId },
      { method: 'GET', pathWithQuery },
      testAppKeys().privateKey,
    )
    const response = await emulator.fetch(`${emulator.baseUrl}${pathWithQuery}`, {
      headers: {
        authorization: signedWithout.authorization,
        'alipay-app-auth-token': 'merchant-token',
      },
    })
    expect(await response.json()).toMatchObject({ code: 'invalid-signature' })
  })

  it('a request without authorization, or with a stale timestamp, is refused with 401', async () => {
    const appId = await newApp(emulator)
    const bare = await emulator.fetch(`${emulator.baseUrl}${PATH}/query?app_auth_token=x`)
    expect(bare.status).toBe(401)
    const stale = signV3Request(
      { appId, timestamp: Date.now() - 3600_000 },
      { method: 'GET', pathWithQuery: `${PATH}/query` },
      testAppKeys().privateKey,
    )
    const response = await emulator.fetch(`${emulator.baseUrl}${PATH}/query`, {
      headers: { authorization: stale.authorization },
    })
    expect(await response.json()).toMatchObject({ code: 'invalid-timestamp' })
  })

  it('a body that is not JSON, or sent as another content type, is invalid-parameter', async () => {
    const appId = await newApp(emulator)
    for (const [body, type] of [
      ['{', 'application/json'],
      ['{}', 'text/plain'],
    ] as const) {
      const { authorization } = signV3Request(
        { appId },
        { method: 'POST', pathWithQuery: PATH, body },
        testAppKeys().privateKey,
      )
      const response = await emulator.fetch(`${emulator.baseUrl}${PATH}`, {
        method: 'POST',
        headers: { authorization, 'content-type': type },
        body,
      })
      expect(response.status).toBe(400)
      expect(await response.json()).toMatchObject({ code: 'invalid-parameter' })
    }
  })
})
