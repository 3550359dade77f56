import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * The state cookie identifies a browser, not one authorization: one random binding, reused by
 * every authorization the browser starts, so several tabs each complete.
 */

/**
 * The binding a new authorization reuses: the browser's one verified binding. None, or several
 * (one may have been planted), gives undefined: the authorization gets a fresh binding.
 */
export function reusableBinding(bindings: readonly string[] | undefined): string | undefined {
  return bindings?.length === 1 ? bindings[0] : undefined
}

/** Whether any binding the browser presented is `expected`, compared in constant time. */
export function presentsBinding(expected: string, bindings: readonly string[]): boolean {
  return bindings.some((given) => sameSecret(expected, given))
}

/** Constant-time comparison, whatever the lengths (the digests are equal-length). */
function sameSecret(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()
  return timingSafeEqual(digest(expected), digest(given))
}
