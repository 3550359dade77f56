import { AlipayConfigError, AlipayContextChangeRefusedError } from '../errors.js'
import type { AuthorizationVia, JsonValue, MerchantToken } from '../stores/types.js'
import type { Provenance } from './merchant-record.js'
import { sortedJson } from './sorted-json.js'

/**
 * What to do when an authorization with one context (one of the app's customers) brings in a
 * merchant app stored under another: `refuse` leaves the record as it is and fails the callback
 * with ALIPAY_CONTEXT_CHANGE_REFUSED; `keep` stores the new tokens under the stored context;
 * `replace` moves the merchant to the new context.
 */
export type ContextChangeDecision = 'refuse' | 'keep' | 'replace'

export interface ContextChange {
  authAppId: string
  userId: string
  /** How the new authorization came: `browser` or `qr` (only those carry a context). */
  via: AuthorizationVia
  /** The context the merchant is stored under. */
  stored: JsonValue
  /** The context of the authorization that brought it in again. */
  incoming: JsonValue
}

/** A decision for every change, or a function deciding each (e.g. after asking your database). */
export type OnContextChange =
  | ContextChangeDecision
  | ((change: ContextChange) => ContextChangeDecision | Promise<ContextChangeDecision>)

const DECISIONS: readonly unknown[] = ['refuse', 'keep', 'replace']

export function checkOnContextChange(value: unknown): OnContextChange {
  if (value === undefined) return 'refuse'
  if (typeof value === 'function' || DECISIONS.includes(value)) return value as OnContextChange
  throw new AlipayConfigError(
    `onContextChange must be 'refuse' (the default), 'keep', 'replace' or a function (change) => one of them; got ${typeof value === 'string' ? JSON.stringify(value) : typeof value}.`,
  )
}

/** One merchant the authorization brought in, the provenance to store it with, and what was decided. */
export interface SettledMerchant {
  provenance: Provenance
  /** Present when the stored context differed from the incoming one. */
  change?: ContextChange & { decision: ContextChangeDecision }
}

/**
 * The provenance each merchant of an authorization is stored with. An authorization without
 * context (an invitation) keeps the stored one; one with the same context, or for a merchant
 * stored without context, stores its own; a different one is `policy`'s to decide. When any is
 * refused, throws before anything is stored: a leaked code redeemed in another customer's
 * session moves nobody.
 */
export async function settleContexts(
  policy: OnContextChange,
  provenance: Provenance,
  grants: ReadonlyArray<{ authAppId: string; userId: string; stored?: MerchantToken }>,
): Promise<SettledMerchant[]> {
  const settled = await Promise.all(grants.map((grant) => settleOne(policy, provenance, grant)))
  const refused = settled.filter((merchant) => merchant.change?.decision === 'refuse')
  if (refused.length > 0) {
    throw new AlipayContextChangeRefusedError(
      refused.map((merchant) => merchant.change?.authAppId as string),
      settled.flatMap((merchant) => (merchant.change ? [merchant.change] : [])),
    )
  }
  return settled
}

async function settleOne(
  policy: OnContextChange,
  provenance: Provenance,
  grant: { authAppId: string; userId: string; stored?: MerchantToken },
): Promise<SettledMerchant> {
  const stored = grant.stored?.context
  const incoming = provenance.context
  if (incoming === undefined) {
    return {
      provenance: stored === undefined ? provenance : { via: provenance.via, context: stored },
    }
  }
  if (stored === undefined || sortedJson(stored) === sortedJson(incoming)) return { provenance }
  const change = {
    authAppId: grant.authAppId,
    userId: grant.userId,
    via: provenance.via,
    stored,
    incoming,
  }
  const given = typeof policy === 'function' ? await policy(change) : policy
  // Anything but an explicit keep or replace refuses: moving a merchant must be asked for.
  const decision: ContextChangeDecision = given === 'keep' || given === 'replace' ? given : 'refuse'
  const kept = decision === 'keep' ? { via: provenance.via, context: stored } : provenance
  return { provenance: kept, change: { ...change, decision } }
}
