/**
 * `@alipay-isv/core/adapter`: what a web-framework adapter is made of (the Fastify and Koa
 * packages use it; so can an adapter for another framework). One option validator, the callback
 * route, the route errors' one table of codes and messages and their answers, the state cookie's
 * signer, the QR pages, and event forwarding to a logger. `AlipayRouteError` itself is exported
 * from `@alipay-isv/core`, where an app imports it.
 */
export { renderAuthorizedPage } from '../auth/authorized-page.js'
export { verifiedBindings } from '../auth/browser-binding.js'
export type { CallbackAnswer } from '../auth/callback-answer.js'
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
} from '../auth/event-forwarding.js'
export {
  prefersJson,
  type QrAuthorizationBody,
  type QrStatusBody,
  qrAuthorizationBody,
  qrStatusBody,
} from '../auth/qr-json.js'
export { renderQrLinkEndedPage, renderQrPage } from '../auth/qr-page.js'
export {
  type AdapterOptions,
  type AdapterRouteName,
  type AdapterRoutes,
  adapterDefaults,
  type ResolvedAdapterOptions,
} from './adapter-options.js'
export {
  type CallbackRouteSettings,
  type CompletedCallback,
  completeCallback,
} from './callback-route.js'
export { notifyBodyLimit } from './notify-body-limit.js'
export { adapterOptionError } from './option-error.js'
export { resolveAdapterOptions } from './resolve-adapter-options.js'
export { routeErrorStatuses } from './route-error.js'
export { type RouteErrorAnswer, routeErrorAnswer } from './route-error-answer.js'
export { type RouteErrorPlace, routeErrorFor, routeErrorLogFields } from './route-error-for.js'
export { type RouteErrorDetails, type RouteErrorFacts, routeError } from './route-error-messages.js'
