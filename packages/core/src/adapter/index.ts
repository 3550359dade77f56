/**
 * `@alipay-isv/core/adapter`: what a web-framework adapter is made of (the Fastify and Koa
 * packages use it; so can an adapter for another framework). One option validator, the callback
 * route, the route errors' one table of codes and messages and their answers, the state cookie's
 * signer, the QR pages, and event forwarding to a logger. `AlipayRouteError` itself is exported
 * from `@alipay-isv/core`, where an app imports it.
 */

export { prefersJson } from './accept-header.js'
export { resolveAccessorName } from './accessor-name.js'
export {
  type AdapterOptions,
  type AdapterRouteName,
  type AdapterRoutes,
  adapterDefaults,
  type ResolvedAdapterOptions,
} from './adapter-options.js'
export { renderAuthorizedPage } from './authorized-page.js'
export type { CallbackAnswer } from './callback-answer.js'
export {
  type CallbackRouteSettings,
  type CompletedCallback,
  completeCallback,
} from './callback-route.js'
export {
  type CookieSigner,
  cookieSignerFromMac,
  createCookieSigner,
} from './cookie-signer.js'
export {
  type AppAuthEventForwarder,
  type AppAuthEventLevel,
  appAuthEventLevels,
  forwardAppAuthEvents,
  type RefusalSummary,
} from './event-forwarding.js'
export { notifyBodyLimit } from './notify-body-limit.js'
export { adapterOptionError } from './option-error.js'
export {
  type QrAuthorizationBody,
  type QrStatusBody,
  qrAuthorizationBody,
  qrStatusBody,
} from './qr-json.js'
export { renderQrLinkEndedPage, renderQrPage } from './qr-page.js'
export { RefusalLog } from './refusal-log.js'
export { resolveAdapterOptions } from './resolve-adapter-options.js'
export { routeErrorStatuses } from './route-error.js'
export { type RouteErrorAnswer, routeErrorAnswer } from './route-error-answer.js'
export {
  type RouteErrorPlace,
  routeErrorFor,
  routeErrorLevel,
  routeErrorLogFields,
} from './route-error-for.js'
export { type RouteErrorDetails, type RouteErrorFacts, routeError } from './route-error-messages.js'
export { verifiedBindings } from './verified-bindings.js'
