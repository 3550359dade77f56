/**
 * The errors the plugin's routes answer with, one class per stable code (shared with
 * @alipay-isv/koa): `error instanceof StateExpiredError`, or `instanceof AlipayRouteError` for any.
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
