import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { AlipayClient } from '../../src/client/alipay-client.js'
import { AlipayApiError, AlipayResponseError, AlipaySignatureError } from '../../src/errors.js'
import {
  clientOptions,
  GATEWAY,
  TOKEN_METHOD,
  TOKEN_PATH,
  tokenFields,
  useMockAlipay,
  v2Reply,
  v3Signed,
} from '../mocks.js'

const { alipay, server } = useMockAlipay()
const v2 = () => new AlipayClient(clientOptions())
const v3 = () => new AlipayClient(clientOptions({ api: 'v3' }))
const reason = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  )

describe('v2 responses are verified before use', () => {
  it('refuses a success whose signature was made with another key, without quoting its tokens', async () => {
    alipay.signing = 'forged'
    const error = await reason(v2().exchangeCode('code'))
    expect(error).toBeInstanceOf(AlipaySignatureError)
    expect((error as Error).message).toContain('alipayPublicKey')
    expect((error as Error).message).not.toContain('202501BB')
  })

  it('quotes no part of a token that the refused content cuts off mid-value', async () => {
    const longToken = `202501BB${'x'.repeat(600)}`
    alipay.tokenAnswer = () =>
      v2Reply(
        TOKEN_METHOD,
        { fields: { tokens: [tokenFields(1, { app_auth_token: longToken })] } },
        'forged',
      )
    const error = await reason(v2().exchangeCode('code'))
    expect(error).toBeInstanceOf(AlipaySignatureError)
    expect((error as Error).message).not.toContain('202501BB')
  })

  it('refuses a success that carries no signature', async () => {
    alipay.signing = 'none'
    expect(await reason(v2().exchangeCode('code'))).toBeInstanceOf(AlipaySignatureError)
  })

  it("keeps Alipay's trace id on an answer it refuses, for the support ticket", async () => {
    for (const signing of ['forged', 'none'] as const) {
      alipay.tokenAnswer = async () => {
        const answer = v2Reply(TOKEN_METHOD, { fields: { tokens: [tokenFields(1)] } }, signing)
        return new Response(await answer.text(), { headers: { 'alipay-trace-id': 'trace-v2' } })
      }
      expect(await reason(v2().exchangeCode('code'))).toMatchObject({
        name: 'AlipaySignatureError',
        traceId: 'trace-v2',
      })
    }
  })

  it('reports an unsigned error_response as an AlipayApiError', async () => {
    server.use(
      http.post(GATEWAY, () =>
        HttpResponse.text(
          '{"error_response":{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-app-id","sub_msg":"无效的AppID参数"}}',
        ),
      ),
    )
    const error = await reason(v2().exchangeCode('code'))
    expect(error).toBeInstanceOf(AlipayApiError)
    expect(error).toMatchObject({ code: '40002', subCode: 'isv.invalid-app-id' })
    expect((error as Error).message).toContain('unsigned')
  })

  it('refuses a garbled body as an AlipayResponseError', async () => {
    server.use(
      http.post(GATEWAY, () =>
        HttpResponse.text('{"alipay_open_auth_token_app_response":{"code":"100'),
      ),
    )
    expect(await reason(v2().exchangeCode('code'))).toBeInstanceOf(AlipayResponseError)
  })

  it('refuses an HTML error page with its HTTP status', async () => {
    server.use(
      http.post(GATEWAY, () => HttpResponse.text('<html>Bad gateway</html>', { status: 404 })),
    )
    expect(await reason(v2().exchangeCode('code'))).toMatchObject({
      name: 'AlipayResponseError',
      httpStatus: 404,
    })
  })
})

describe('v3 responses are verified before use, errors included', () => {
  it('accepts a correctly signed success', async () => {
    await expect(v3().exchangeCode('code')).resolves.toHaveLength(1)
  })

  it("refuses a success signed with another key, keeping Alipay's trace id", async () => {
    alipay.signing = 'forged'
    expect(await reason(v3().exchangeCode('code'))).toMatchObject({
      name: 'AlipaySignatureError',
      traceId: 'trace-1',
    })
  })

  it('refuses a success without alipay-signature', async () => {
    alipay.signing = 'none'
    expect(await reason(v3().exchangeCode('code'))).toBeInstanceOf(AlipaySignatureError)
  })

  it('refuses an error body whose signature does not verify, instead of trusting its code', async () => {
    alipay.signing = 'forged'
    alipay.tokenAnswer = () => ({ error: { code: 'AUTH_CODE_NOT_VALID' } })
    expect(await reason(v3().exchangeCode('code'))).toBeInstanceOf(AlipaySignatureError)
  })

  it('reports an unsigned error body as an AlipayApiError that says it was unsigned', async () => {
    alipay.signing = 'none'
    alipay.tokenAnswer = () => ({ error: { code: 'AUTH_CODE_NOT_VALID', httpStatus: 400 } })
    const error = await reason(v3().exchangeCode('code'))
    expect(error).toMatchObject({ name: 'AlipayApiError', code: 'AUTH_CODE_NOT_VALID' })
    expect((error as Error).message).toContain('unsigned')
  })

  it('refuses a correctly signed body that is not JSON as an AlipayResponseError', async () => {
    server.use(
      http.post(`https://gateway.alipay.test${TOKEN_PATH}`, () => v3Signed('<html>', 200, 'valid')),
    )
    expect(await reason(v3().exchangeCode('code'))).toBeInstanceOf(AlipayResponseError)
  })
})
