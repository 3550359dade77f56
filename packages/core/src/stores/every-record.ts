import { MAX_PAGE_LIMIT } from './page.js'
import type { MerchantToken, TokenStore } from './types.js'

/**
 * Every record of `store`, a page at a time (`listPage`, in `authAppId` order): what a pass over
 * all merchants holds in memory, and what each store call reads, stays bounded however many
 * merchants there are, where `list()` reads them all in one call. A record written during the
 * pass may be met or not, as with any read that spans several calls.
 */
export async function* everyRecord(store: Pick<TokenStore, 'listPage'>) {
  let after: string | undefined
  do {
    const page = await store.listPage({ after, limit: MAX_PAGE_LIMIT })
    yield* page.merchants
    after = page.next
  } while (after !== undefined)
}

/** The records of `store` that `keep` accepts, read a page at a time. */
export async function recordsWhere(
  store: Pick<TokenStore, 'listPage'>,
  keep: (record: MerchantToken) => boolean,
): Promise<MerchantToken[]> {
  const kept: MerchantToken[] = []
  for await (const record of everyRecord(store)) if (keep(record)) kept.push(record)
  return kept
}
