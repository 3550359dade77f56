import type { AlipayRouteError, AppAuth, MerchantToken, RouteErrorCode } from '@alipay-isv/core'
import Fastify, { type FastifyRequest } from 'fastify'
import { describe, expectTypeOf, it } from 'vitest'
import alipayAuth, { type AlipayAuthOptions } from '../src/index.js'

const appAuthOptions = {
  appId: '2021000000000001',
  privateKey: 'MIIE…',
  alipayPublicKey: 'MIIB…',
  redirectUri: 'https://isv.example/alipay/callback',
  cookieSecret: 'a-cookie-secret-of-at-least-32-characters',
}

// A second ISV app's AppAuth under its own decorator, typed as the README's "Several apps" shows.
declare module 'fastify' {
  interface FastifyInstance {
    miniAppAuth: AppAuth
  }
}

describe('public types', () => {
  it('a custom decorator is typed by declaration merging', () => {
    const app = Fastify()
    app.register(alipayAuth, { ...appAuthOptions, decorator: 'miniAppAuth', prefix: '/mini' })
    expectTypeOf(app.miniAppAuth).toEqualTypeOf<AppAuth>()
    expectTypeOf<AlipayAuthOptions['decorator']>().toEqualTypeOf<string | undefined>()
  })

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

  it('a route error is switched on by its code, one of a closed union', () => {
    expectTypeOf<AlipayRouteError['code']>().toEqualTypeOf<RouteErrorCode>()
    expectTypeOf<'ALIPAY_STATE_EXPIRED'>().toExtend<RouteErrorCode>()
    expectTypeOf<'ALIPAY_NO_SUCH_CODE'>().not.toExtend<RouteErrorCode>()
  })
})
