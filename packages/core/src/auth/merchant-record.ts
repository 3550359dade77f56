import type { TokenGrant } from '../client/token-grant.js'
import { AlipayReauthorizationRequiredError } from '../errors.js'
import type { MerchantToken } from '../stores/types.js'

/** A grant issued at `issuedAt` becomes a stored record; expiries count from the issue (docs/protocol.md §3). */
export function merchantFromGrant(
  grant: TokenGrant,
  issuedAt: number,
  authorizedAt: number,
  now: number,
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
  }
}

/** The record, when it can still produce tokens; otherwise why the merchant must authorize again. */
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
    throw new AlipayReauthorizationRequiredError(
      authAppId,
      'refresh-token-dead',
      `Alipay no longer accepts the refresh token of merchant app ${authAppId}; send the merchant through authorization again.`,
    )
  }
  return record
}
