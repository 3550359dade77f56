import { AlipayConfigError } from '../errors.js'
import type { JsonValue } from '../stores/types.js'

/** A context is kept with every pending state and every merchant record: an id, not a document. */
export const MAX_CONTEXT_BYTES = 4096
/** Deeper than any id or small object needs; also stops a cycle long before the stack does. */
const MAX_DEPTH = 32

/**
 * Checks that `value` is a JSON value that survives storage unchanged (plain objects, arrays,
 * strings, finite numbers, booleans, null) and is at most `MAX_CONTEXT_BYTES` as JSON; returns
 * it. The error names the offending path, e.g. `context.tenant.createdAt`. Undefined (no
 * context given) gives undefined.
 */
export function checkContext(value: unknown): JsonValue | undefined {
  if (value === undefined) return undefined
  const problem = findProblem(value, 'context', 0)
  if (problem !== undefined) {
    throw new AlipayConfigError(
      `The authorization's context must be a JSON value (plain objects, arrays, strings, finite numbers, booleans, null): ${problem}. Pass something like { tenantId: '…' }.`,
    )
  }
  const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8')
  if (bytes > MAX_CONTEXT_BYTES) {
    throw new AlipayConfigError(
      `The authorization's context is ${bytes} bytes as JSON, more than the ${MAX_CONTEXT_BYTES} allowed: it is stored with every pending authorization and merchant record. Pass an id (e.g. { tenantId: '…' }) and keep the rest in your own database.`,
    )
  }
  return value as JsonValue
}

function findProblem(value: unknown, path: string, depth: number): string | undefined {
  if (depth > MAX_DEPTH)
    return `${path} is nested more than ${MAX_DEPTH} levels deep (or is circular)`
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : `${path} is ${value}, which JSON cannot hold`
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const problem = findProblem(value[index], `${path}[${index}]`, depth + 1)
      if (problem !== undefined) return problem
    }
    return undefined
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    for (const [key, entry] of Object.entries(value)) {
      const problem = findProblem(entry, `${path}.${key}`, depth + 1)
      if (problem !== undefined) return problem
    }
    return undefined
  }
  return `${path} is ${describe(value)}`
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined'
  if (typeof value === 'object' && value !== null) {
    return `a ${value.constructor?.name ?? 'non-plain'} object`
  }
  return `a ${typeof value}`
}
