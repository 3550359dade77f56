/**
 * `@alipay-isv/core/adapter`: what a web-framework adapter is made of (the Fastify and Koa
 * packages use it; so can an adapter for another framework). One option validator, the route
 * errors with their stable codes, the callback's answers, the state cookie's signer, and event
 * forwarding to a logger.
 */
export { renderAuthorizedPage } from '../auth/authorized-page.js'
export { verifiedBindings } from '../auth/browser-binding.js'
export { type CallbackAnswer, callbackSuccessAnswer } from '../auth/callback-answer.js'
export {
  type CallbackFailure,
  type CallbackFailureCode,
  callbackFailureCodes,
  describeCallbackFailure,
} from '../auth/callback-failure.js'
export { acceptsHtml, renderCallbackFailurePage } from '../auth/callback-failure-page.js'
export {
  type CookieSigner,
  cookieSignerFromMac,
  createCookieSigner,
} from '../auth/cookie-signer.js'
export {
  type AppAuthEventForwarder,
  type AppAuthEventLevel,
  appAuthEventLevels,
  forwardAppAuthEvents,
  type RefusalSummary,
} from '../auth/event-forwarding.js'
export {
  prefersJson,
  type QrAuthorizationBody,
  type QrStatusBody,
  qrAuthorizationBody,
  qrStatusBody,
} from '../auth/qr-json.js'
export { renderQrCompletePage, renderQrLinkEndedPage, renderQrPage } from '../auth/qr-page.js'
export { RefusalLog } from '../auth/refusal-log.js'
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
  ContextChangeRefusedError,
  callbackRouteError,
  DuplicateCallbackError,
  NotifyTooLargeError,
  notifyBodyLimit,
  ParameterRepeatedError,
  QrNotFoundError,
  RateLimitedError,
  type RouteErrorCode,
  routeErrorBody,
  routeErrorCodes,
  StateBrowserMismatchError,
  StateExpiredError,
  StateMissingError,
  StoreUnavailableError,
  UntrustedResponseError,
} from './route-errors.js'
