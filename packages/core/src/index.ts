/**
 * `@alipay-isv/core`: what an ISV's app uses. The authorization flow (`AppAuth`), the API client
 * (`AlipayClient`), the token stores, the errors, and key helpers. Adapter-writing helpers are in
 * `@alipay-isv/core/adapter`, the signing primitives in `/signer`, the Redis store in `/redis`,
 * the store conformance suite in `/testing`.
 */
export { AlipayRouteError, type RouteErrorCode } from './adapter/route-error.js'
export { AppAuth } from './auth/app-auth.js'
export { MAX_CONTEXT_BYTES } from './auth/authorization-context.js'
export type {
  ApplicationType,
  AuthorizeUrlOptions,
  AuthorizeUrlResult,
} from './auth/authorize-url.js'
export { BackgroundRefresher } from './auth/background-refresher.js'
export type {
  BackgroundRefresherOptions,
  RefresherStats,
  RefreshOutcome,
} from './auth/background-refresher-options.js'
export type { CallbackOptions, CallbackOutcome, CallbackResult } from './auth/callback-flow.js'
export type { CallbackQuery } from './auth/callback-query.js'
export type {
  ContextChange,
  ContextChangeDecision,
  OnContextChange,
} from './auth/context-change.js'
export type { AppAuthEventName, AppAuthEvents, ErrorSummary } from './auth/events.js'
export type { ApiCallCounts, AuthHealth } from './auth/health.js'
export type { InterruptedRefreshesReport } from './auth/interrupted-refreshes.js'
export type {
  CurlOptions,
  CurlResult,
  ExecOptions,
  WithTokenOptions,
} from './auth/merchant-calls.js'
export { STALE_NOTIFICATION_MS } from './auth/notify-apply.js'
export type { NotifyBody, NotifyOutcome } from './auth/notify-handler.js'
export type { AppAuthOptions } from './auth/options.js'
export type { QrAuthorization, QrAuthorizationOptions } from './auth/qr-authorization.js'
export type { QrAuthorizationStatus, QrMerchant, QrStatus } from './auth/qr-status.js'
export { AlipayClient, type AlipayClientHooks, type CallFor } from './client/alipay-client.js'
export type { CallResult } from './client/call-context.js'
export type { Endpoints } from './client/endpoints.js'
export type { AlipayClientOptions, CertificateModeOptions } from './client/options.js'
export type { TokenGrant, TokenStatus } from './client/token-grant.js'
export type { V3CallOptions, V3HttpMethod } from './client/v3-call.js'
export { type Clock, systemClock } from './clock.js'
export {
  AlipayApiError,
  AlipayConfigError,
  AlipayContextChangeRefusedError,
  AlipayDuplicateCallbackError,
  AlipayError,
  type AlipayErrorDetails,
  AlipayRateLimitedError,
  type AlipayReauthorizationReason,
  AlipayReauthorizationRequiredError,
  AlipayResponseError,
  AlipaySignatureError,
  AlipayStateError,
  type AlipayStateErrorReason,
  AlipayStoreUnavailableError,
  AlipayTimeoutError,
  AlipayTokenKeyError,
  AlipayTokenRenewedError,
  AlipayTransportError,
  type RateLimitOption,
} from './errors.js'
export {
  type KeyInput,
  parsePrivateKey,
  parsePublicKey,
  toBareBase64PublicKey,
  toPem,
} from './signer/keys.js'
export { FileStore, type FileStoreOptions } from './stores/file-store.js'
export { MemoryStore, type MemoryStoreOptions } from './stores/memory-store.js'
export type { MerchantPage, MerchantPageRequest } from './stores/page.js'
export type {
  AuthorizationKind,
  AuthorizationState,
  AuthorizationVia,
  JsonValue,
  MerchantToken,
  MerchantTokenStatus,
  RefreshCoordinator,
  RefreshLease,
  StateStore,
  TokenStore,
} from './stores/types.js'
export type { ReencryptReport } from './token-encryption/reencrypt-tokens.js'
export type { TokenKey } from './token-encryption/token-keys.js'
