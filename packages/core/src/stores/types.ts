import type { MerchantPage, MerchantPageRequest } from './page.js'

/**
 * The two storage contracts of the authorization flow. Every implementation (memory, file,
 * Redis, PostgreSQL, MySQL) passes the same conformance suite, `src/testing/store-conformance.ts`,
 * published as `@alipay-isv/core/testing` for stores of your own.
 */

export type MerchantTokenStatus = 'active' | 'needs-reauthorization' | 'cancelled'

/** A value that survives `JSON.stringify` and `JSON.parse` unchanged. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue }

/**
 * How a merchant's record came to be: the browser that started the authorization (`browser`),
 * a QR code scanned with the Alipay app (`qr`), an invitation link without state (`invite`), or
 * an `open_app_auth_notify` for a merchant no callback had stored (`notification`).
 */
export type AuthorizationVia = 'browser' | 'qr' | 'invite' | 'notification'

/** Which flow started an authorization: the callback comes back to that browser, or to a phone. */
export type AuthorizationKind = 'browser' | 'qr'

/** One authorized merchant app (docs/protocol.md §3: one element of `tokens[]`). */
export interface MerchantToken {
  /** The merchant's authorized app id (`auth_app_id`): the record's key. */
  authAppId: string
  /** The merchant's Alipay user id (`user_id`, 2088…). */
  userId: string
  appAuthToken: string
  appRefreshToken: string
  /** Epoch ms when `app_auth_token` expires (issue time + `expires_in`). */
  expiresAt: number
  /** Epoch ms when `app_refresh_token` expires (issue time + `re_expires_in`). */
  refreshExpiresAt: number
  /** Epoch ms of the authorization (or re-authorization) that produced this record. */
  authorizedAt: number
  /** Epoch ms of the last write. */
  updatedAt: number
  status: MerchantTokenStatus
  /** The flow of the authorization that stored this record; refreshes and notifications keep it. */
  via: AuthorizationVia
  /**
   * The app's own value given when the authorization started (`authorizeUrl({ context })`), e.g.
   * its tenant id. Kept across refreshes and notifications; replaced by a later authorization
   * that carries a context; one without (an invitation) keeps it.
   */
  context?: JsonValue
  /** Epoch ms when Alipay issued this pair (authorization or refresh); absent in older records. */
  issuedAt?: number
  /**
   * Epoch ms when a refresh of this pair started and has not finished: Alipay may already have
   * rotated it. Stored before Alipay is asked and removed with the new pair, so a crash in
   * between leaves it behind; such a refresh is redone before the record is used again.
   */
  refreshStartedAt?: number
  /**
   * With status `needs-reauthorization`: why the refresh token is dead. `refresh-interrupted`
   * when a refresh cut short by a crash could not be finished; absent means `refresh-token-dead`.
   */
  reauthorizationReason?: 'refresh-token-dead' | 'refresh-interrupted'
}

export interface TokenStore {
  get(authAppId: string): Promise<MerchantToken | undefined>
  /** Insert or replace the record for `token.authAppId`. Resolves once durable. */
  set(token: MerchantToken): Promise<void>
  delete(authAppId: string): Promise<void>
  /** Every record, in no particular order. For many merchants, page through `listPage` instead. */
  list(): Promise<MerchantToken[]>
  /**
   * One page of records in ascending `authAppId` order (keyset: those after `after`), and the
   * `next` to pass as `after` for the following page, absent on the last one. Records written
   * while paging show up if their id comes after the page being read.
   */
  listPage(request: MerchantPageRequest): Promise<MerchantPage>
  /** Active records whose `expiresAt` is at or before `time`, soonest first, at most `limit`. */
  listExpiringBefore(time: number, limit: number): Promise<MerchantToken[]>
  close?(): Promise<void>
}

/** What the flow remembers between "send to Alipay" and "the callback came back". */
export interface AuthorizationState {
  /** The value bound to the browser that started the flow (its cookie carries it). */
  browserBinding: string
  redirectUri: string
  /** Epoch ms. */
  createdAt: number
  kind: AuthorizationKind
  /** Copied onto every merchant record the callback stores. */
  context?: JsonValue
  /** Only in a QR authorization's status record (key `qr:<state>`): how it ended. */
  outcome?: AuthorizationOutcome
}

/** How a QR authorization ended, for the status its starting browser reads. Ids only, no token. */
export type AuthorizationOutcome =
  | { status: 'authorized'; merchants: Array<Pick<MerchantToken, 'authAppId' | 'userId'>> }
  | { status: 'failed'; error: { code: string; message: string } }

export interface StateStore {
  /** Remember `state` for `ttlMs`. */
  put(state: string, value: AuthorizationState, ttlMs: number): Promise<void>
  /**
   * Atomically read and delete: of any number of concurrent callers, at most one gets the
   * value. Expired or unknown states give `undefined`.
   */
  take(state: string): Promise<AuthorizationState | undefined>
  /**
   * Reads a state without consuming it or writing anything: what `take` would give right now.
   * Lets a callback be checked completely before anything is written.
   */
  peek(state: string): Promise<AuthorizationState | undefined>
  /**
   * Set-if-absent marker for `ttlMs`: true for the first caller, false for every later one
   * until it expires. Used so a code is exchanged once and a notification applied once.
   */
  claim(key: string, ttlMs: number): Promise<boolean>
  /** Whether `key` is claimed and its claim has not expired, without writing anything. */
  isClaimed(key: string): Promise<boolean>
  close?(): Promise<void>
}

/**
 * A merchant's refresh lease, held by one instance of a fleet. Fencing tokens grow with every
 * lease granted for a merchant, so a holder whose lease ran out (a long pause, a slow network)
 * has a smaller one than whoever took over, and its late write can be refused.
 */
export interface RefreshLease {
  readonly fencingToken: number
  /** Gives the lease back if this holder still has it; harmless once it has expired. */
  release(): Promise<void>
}

/**
 * Optional capability of a token store shared by several instances (e.g. `RedisStore` from
 * `@alipay-isv/core/redis`). Refresh rotates the token pair (docs/protocol.md §3), so two instances
 * refreshing one merchant at once would spend each other's refresh token: when the store offers
 * this, `AppAuth` refreshes a merchant only while holding its lease, and the others wait for
 * the record it writes.
 */
export interface RefreshCoordinator {
  /**
   * How long a lease lasts unless released: longer than the slowest refresh, retries included.
   * After it, a crashed holder's lease is free for another instance.
   */
  readonly refreshLeaseMs: number
  /** The merchant's lease, or `undefined` while another holder has it. */
  acquireRefreshLease(authAppId: string): Promise<RefreshLease | undefined>
  /**
   * Writes `token` only if `fencingToken` is still the latest issued for its merchant, atomically
   * with the check; `false` when refused. Plain `set` and `delete` also supersede every lease
   * issued before them, so a refresh cannot overwrite a re-authorization or a cancellation.
   */
  setIfFenced(token: MerchantToken, fencingToken: number): Promise<boolean>
}
