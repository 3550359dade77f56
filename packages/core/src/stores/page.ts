import { AlipayError } from '../errors.js'
import type { MerchantToken } from './types.js'

/** Which page of merchants to list: those after `after` (an `authAppId`), at most `limit`. */
export interface MerchantPageRequest {
  /** The `next` of the previous page; absent for the first. */
  after?: string
  /** At most this many merchants (1 to 1000). */
  limit: number
}

/** One page of merchants in ascending `authAppId` order, and where the next page starts. */
export interface MerchantPage {
  merchants: MerchantToken[]
  /** Pass as `after` for the next page; absent on the last page. */
  next?: string
}

/** The largest page a store is asked for: a page is read into memory at once. */
export const MAX_PAGE_LIMIT = 1000

/** The request as a store uses it, or an error saying what was wrong with it. */
export function checkPageRequest(request: MerchantPageRequest): MerchantPageRequest {
  const { after, limit } = request ?? {}
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new AlipayError(
      `A page limit must be a whole number from 1 to ${MAX_PAGE_LIMIT}, got ${limit}. Ask for more pages instead of a larger one.`,
    )
  }
  if (after !== undefined && typeof after !== 'string') {
    throw new AlipayError(
      `A page's \`after\` must be the \`next\` of the previous page (a string), got ${typeof after}.`,
    )
  }
  return { after, limit }
}
