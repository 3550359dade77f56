import { describe, expect, it } from 'vitest'
import { routeErrorFor, routeErrorLogFields } from '../../src/adapter/route-error-for.js'
import {
  AlipayApiError,
  AlipayConfigError,
  AlipayDuplicateCallbackError,
  AlipayResponseError,
  AlipaySignatureError,
  AlipayStateError,
  type AlipayStateErrorReason,
  AlipayTimeoutError,
  AlipayTransportError,
} from '../../src/errors.js'

const at = { authorizePath: '/alipay/authorize' }

describe('routeErrorFor', () => {
  it.each<[AlipayStateErrorReason, string]>([
    ['missing-state', 'ALIPAY_STATE_MISSING'],
    ['unknown-or-expired-state', 'ALIPAY_STATE_EXPIRED'],
    ['browser-mismatch', 'ALIPAY_STATE_BROWSER_MISMATCH'],
    ['app-id-mismatch', 'ALIPAY_APP_ID_MISMATCH'],
    ['bad-source', 'ALIPAY_BAD_SOURCE'],
    ['missing-code', 'ALIPAY_CODE_MISSING'],
  ])('a state error (%s) is a 400 %s that says where to start again', (reason, code) => {
    const failure = routeErrorFor(new AlipayStateError(reason, 'core message'), at)
    expect(failure).toMatchObject({ status: 400, code })
    expect(routeErrorLogFields(failure!)).toMatchObject({ code, reason })
    expect(failure?.message).toMatch(/ Start again at \/alipay\/authorize\.$/)
  })

  it('without an authorize route the message still says to start again', () => {
    const failure = routeErrorFor(new AlipayStateError('missing-state', 'x'))
    expect(failure?.message).toMatch(/ Start the authorization again\.$/)
  })

  it('a duplicate callback is a 409 ALIPAY_DUPLICATE_CALLBACK', () => {
    const failure = routeErrorFor(new AlipayDuplicateCallbackError('again'), at)
    expect(failure).toMatchObject({ status: 409, code: 'ALIPAY_DUPLICATE_CALLBACK' })
  })

  it.each([
    { subCode: 'isv.code-invalid' },
    { code: 'AUTH_CODE_NOT_EXIST' },
    { code: 'AUTH_CODE_NOT_VALID' },
  ])('Alipay calling the code spent or stale (%o) is a 400 ALIPAY_CODE_INVALID', (details) => {
    const failure = routeErrorFor(new AlipayApiError('refused', details), at)
    expect(failure).toMatchObject({ status: 400, code: 'ALIPAY_CODE_INVALID' })
  })

  it("any other refusal is a 502 ALIPAY_API_ERROR naming Alipay's code and sub_code", () => {
    const error = new AlipayApiError('refused', { code: '40002', subCode: 'isv.invalid-app-id' })
    const failure = routeErrorFor(error, at)
    expect(failure).toMatchObject({ status: 502, code: 'ALIPAY_API_ERROR' })
    expect(failure?.message).toContain('40002 isv.invalid-app-id')
  })

  it('an answer that cannot be trusted or a missing answer is a 502', () => {
    const transport = new AlipayTransportError('refused', { beforeSend: true })
    expect(routeErrorFor(new AlipayResponseError('bad'), at)).toMatchObject({
      status: 502,
      code: 'ALIPAY_UNTRUSTED_RESPONSE',
      // A malformed answer is no key's fault: no advice to check keys or certificates.
      message: expect.not.stringMatching(/alipayPublicKey|Cert/),
    })
    expect(
      routeErrorFor(
        new AlipaySignatureError('bad', {
          keyOptions: 'appCert, alipayPublicCert and alipayRootCert',
        }),
        at,
      )?.message,
    ).toMatch(/did not verify.*Check appCert, alipayPublicCert and alipayRootCert\./)
    expect(routeErrorFor(new AlipayTimeoutError('slow'), at)?.message).toContain('timed out')
    expect(routeErrorFor(transport, at)).toMatchObject({
      status: 502,
      code: 'ALIPAY_UNREACHABLE',
      message: expect.stringContaining('connection failed'),
    })
  })

  it("never puts Alipay's answer in the message or the log fields, only its codes and trace id", () => {
    const error = new AlipayApiError('refused: 202506BBsecrettoken', {
      code: '40004',
      subCode: 'isv.some-business-failure',
      subMsg: 'token 202506BBsecrettoken is odd',
      traceId: 'trace-1',
      rawBody: '{"app_auth_token":"202506BBsecrettoken"}',
    })
    const failure = routeErrorFor(error, at)
    expect(failure?.message).not.toContain('202506BBsecrettoken')
    expect(routeErrorLogFields(failure!)).toEqual({
      code: 'ALIPAY_API_ERROR',
      error: 'AlipayApiError',
      alipayCode: '40004',
      subCode: 'isv.some-business-failure',
      traceId: 'trace-1',
    })
  })

  it('errors that are not the flow’s (a store failure, a config error) are left to the app', () => {
    expect(routeErrorFor(new Error('disk full'), at)).toBeUndefined()
    expect(routeErrorFor(new AlipayConfigError('bad key'), at)).toBeUndefined()
  })
})
