import type { JsonValue } from '../stores/types.js'

/**
 * JSON with object keys sorted: equal for equal values whatever the key order, which a store
 * (a JSON column, say) may not keep.
 */
export function sortedJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  const entries = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${sortedJson(value[key] as JsonValue)}`)
  return `{${entries.join(',')}}`
}
