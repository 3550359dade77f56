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
  ])(
    'a state error (%s) is a 400 %s that tells the merchant to start again, the route kept for the page’s button',
    (reason, code) => {
      const failure = routeErrorFor(new AlipayStateError(reason, 'core message'), at)
      expect(failure).toMatchObject({ status: 400, code })
      expect(routeErrorLogFields(failure!)).toMatchObject({ code, reason })
      expect(failure?.pageMessage).toMatch(/ Start the authorization again\.$/)
      expect(failure?.authorizePath).toBe('/alipay/authorize')
      // A program (the JSON answer) reads the path itself, and the developer's detail.
      expect(failure?.message).toContain(' Start again at /alipay/authorize.')
      expect(failure?.message).toContain(failure?.detail)
    },
  )

  it('without an authorize route the message still says to start again', () => {
    const failure = routeErrorFor(new AlipayStateError('missing-state', 'x'))
    expect(failure?.pageMessage).toMatch(/ Start the authorization again\.$/)
  })

  it('speaks to the merchant: the configuration to check is the developer’s detail, logged, not the message', () => {
    const failure = routeErrorFor(new AlipayStateError('app-id-mismatch', 'x'), at)
    expect(failure?.pageMessage).toBe(
      'This authorization was meant for another app, so it cannot be completed here. Start the authorization again.',
    )
    expect(failure?.pageMessage).not.toMatch(/redirectUri|app_id|Alipay console/)
    expect(failure?.detail).toContain('check that redirectUri is registered for this app')
    expect(routeErrorLogFields(failure!).detail).toBe(failure?.detail)
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

  it("any other refusal is a 502 ALIPAY_API_ERROR, Alipay's code and sub_code in the developer's detail", () => {
    const error = new AlipayApiError('refused', { code: '40002', subCode: 'isv.invalid-app-id' })
    const failure = routeErrorFor(error, at)
    expect(failure).toMatchObject({ status: 502, code: 'ALIPAY_API_ERROR' })
    expect(failure?.pageMessage).toContain('nothing was stored')
    expect(failure?.pageMessage).not.toContain('isv.invalid-app-id')
    expect(failure?.detail).toContain('40002 isv.invalid-app-id')
  })

  it('an answer that cannot be trusted or a missing answer is a 502', () => {
    const transport = new AlipayTransportError('refused', { beforeSend: true })
    expect(routeErrorFor(new AlipayResponseError('bad'), at)).toMatchObject({
      status: 502,
      code: 'ALIPAY_UNTRUSTED_RESPONSE',
      // A malformed answer is no key's fault: no advice to check keys or certificates.
      detail: expect.not.stringMatching(/alipayPublicKey|Cert/),
    })
    expect(
      routeErrorFor(
        new AlipaySignatureError('bad', {
          keyOptions: 'appCert, alipayPublicCert and alipayRootCert',
        }),
        at,
      )?.detail,
    ).toMatch(/did not verify.*Check appCert, alipayPublicCert and alipayRootCert\./)
    expect(routeErrorFor(new AlipayTimeoutError('slow'), at)?.detail).toContain('timed out')
    expect(routeErrorFor(transport, at)).toMatchObject({
      status: 502,
      code: 'ALIPAY_UNREACHABLE',
      pageMessage: expect.stringContaining('Try again in a moment'),
      detail: expect.stringContaining('connection failed'),
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
    const { message, pageMessage, detail } = failure!
    expect(JSON.stringify({ failure, message, pageMessage, detail })).not.toContain('202506BB')
    expect(routeErrorLogFields(failure!)).toEqual({
      code: 'ALIPAY_API_ERROR',
      error: 'AlipayApiError',
      alipayCode: '40004',
      subCode: 'isv.some-business-failure',
      traceId: 'trace-1',
      detail: expect.stringContaining('40004 isv.some-business-failure'),
    })
  })

  it('errors that are not the flow’s (a store failure, a config error) are left to the app', () => {
    expect(routeErrorFor(new Error('disk full'), at)).toBeUndefined()
    expect(routeErrorFor(new AlipayConfigError('bad key'), at)).toBeUndefined()
  })
})
