import { afterAll, describe, expect, it } from 'vitest'
import { newApp, QUERY, TOKEN } from '../scenarios.js'
import { admin } from '../support/admin.js'
import { callV2 } from '../support/alipay-client.js'
import { inProcessEngine } from '../support/in-process-engine.js'

/** Time rules run on the engine clock, moved through the admin API; requests keep wall-clock timestamps. */
const emulator = inProcessEngine({ refreshGraceSeconds: 60 })
afterAll(() => emulator.engine.close())

type Token = {
  app_auth_token: string
  app_refresh_token: string
  user_id: string
  auth_app_id: string
}

const exchange = (appId: string, code: string) =>
  callV2(emulator, { appId, method: TOKEN, biz: { grant_type: 'authorization_code', code } })
const refresh = (appId: string, refreshToken: string) =>
  callV2(emulator, {
    appId,
    method: TOKEN,
    biz: { grant_type: 'refresh_token', refresh_token: refreshToken },
  })
const query = (appId: string, token: string) =>
  callV2(emulator, { appId, method: QUERY, biz: { app_auth_token: token } })
const firstToken = (node: Record<string, unknown>) => (node.tokens as Token[])[0]!

async function authorized() {
  const appId = await newApp(emulator)
  const { app_auth_code } = await admin(emulator).authorize({ app_id: appId })
  return { appId, token: firstToken((await exchange(appId, app_auth_code)).node) }
}

describe('codes and tokens over the engine clock (docs/protocol.md §2–3)', () => {
  it('a code still works just before 24 hours and is isv.code-invalid just after', async () => {
    const appId = await newApp(emulator)
    const early = (await admin(emulator).authorize({ app_id: appId })).app_auth_code
    const late = (await admin(emulator).authorize({ app_id: appId })).app_auth_code
    await admin(emulator).advanceClock(24 * 3600 - 1)
    expect((await exchange(appId, early)).node.code).toBe('10000')
    await admin(emulator).advanceClock(2)
    expect((await exchange(appId, late)).node).toMatchObject({
      code: '40002',
      sub_code: 'isv.code-invalid',
    })
  })

  it('a code issued to another app is isv.code-invalid', async () => {
    const owner = await newApp(emulator)
    const { app_auth_code } = await admin(emulator).authorize({ app_id: owner })
    expect((await exchange(await newApp(emulator), app_auth_code)).node.sub_code).toBe(
      'isv.code-invalid',
    )
  })

  it('the old refresh token answers the current pair during the grace, then isv.refresh-token-invalid', async () => {
    const { appId, token } = await authorized()
    const rotated = firstToken((await refresh(appId, token.app_refresh_token)).node)
    const retry = await refresh(appId, token.app_refresh_token)
    expect(firstToken(retry.node).app_auth_token).toBe(rotated.app_auth_token)
    await admin(emulator).advanceClock(61)
    expect((await refresh(appId, token.app_refresh_token)).node.sub_code).toBe(
      'isv.refresh-token-invalid',
    )
    expect((await query(appId, token.app_auth_token)).node.sub_code).toBe(
      'aop.invalid-app-auth-token',
    )
    expect((await query(appId, rotated.app_auth_token)).node.status).toBe('valid')
  })

  it('a refresh token older than re_expires_in gets isv.refresh-token-time-out', async () => {
    const { appId, token } = await authorized()
    await admin(emulator).advanceClock(32140800 + 1)
    expect((await refresh(appId, token.app_refresh_token)).node.sub_code).toBe(
      'isv.refresh-token-time-out',
    )
  })

  it('an unknown refresh token gets isv.refresh-token-invalid', async () => {
    expect((await refresh(await newApp(emulator), 'nope')).node.sub_code).toBe(
      'isv.refresh-token-invalid',
    )
  })

  it('re-authorizing the same merchant app rotates its tokens, and the old ones stop working after the grace', async () => {
    const { appId, token } = await authorized()
    const { app_auth_code } = await admin(emulator).authorize({
      app_id: appId,
      user_id: token.user_id,
    })
    const renewed = firstToken((await exchange(appId, app_auth_code)).node)
    expect(renewed.app_auth_token).not.toBe(token.app_auth_token)
    expect((await query(appId, token.app_auth_token)).node.status).toBe('valid')
    await admin(emulator).advanceClock(61)
    expect((await query(appId, token.app_auth_token)).node.code).toBe('20001')
    expect((await refresh(appId, token.app_refresh_token)).node.sub_code).toBe(
      'isv.refresh-token-invalid',
    )
  })

  it('a merchant with two apps yields one token per app', async () => {
    const appId = await newApp(emulator)
    const { app_auth_code } = await admin(emulator).authorize({
      app_id: appId,
      user_id: '2088102233445566',
    })
    const tokens = (await exchange(appId, app_auth_code)).node.tokens as Token[]
    expect(tokens.map((token) => token.auth_app_id)).toEqual([
      '2021004100000002',
      '2021004100000003',
    ])
  })

  it('the query reports the merchant, the auth window in China time and status valid', async () => {
    const { appId, token } = await authorized()
    const result = await query(appId, token.app_auth_token)
    expect(result.node).toMatchObject({
      code: '10000',
      user_id: token.user_id,
      auth_app_id: token.auth_app_id,
      status: 'valid',
    })
    expect(result.node.auth_start).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
  })
})
