export { AppAuth } from './app-auth.js'
export { MAX_CONTEXT_BYTES } from './authorization-context.js'
export type { ApplicationType, AuthorizeUrlOptions, AuthorizeUrlResult } from './authorize-url.js'
export { renderAuthorizedPage } from './authorized-page.js'
export { BackgroundRefresher } from './background-refresher.js'
export type {
  BackgroundRefresherOptions,
  RefresherStats,
  RefreshOutcome,
} from './background-refresher-options.js'
export { verifiedBindings } from './browser-binding.js'
export { type CallbackAnswer, callbackSuccessAnswer } from './callback-answer.js'
export {
  type CallbackFailure,
  type CallbackFailureCode,
  callbackFailureCodes,
  describeCallbackFailure,
} from './callback-failure.js'
export { acceptsHtml, renderCallbackFailurePage } from './callback-failure-page.js'
export type { CallbackOptions, CallbackResult } from './callback-flow.js'
export type { CallbackQuery } from './callback-query.js'
export { type CookieSigner, createCookieSigner } from './cookie-signer.js'
export {
  type AppAuthEventForwarder,
  type AppAuthEventLevel,
  appAuthEventLevels,
  forwardAppAuthEvents,
} from './event-forwarding.js'
export type { AppAuthEventName, AppAuthEvents, ErrorSummary } from './events.js'
export type { AuthHealth } from './health.js'
export type { InterruptedRefreshesReport } from './interrupted-refreshes.js'
export type { NotifyBody, NotifyOutcome } from './notify-handler.js'
export type { AppAuthOptions } from './options.js'
export type { QrAuthorizationOptions } from './qr-authorization.js'
export {
  prefersJson,
  type QrAuthorization,
  type QrAuthorizationBody,
  type QrStatusBody,
  qrAuthorizationBody,
  qrStatusBody,
} from './qr-json.js'
export { renderQrCompletePage, renderQrLinkEndedPage, renderQrPage } from './qr-page.js'
export type { QrAuthorizationStatus, QrMerchant, QrStatus } from './qr-status.js'
