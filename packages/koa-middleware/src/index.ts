/**
 * The errors the routes throw, one class per stable code (shared with @alipay-isv/fastify):
 * `error instanceof StateExpiredError`, or `instanceof AlipayRouteError` for any.
 */
export {
  AlipayRefusedError,
  AlipayRouteError,
  AlipayUnreachableError,
  AppIdMismatchError,
  AppIdMissingError,
  BadSourceError,
  CodeInvalidError,
  CodeMalformedError,
  CodeMissingError,
  ContextChangeRefusedError,
  DuplicateCallbackError,
  NotifyTooLargeError,
  notifyBodyLimit,
  ParameterRepeatedError,
  QrNotFoundError,
  RateLimitedError,
  type RouteErrorCode,
  StateBrowserMismatchError,
  StateExpiredError,
  StateMissingError,
  StoreUnavailableError,
  UntrustedResponseError,
} from '@alipay-isv/core/adapter'
export type { AlipayAuthState } from './koa-state.js'
export { type AlipayAuthMiddleware, alipayAuth } from './middleware.js'
export type {
  AlipayAuthAdapterOptions,
  AlipayAuthLogger,
  AlipayAuthOptions,
  AlipayAuthRoutes,
} from './options.js'
