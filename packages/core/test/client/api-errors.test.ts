import { describe, expect, it } from 'vitest'
import { AlipayClient } from '../../src/client/alipay-client.js'
import { AlipayApiError } from '../../src/errors.js'
import { clientOptions, useMockAlipay } from '../mocks.js'

const { alipay } = useMockAlipay()
const SECRET_CODE = 'code-SECRET-4d1f'
const SECRET_REFRESH = 'refresh-SECRET-9a7c'

async function failure(
  api: 'v2' | 'v3',
  error: { code: string; subCode?: string; subMsg?: string },
) {
  alipay.tokenAnswer = () => ({ error })
  const client = new AlipayClient(clientOptions({ api }))
  const caught = await client.exchangeCode(SECRET_CODE).catch((thrown: unknown) => thrown)
  expect(caught).toBeInstanceOf(AlipayApiError)
  return caught as AlipayApiError
}

/**
 * docs/protocol.md §3: every listed code and sub_code, and what the message must tell the
 * developer.
 */
const V2_CASES: Array<[code: string, subCode: string, advice: RegExp]> = [
  ['20000', 'isp.unknow-error', /temporary failure; retry later/],
  ['20000', 'aop.unknow-error', /temporary failure; retry later/],
  ['20001', 'aop.invalid-app-auth-token', /not valid .*authorization again/],
  [
    '20001',
    'aop.app-auth-token-time-out',
    /expired: refresh it \(getToken does.*\) or send the merchant through authorization again/,
  ],
  ['20001', 'aop.invalid-app-auth-token-no-api', /did not grant this API/],
  ['40001', 'isv.missing-method', /without `method`: pass the API's method name to execute/],
  ['40001', 'isv.missing-signature', /without `sign`; .*proxy, or a custom fetch\) changed/],
  ['40001', 'isv.missing-signature-type', /without `sign_type`; .*changed the request/],
  ['40001', 'isv.missing-app-id', /without `app_id`; .*changed the request/],
  ['40001', 'isv.missing-timestamp', /without `timestamp`; .*changed the request/],
  ['40001', 'isv.missing-version', /without `version`; .*changed the request/],
  ['40002', 'isv.invalid-signature', /check that privateKey matches the app public key/],
  ['40002', 'isv.invalid-signature-type', /in the Alipay console, set the app’s signing method/],
  ['40002', 'isv.invalid-app-id', /does not know this appId.*sandbox/],
  ['40002', 'isv.invalid-method', /does not know this method/],
  ['40002', 'isv.invalid-timestamp', /clock is synchronized/],
  ['40002', 'isv.invalid-parameter', /fix the parameter sub_msg names/],
  [
    '40002',
    'isv.code-invalid',
    /already used or expired; send the merchant through authorization again/,
  ],
  ['40002', 'isv.refresh-token-invalid', /refresh token is no longer valid/],
  ['40002', 'isv.refresh-token-time-out', /refresh token has expired/],
  ['40002', 'isv.app-cert-not-exist', /no app certificate/],
  ['40004', 'ACQ.SOME_BUSINESS_ERROR', /resolve what sub_msg describes/],
  ['40001', 'isv.some-new-sub-code', /add the parameter sub_msg names/],
  ['40002', 'isv.some-new-sub-code', /fix the parameter sub_msg names/],
  ['40006', 'isv.insufficient-isv-permissions', /lacks the permission/],
]

describe('v2 errors', () => {
  it.each(V2_CASES)(
    '%s %s becomes an AlipayApiError that says what to do',
    async (code, subCode, advice) => {
      const error = await failure('v2', { code, subCode, subMsg: 'detail from Alipay' })
      expect(error).toMatchObject({ code, subCode, subMsg: 'detail from Alipay', httpStatus: 200 })
      expect(error.message).toContain(`${code} ${subCode}`)
      expect(error.message).toMatch(advice)
      expect(error.message).not.toContain(SECRET_CODE)
    },
  )

  it('quotes the string the gateway verified on isv.invalid-signature, without the code or tokens it contains', async () => {
    const verified = `app_id=2021000000000001&app_auth_token=202501BBsecret&biz_content={"code":"${SECRET_CODE}","grant_type":"authorization_code"}&method=alipay.open.auth.token.app`
    const error = await failure('v2', {
      code: '40002',
      subCode: 'isv.invalid-signature',
      subMsg: `验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：${verified}`,
    })
    expect(error.message).toContain(
      '网关生成的验签字符串为：app_id=2021000000000001&app_auth_token=[redacted]',
    )
    expect(error.message).toContain('"grant_type":"authorization_code"')
    expect(error.message).not.toContain(SECRET_CODE)
    expect(error.message).not.toContain('202501BBsecret')
    expect(error.rawBody).not.toContain(SECRET_CODE)
  })

  it('never puts the refresh token it sent into the message or the raw body', async () => {
    alipay.tokenAnswer = () => ({
      error: {
        code: '40002',
        subCode: 'isv.refresh-token-invalid',
        subMsg: `refresh_token ${SECRET_REFRESH} invalid`,
      },
    })
    const client = new AlipayClient(clientOptions())
    const error = (await client
      .refreshToken(SECRET_REFRESH)
      .catch((thrown: unknown) => thrown)) as AlipayApiError
    expect(error.message).not.toContain(SECRET_REFRESH)
    expect(error.rawBody).not.toContain(SECRET_REFRESH)
  })
})

/** docs/protocol.md §4 token-API codes. */
const V3_CASES: Array<[code: string, advice: RegExp]> = [
  ['APP_NOT_ISV', /not a third-party app/],
  ['GRANT_TYPE_INVALID', /grant_type must be .*changed the request/],
  ['AUTH_CODE_NOT_EXIST', /code does not exist; send the merchant through authorization again/],
  ['AUTH_CODE_NOT_VALID', /already used or expired/],
  ['APP_ID_NOT_CONSISTENT', /issued to another app/],
  ['AUTH_TOKEN_NOT_FOUND', /does not know this app_auth_token/],
  [
    'AUTH_TOKEN_TIME_OUT',
    /expired: refresh it \(getToken does.*\) or send the merchant through authorization again/,
  ],
  ['REFRESH_TOKEN_NOT_EXIST', /does not know this refresh token/],
  ['REFRESH_TOKEN_NOT_VALID', /refresh token is no longer valid/],
  ['REFRESH_TOKEN_TIME_OUT', /refresh token has expired/],
  ['invalid-signature', /check that privateKey matches/],
]

describe('v3 errors', () => {
  it.each(V3_CASES)('%s becomes an AlipayApiError that says what to do', async (code, advice) => {
    const error = await failure('v3', { code, subMsg: 'message from Alipay' })
    expect(error).toMatchObject({
      code,
      subMsg: 'message from Alipay',
      httpStatus: 400,
      traceId: 'trace-1',
    })
    expect(error.message).toMatch(advice)
    expect(error.message).not.toContain(SECRET_CODE)
  })
})
