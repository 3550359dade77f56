import type { CookieSigner } from './cookie-signer.js'

/**
 * A browser may present several state cookies of the same name (one planted by a sibling
 * subdomain, "cookie tossing"): the adapters hand every one whose signature verifies to core,
 * and a callback passes when any of them is the binding its state was started with.
 */

/** Enough for the genuine cookie next to a few planted ones; more is refused work. */
const MAX_SAME_NAME_COOKIES = 8

/**
 * Every value of cookie `name` in a `Cookie` request header, in header order, URI-decoded (a
 * value that does not decode is skipped). At most `MAX_SAME_NAME_COOKIES`.
 */
function readCookieValues(header: string | undefined, name: string): string[] {
  const values: string[] = []
  if (!header) return values
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=')
    if (separator === -1 || pair.slice(0, separator).trim() !== name) continue
    try {
      values.push(decodeURIComponent(pair.slice(separator + 1).trim()))
    } catch {
      continue
    }
    if (values.length === MAX_SAME_NAME_COOKIES) break
  }
  return values
}

/** The bindings of every cookie `name` in the header whose signature `signer` verifies, once each. */
export function verifiedBindings(
  header: string | undefined,
  name: string,
  signer: CookieSigner,
): string[] {
  const bindings = readCookieValues(header, name).map((signed) => signer.unsign(signed))
  return [...new Set(bindings.filter((binding) => binding !== undefined))]
}
