import { describe, expect, it } from 'vitest'
import { AlipayClient } from '../../src/client/alipay-client.js'
import { AlipayResponseError } from '../../src/errors.js'
import { clientOptions, QUERY_METHOD, TOKEN_METHOD, tokenFields, useMockAlipay } from '../mocks.js'

const { alipay } = useMockAlipay()
const client = (api: 'v2' | 'v3' = 'v2') =>
  new AlipayClient(clientOptions({ api, clock: () => Date.UTC(2025, 0, 1, 0, 0, 0) }))

describe('the v2 token exchange', () => {
  it('sends the common parameters of docs/protocol.md §3, China-time timestamp from the clock, signed, as a form body', async () => {
    await client().exchangeCode('code-1')
    const { params } = alipay.calls[0]!
    expect(params).toMatchObject({
      app_id: '2021000000000001',
      method: TOKEN_METHOD,
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      version: '1.0',
      timestamp: '2025-01-01 08:00:00',
    })
    expect(JSON.parse(params.biz_content!)).toEqual({
      grant_type: 'authorization_code',
      code: 'code-1',
    })
  })

  it('reads the current tokens[] shape, one grant per merchant app', async () => {
    alipay.tokenAnswer = () => ({ fields: { tokens: [tokenFields(1), tokenFields(2)] } })
    const grants = await client().exchangeCode('code')
    expect(grants.map((grant) => grant.authAppId)).toEqual(['2021000000000001', '2021000000000002'])
    expect(grants[0]).toEqual({
      appAuthToken: '202501BB1access',
      appRefreshToken: '202501BB1refresh',
      authAppId: '2021000000000001',
      userId: '2088000000000001',
      expiresIn: 31536000,
      reExpiresIn: 32140800,
    })
  })

  it('reads the legacy flat shape', async () => {
    alipay.tokenAnswer = () => ({ fields: tokenFields(3) })
    const grants = await client().exchangeCode('code')
    expect(grants).toHaveLength(1)
    expect(grants[0]?.authAppId).toBe('2021000000000003')
  })

  it('reads both shapes at once without counting the same merchant twice', async () => {
    alipay.tokenAnswer = () => ({
      fields: { ...tokenFields(1), tokens: [tokenFields(1), tokenFields(2)] },
    })
    const grants = await client().exchangeCode('code')
    expect(grants.map((grant) => grant.authAppId)).toEqual(['2021000000000001', '2021000000000002'])
  })

  it('accepts numbers sent as numeric strings', async () => {
    alipay.tokenAnswer = () => ({
      fields: tokenFields(1, { expires_in: '31536000', re_expires_in: '32140800' }),
    })
    const [grant] = await client().exchangeCode('code')
    expect(grant).toMatchObject({ expiresIn: 31536000, reExpiresIn: 32140800 })
  })

  it('rejects a grant with a malformed number, naming the field and not the token', async () => {
    alipay.tokenAnswer = () => ({ fields: tokenFields(1, { expires_in: 'soon' }) })
    const error = await client()
      .exchangeCode('code')
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AlipayResponseError)
    expect((error as Error).message).toContain('"expires_in"')
    expect((error as Error).message).not.toContain('202501BB1')
  })

  it('sends a refresh with grant_type=refresh_token', async () => {
    await client().refreshToken('old-refresh')
    expect(alipay.calls[0]?.grant).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'old-refresh',
    })
  })

  it('queries a token and types the answer in camelCase', async () => {
    const status = await client().queryToken('some-token')
    expect(alipay.calls[0]).toMatchObject({
      method: QUERY_METHOD,
      grant: { app_auth_token: 'some-token' },
    })
    expect(status).toEqual({
      userId: '2088000000000001',
      authAppId: '2021000000000001',
      expiresIn: 31536000,
      authMethods: ['alipay.trade.create'],
      authStart: Date.UTC(2025, 0, 1, 2, 0, 0),
      authEnd: Date.UTC(2026, 0, 1, 2, 0, 0),
      status: 'valid',
    })
  })

  it('passes app_auth_token as a request parameter in execute()', async () => {
    alipay.tokenAnswer = () => ({ fields: { any: 'thing' } })
    const data = await client().execute(
      'alipay.open.auth.token.app',
      { x: 1 },
      { appAuthToken: 'merchant-token' },
    )
    expect(data).toMatchObject({ code: '10000', any: 'thing' })
    expect(alipay.calls[0]?.appAuthToken).toBe('merchant-token')
  })
})

describe('the v3 token API', () => {
  it('exchanges a code with a signed JSON POST and reads both shapes', async () => {
    alipay.tokenAnswer = () => ({ fields: { ...tokenFields(1), tokens: [tokenFields(2)] } })
    const grants = await client('v3').exchangeCode('code-3')
    expect(alipay.calls[0]).toMatchObject({
      api: 'v3',
      grant: { grant_type: 'authorization_code', code: 'code-3' },
    })
    expect(grants.map((grant) => grant.authAppId).sort()).toEqual([
      '2021000000000001',
      '2021000000000002',
    ])
  })

  it('carries Alipay’s trace id on each grant, for logs and support tickets', async () => {
    alipay.tokenAnswer = () => ({ fields: { tokens: [tokenFields(1), tokenFields(2)] } })
    const grants = await client('v3').refreshToken('old-refresh')
    expect(grants.map((grant) => grant.traceId)).toEqual(['trace-1', 'trace-1'])
  })

  it('queries with a signed GET carrying the token in the query string', async () => {
    const status = await client('v3').queryToken('token+/=')
    expect(alipay.calls[0]?.params).toEqual({ app_auth_token: 'token+/=' })
    expect(status.status).toBe('valid')
  })
})
