import { parseChinaTime } from '../signer/timestamp.js'
import type { CallResult } from './call-context.js'
import { ResponseFields } from './response-fields.js'

/** One authorized merchant app from a token exchange or refresh (docs/protocol.md §3). */
export interface TokenGrant {
  appAuthToken: string
  appRefreshToken: string
  /** The merchant's authorized app. */
  authAppId: string
  /** The merchant's Alipay user id (2088…). */
  userId: string
  /** Seconds. */
  expiresIn: number
  /** Seconds. */
  reExpiresIn: number
  /** Alipay's trace id of the answer that carried this grant, when it sent one: for logs and support tickets. */
  traceId?: string
}

/** `alipay.open.auth.token.app.query` (docs/protocol.md §3), camelCase. */
export interface TokenStatus {
  userId: string
  authAppId: string
  /** Seconds. */
  expiresIn: number
  authMethods: string[]
  /** Epoch ms, when Alipay sent a parsable `auth_start`. */
  authStart?: number
  /** Epoch ms, when Alipay sent a parsable `auth_end`. */
  authEnd?: number
  status: 'valid' | 'invalid'
}

/**
 * Accepts the current `tokens[]` shape, the legacy flat shape, and both at once (docs/protocol.md
 * §3); the flat record is kept only when `tokens[]` does not already name its `auth_app_id`.
 */
export function parseTokenGrants({ data, traceId }: CallResult, operation: string): TokenGrant[] {
  const listed = Array.isArray(data.tokens) ? data.tokens : []
  const grants = listed.map((entry) => toGrant(asRecord(entry), operation))
  if ('app_auth_token' in data || grants.length === 0) {
    const flat = toGrant(data, operation)
    if (!grants.some((grant) => grant.authAppId === flat.authAppId)) grants.push(flat)
  }
  return traceId === undefined ? grants : grants.map((grant) => ({ ...grant, traceId }))
}

export function toGrant(data: Record<string, unknown>, operation: string): TokenGrant {
  const fields = new ResponseFields(data, operation)
  return {
    appAuthToken: fields.string('app_auth_token'),
    appRefreshToken: fields.string('app_refresh_token'),
    authAppId: fields.string('auth_app_id'),
    userId: fields.string('user_id'),
    expiresIn: fields.number('expires_in'),
    reExpiresIn: fields.number('re_expires_in'),
  }
}

export function parseTokenStatus(data: Record<string, unknown>, operation: string): TokenStatus {
  const fields = new ResponseFields(data, operation)
  const authStart = fields.optionalString('auth_start')
  const authEnd = fields.optionalString('auth_end')
  return {
    userId: fields.string('user_id'),
    authAppId: fields.string('auth_app_id'),
    expiresIn: fields.number('expires_in'),
    authMethods: Array.isArray(data.auth_methods) ? data.auth_methods.map(String) : [],
    authStart: authStart === undefined ? undefined : parseChinaTime(authStart),
    authEnd: authEnd === undefined ? undefined : parseChinaTime(authEnd),
    status: fields.string('status') === 'valid' ? 'valid' : 'invalid',
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}
