import { createHash } from 'node:crypto'

/** Shown instead of a token: enough to see it change on refresh, nothing a thief could use. */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12)
}
