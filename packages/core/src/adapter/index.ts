export {
  type AdapterOptions,
  type AdapterRouteName,
  type AdapterRoutes,
  adapterDefaults,
  type ResolvedAdapterOptions,
} from './adapter-options.js'
export { adapterOptionError } from './option-error.js'
export { resolveAdapterOptions } from './resolve-adapter-options.js'
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
  callbackRouteError,
  DuplicateCallbackError,
  NotifyTooLargeError,
  notifyBodyLimit,
  ParameterRepeatedError,
  QrNotFoundError,
  RateLimitedError,
  type RouteErrorCode,
  routeErrorCodes,
  StateBrowserMismatchError,
  StateExpiredError,
  StateMissingError,
  UntrustedResponseError,
} from './route-errors.js'
