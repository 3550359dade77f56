export type { AlipayAuthState } from './koa-state.js'
export { type AlipayAuthMiddleware, alipayAuth } from './middleware.js'
export type {
  AlipayAuthAdapterOptions,
  AlipayAuthLogger,
  AlipayAuthOptions,
  AlipayAuthRoutes,
} from './options.js'
