import type { TokenGrant } from '../client/token-grant.js'
import { AlipayReauthorizationRequiredError, AlipayTokenKeyError } from '../errors.js'
import type { AuthorizationVia, JsonValue, MerchantToken } from '../stores/types.js'
import { sealedKeyId } from '../token-encryption/token-cipher.js'

/** How a merchant's authorization came about: carried from record to record by refreshes and notifications. */
export interface Provenance {
  via: AuthorizationVia
  context?: JsonValue
}

/** Just the provenance of a record (or of a provenance), without an absent context's key. */
function provenanceOf({ via, context }: Provenance): Provenance {
  return context === undefined ? { via } : { via, context }
}

/**
 * A grant issued at `issuedAt` becomes a stored record; expiries count from the issue
 * (docs/protocol.md §3). `issuedAt` is on the local clock, at or before the grant's receipt,
 * whoever delivered it (code exchange, refresh, notification): never a time Alipay states, so that
 * expiries and `minRefreshIntervalMs` hold whatever Alipay's clock says. Of `provenance` (which
 * may be the record the grant follows) only `via` and a context that is not undefined are kept.
 */
export function merchantFromGrant(
  grant: TokenGrant,
  issuedAt: number,
  authorizedAt: number,
  now: number,
  provenance: Provenance,
): MerchantToken {
  return {
    authAppId: grant.authAppId,
    userId: grant.userId,
    appAuthToken: grant.appAuthToken,
    appRefreshToken: grant.appRefreshToken,
    expiresAt: issuedAt + grant.expiresIn * 1000,
    refreshExpiresAt: issuedAt + grant.reExpiresIn * 1000,
    authorizedAt,
    updatedAt: now,
    status: 'active',
    issuedAt,
    ...provenanceOf(provenance),
  }
}

/**
 * The record, when it can still produce tokens; otherwise why the merchant must authorize again,
 * or (`AlipayTokenKeyError`) which key its tokens need.
 */
export function requireActive(record: MerchantToken | undefined, authAppId: string): MerchantToken {
  if (record === undefined) {
    throw new AlipayReauthorizationRequiredError(
      authAppId,
      'unknown-merchant',
      `No authorization is stored for merchant app ${authAppId}; send the merchant through authorization (authorizeUrl).`,
    )
  }
  if (record.status === 'cancelled') {
    throw new AlipayReauthorizationRequiredError(
      authAppId,
      'cancelled',
      `The merchant cancelled the authorization of app ${authAppId}; send the merchant through authorization again if they want to resume.`,
    )
  }
  if (record.status === 'needs-reauthorization') {
    throw refreshTokenDeadError(authAppId, record.reauthorizationReason ?? 'refresh-token-dead')
  }
  // Tokens still encrypted were read under a key that is missing: never sent to Alipay.
  const keyId = sealedKeyId(record.appAuthToken) ?? sealedKeyId(record.appRefreshToken)
  if (keyId !== undefined) throw new AlipayTokenKeyError(authAppId, keyId)
  return record
}

/**
 * The merchant's refresh token no longer works; `alipayCode` is Alipay's answer when this is the
 * moment it was learned (later uses read the reason from the record).
 */
export function refreshTokenDeadError(
  authAppId: string,
  reason: NonNullable<MerchantToken['reauthorizationReason']>,
  alipayCode?: string,
  cause?: unknown,
): AlipayReauthorizationRequiredError {
  const answer = alipayCode === undefined ? '' : ` (${alipayCode})`
  return new AlipayReauthorizationRequiredError(
    authAppId,
    reason,
    reason === 'refresh-interrupted'
      ? `A refresh of merchant app ${authAppId} was cut short (the process stopped, or the store failed, before the new pair was stored) and Alipay no longer accepts the old refresh token${answer}; send the merchant through authorization again.`
      : `Alipay no longer accepts the refresh token of merchant app ${authAppId}${answer}; send the merchant through authorization again.`,
    cause,
  )
}

/** The record as it stands once its refresh has finished, one way or the other: no intent left. */
export function withoutRefreshIntent(record: MerchantToken): MerchantToken {
  const { refreshStartedAt: _finished, ...rest } = record
  return rest
}
