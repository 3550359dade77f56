import type { AppAuth, JsonValue, MerchantToken } from '@alipay-isv/core'
import Router from '@koa/router'
import Koa, { type Context, type Middleware } from 'koa'
import { describe, expectTypeOf, it } from 'vitest'
import {
  type AlipayAuthMiddleware,
  type AlipayAuthOptions,
  type AlipayAuthState,
  alipayAuth,
} from '../src/index.js'

declare const options: AlipayAuthOptions

describe('the types of @alipay-isv/koa', () => {
  it('types ctx.state.alipayAuth as AppAuth in Koa middleware', () => {
    new Koa().use(async (ctx) => {
      expectTypeOf(ctx.state.alipayAuth).toEqualTypeOf<AppAuth>()
    })
  })

  it('types ctx.state.alipayAuth as AppAuth in @koa/router handlers', () => {
    new Router().get('/merchants', async (ctx) => {
      expectTypeOf(ctx.state.alipayAuth).toEqualTypeOf<AppAuth>()
    })
  })

  it('types a custom stateKey through the app’s state type, and takes the app to extend', () => {
    const app = new Koa<AlipayAuthState & { miniAppAuth: AppAuth }>()
    app.use(alipayAuth({ ...options, stateKey: 'miniAppAuth', prefix: '/mini' }, app))
    app.use(async (ctx) => {
      expectTypeOf(ctx.state.miniAppAuth).toEqualTypeOf<AppAuth>()
    })
  })

  it('types ctx.alipayAuth as possibly undefined: it is there only when the app is given', () => {
    new Koa().use(async (ctx) => {
      expectTypeOf(ctx.alipayAuth).toEqualTypeOf<AppAuth | undefined>()
    })
  })

  it('returns a Koa middleware that also carries its AppAuth and close()', () => {
    const middleware = alipayAuth(options)
    expectTypeOf(middleware).toExtend<Middleware<AlipayAuthState>>()
    expectTypeOf(middleware.appAuth).toEqualTypeOf<AppAuth>()
    expectTypeOf(middleware.close).toEqualTypeOf<() => Promise<void>>()
    expectTypeOf<AlipayAuthMiddleware>().toExtend<Middleware>()
    // Mountable on apps with their own state type, and on routers.
    new Koa<{ user: string }>().use(middleware)
    new Router().all('/alipay/:step', middleware)
  })

  it('calls onAuthorized with the merchants and the Koa context', () => {
    expectTypeOf<NonNullable<AlipayAuthOptions['onAuthorized']>>().parameters.toEqualTypeOf<
      [MerchantToken[], Context]
    >()
  })

  it('calls context with the Koa context, for a JSON value (or a promise of one)', () => {
    type ContextOption = NonNullable<AlipayAuthOptions['context']>
    expectTypeOf<ContextOption>().parameters.toEqualTypeOf<[Context]>()
    expectTypeOf<ContextOption>().returns.toEqualTypeOf<
      JsonValue | undefined | Promise<JsonValue | undefined>
    >()
    expectTypeOf<AlipayAuthOptions['invites']>().toEqualTypeOf<boolean | undefined>()
  })

  it('takes AppAuth options or an existing appAuth, and refuses neither', () => {
    // @ts-expect-error: nothing to build an AppAuth from
    alipayAuth({ prefix: '/alipay' })
    alipayAuth({ appAuth: {} as AppAuth, routes: { notify: false } })
  })
})
