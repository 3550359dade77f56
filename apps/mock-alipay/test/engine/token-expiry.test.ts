import { describe, expect, it } from 'vitest'
import { newApp, QUERY, TOKEN } from '../scenarios.js'
import { admin } from '../support/admin.js'
import { callV2, callV3, testAppKeys } from '../support/alipay-client.js'
import { engineDoor } from '../support/engine-door.js'

/** docs/protocol.md §3: the observed expires_in, in seconds. */
const EXPIRES_IN = 31536000

type Door = ReturnType<typeof engineDoor>
type Token = { app_auth_token: string; app_refresh_token: string }

async function authorizedToken(door: Door, registration: Record<string, unknown> = {}) {
  const appId = await newApp(door, registration)
  const { app_auth_code } = await admin(door).authorize({ app_id: appId })
  const exchanged = await callV2(door, {
    appId,
    method: TOKEN,
    biz: { grant_type: 'authorization_code', code: app_auth_code },
  })
  return { appId, token: (exchanged.node.tokens as Token[])[0]! }
}

const query = (door: Door, appId: string, token: string) =>
  callV2(door, { appId, method: QUERY, biz: { app_auth_token: token } })

describe('token expiry (docs/protocol.md §3: expires_in is kept for compatibility)', () => {
  it('by default a token stays valid past expires_in, as Alipay now documents', async () => {
    const door = engineDoor()
    const { appId, token } = await authorizedToken(door)
    await admin(door).advanceClock(EXPIRES_IN + 3600)
    expect((await query(door, appId, token.app_auth_token)).node.status).toBe('valid')
  })

  it('with token_expiry enforce, a token is valid until expires_in, then aop.app-auth-token-time-out until refreshed', async () => {
    const door = engineDoor()
    const { appId, token } = await authorizedToken(door, { token_expiry: 'enforce' })
    await admin(door).advanceClock(EXPIRES_IN - 1)
    expect((await query(door, appId, token.app_auth_token)).node.status).toBe('valid')
    await admin(door).advanceClock(2)
    const expired = await query(door, appId, token.app_auth_token)
    expect(expired.node).toMatchObject({ code: '20001', sub_code: 'aop.app-auth-token-time-out' })
    expect(expired.verified).toBe(true)
    const refreshed = await callV2(door, {
      appId,
      method: TOKEN,
      biz: { grant_type: 'refresh_token', refresh_token: token.app_refresh_token },
    })
    const [renewed] = refreshed.node.tokens as Token[]
    expect((await query(door, appId, renewed!.app_auth_token)).node.status).toBe('valid')
  })

  it('with token_expiry enforce, the v3 query answers a signed 400 AUTH_TOKEN_TIME_OUT', async () => {
    const door = engineDoor()
    const { appId, token } = await authorizedToken(door, { token_expiry: 'enforce' })
    await admin(door).advanceClock(EXPIRES_IN + 1)
    const result = await callV3(door, {
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
    const response = await admin(engineDoor()).call('POST', '/apps', {
      app_id: '2021000000000501',
      public_key: testAppKeys().publicKeyPem,
      token_expiry: 'sometimes',
    })
    expect(response).toMatchObject({ status: 400, json: { error: { field: 'token_expiry' } } })
  })
})
