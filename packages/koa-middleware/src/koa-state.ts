import type { AppAuth } from '@alipay-isv/core'

/** What the middleware puts on `ctx.state`: for apps that type their state explicitly. */
export interface AlipayAuthState {
  alipayAuth: AppAuth
}

// Declaration merging, as Koa's types invite: `ctx.state.alipayAuth` is typed in every handler
// (Koa's and @koa/router's) once this package is imported. On the context it is optional: it is
// only there when the app is given to `alipayAuth(options, app)`.
declare module 'koa' {
  interface DefaultState extends AlipayAuthState {}
  interface DefaultContext {
    alipayAuth?: AppAuth
  }
}
