import { describe, expect, it } from 'vitest'
import { newApp, QUERY, TOKEN } from '../scenarios.js'
import { admin } from '../support/admin.js'
import { callV2, callV3, testAppKeys } from '../support/alipay-client.js'
import { inProcessEngine } from '../support/in-process-engine.js'

/** docs/protocol.md §3: the observed expires_in, in seconds. */
const EXPIRES_IN = 31536000

type Emulator = ReturnType<typeof inProcessEngine>
type Token = { app_auth_token: string; app_refresh_token: string }

async function authorizedToken(emulator: Emulator, registration: Record<string, unknown> = {}) {
  const appId = await newApp(emulator, registration)
  const { app_auth_code } = await admin(emulator).authorize({ app_id: appId })
  const exchanged = await callV2(emulator, {
    appId,
    method: TOKEN,
    biz: { grant_type: 'authorization_code', code: app_auth_code },
  })
  return { appId, token: (exchanged.node.tokens as Token[])[0]! }
}

const query = (emulator: Emulator, appId: string, token: string) =>
  callV2(emulator, { appId, method: QUERY, biz: { app_auth_token: token } })

describe('token expiry (docs/protocol.md §3: expires_in is kept for compatibility)', () => {
  it('by default a token stays valid past expires_in, as Alipay now documents', async () => {
    const emulator = inProcessEngine()
    const { appId, token } = await authorizedToken(emulator)
    await admin(emulator).advanceClock(EXPIRES_IN + 3600)
    expect((await query(emulator, appId, token.app_auth_token)).node.status).toBe('valid')
  })

  it('with token_expiry enforce, a token is valid until expires_in, then aop.app-auth-token-time-out until refreshed', async () => {
    const emulator = inProcessEngine()
    const { appId, token } = await authorizedToken(emulator, { token_expiry: 'enforce' })
    await admin(emulator).advanceClock(EXPIRES_IN - 1)
    expect((await query(emulator, appId, token.app_auth_token)).node.status).toBe('valid')
    await admin(emulator).advanceClock(2)
    const expired = await query(emulator, appId, token.app_auth_token)
    expect(expired.node).toMatchObject({ code: '20001', sub_code: 'aop.app-auth-token-time-out' })
    expect(expired.verified).toBe(true)
    const refreshed = await callV2(emulator, {
      appId,
      method: TOKEN,
      biz: { grant_type: 'refresh_token', refresh_token: token.app_refresh_token },
    })
    const [renewed] = refreshed.node.tokens as Token[]
    expect((await query(emulator, appId, renewed!.app_auth_token)).node.status).toBe('valid')
  })

  it('with token_expiry enforce, the v3 query answers a signed 400 AUTH_TOKEN_TIME_OUT', async () => {
    const emulator = inProcessEngine()
    const { appId, token } = await authorizedToken(emulator, { token_expiry: 'enforce' })
    await admin(emulator).advanceClock(EXPIRES_IN + 1)
    const result = await callV3(emulator, {
      appId,
      httpMethod: 'GET',
      pathWithQuery: `/v3/alipay/open/auth/token/app/query?app_auth_token=${token.app_auth_token}`,
    })
    expect(result).toMatchObject({
      status: 400,
      verified: true,
      data: { code: 'AUTH_TOKEN_TIME_OUT' },
    })
  })

  it('refuses a token_expiry other than long_lived or enforce, naming the field', async () => {
    const response = await admin(inProcessEngine()).call('POST', '/apps', {
      app_id: '2021000000000501',
      public_key: testAppKeys().publicKeyPem,
      token_expiry: 'sometimes',
    })
    expect(response).toMatchObject({ status: 400, json: { error: { field: 'token_expiry' } } })
  })
})
