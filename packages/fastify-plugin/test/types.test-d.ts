import type { AppAuth, MerchantToken } from '@alipay-isv/core'
import Fastify, { type FastifyRequest } from 'fastify'
import { describe, expectTypeOf, it } from 'vitest'
import alipayAuth, { type AlipayAuthOptions, StateExpiredError } from '../src/index.js'

const appAuthOptions = {
  appId: '2021000000000001',
  privateKey: 'MIIE…',
  alipayPublicKey: 'MIIB…',
  redirectUri: 'https://isv.example/alipay/callback',
  cookieSecret: 'a-cookie-secret-of-at-least-32-characters',
}

describe('public types', () => {
  it('app.alipayAuth is the core AppAuth', () => {
    const app = Fastify()
    expectTypeOf(app.alipayAuth).toEqualTypeOf<AppAuth>()
    expectTypeOf(app.alipayAuth.getToken).returns.resolves.toEqualTypeOf<string>()
  })

  it('register accepts the options and an existing instance', () => {
    const app = Fastify()
    app.register(alipayAuth, appAuthOptions)
    app.register(alipayAuth, { appAuth: app.alipayAuth, cookieSecret: appAuthOptions.cookieSecret })
  })

  it('the options type requires appId (or an appAuth instance)', () => {
    const { appId: _appId, ...withoutAppId } = appAuthOptions
    expectTypeOf(withoutAppId).not.toExtend<AlipayAuthOptions>()
    expectTypeOf(appAuthOptions).toExtend<AlipayAuthOptions>()
  })

  it('onAuthorized receives typed merchants and the Fastify request, with no any', () => {
    expectTypeOf<NonNullable<AlipayAuthOptions['onAuthorized']>>().parameters.toEqualTypeOf<
      [MerchantToken[], FastifyRequest]
    >()
    expectTypeOf<NonNullable<AlipayAuthOptions['context']>>().parameters.toEqualTypeOf<
      [FastifyRequest]
    >()
    expectTypeOf<AlipayAuthOptions['invites']>().toEqualTypeOf<boolean | undefined>()
    expectTypeOf<AlipayAuthOptions['cookieSecret']>().not.toBeAny()
    expectTypeOf<AlipayAuthOptions['routes']>().not.toBeAny()
  })

  it('route errors carry their literal code and status', () => {
    const error = new StateExpiredError(
      'This authorization has expired. Start again at /alipay/authorize.',
    )
    expectTypeOf(error.code).toEqualTypeOf<'ALIPAY_STATE_EXPIRED'>()
    expectTypeOf(error.statusCode).toEqualTypeOf<400>()
    expectTypeOf(StateExpiredError).constructorParameters.toEqualTypeOf<[message: string]>()
  })
})
