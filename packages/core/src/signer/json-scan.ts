/**
 * A scanner for the top level of a JSON object that keeps each member's raw text, because
 * Alipay signs the raw bytes of a response node, never a re-serialization (docs/protocol.md §3).
 */

/** Each member's raw JSON value text, exactly as in the body, by member name. */
export type ScanResult = { ok: true; members: Map<string, string> } | { ok: false; reason: string }

export function scanTopLevelMembers(body: string): ScanResult {
  const members = new Map<string, string>()
  let i = skipWhitespace(body, 0)
  if (body.charCodeAt(i) !== 0x7b) return fail('the body is not a JSON object')
  i = skipWhitespace(body, i + 1)
  if (body.charCodeAt(i) === 0x7d) return { ok: true, members }
  for (;;) {
    if (body.charCodeAt(i) !== 0x22) return fail(`expected a member name at offset ${i}`)
    const nameEnd = scanString(body, i)
    if (nameEnd < 0) return fail('the body is truncated inside a member name')
    const name = readJsonString(body.slice(i, nameEnd))
    i = skipWhitespace(body, nameEnd)
    if (body.charCodeAt(i) !== 0x3a) return fail(`expected ':' after "${name}"`)
    const valueStart = skipWhitespace(body, i + 1)
    const valueEnd = scanValue(body, valueStart)
    if (valueEnd < 0) return fail(`the body is truncated inside the value of "${name}"`)
    if (members.has(name)) return fail(`the member "${name}" appears twice`)
    members.set(name, body.slice(valueStart, valueEnd))
    i = skipWhitespace(body, valueEnd)
    const next = body.charCodeAt(i)
    if (next === 0x2c) {
      i = skipWhitespace(body, i + 1)
      continue
    }
    if (next === 0x7d) return { ok: true, members }
    return fail(i >= body.length ? 'the body is truncated' : `unexpected character at offset ${i}`)
  }
}

function fail(reason: string): ScanResult {
  return { ok: false, reason }
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
}

function skipWhitespace(text: string, from: number): number {
  let i = from
  while (isWhitespace(text.charCodeAt(i))) i++
  return i
}

/** The value of a complete JSON string literal; JSON.parse only when it holds an escape. */
export function readJsonString(literal: string): string {
  return literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1)
}

/** `from` is at an opening quote; returns the index after the closing quote, or -1. */
function scanString(text: string, from: number): number {
  let searchFrom = from + 1
  for (;;) {
    const quote = text.indexOf('"', searchFrom)
    if (quote < 0) return -1
    let backslashes = 0
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++
    if (backslashes % 2 === 0) return quote + 1
    searchFrom = quote + 1
  }
}

/** Returns the index after the value that starts at `from`, or -1 when it does not end. */
function scanValue(text: string, from: number): number {
  const first = text.charCodeAt(from)
  if (first === 0x22) return scanString(text, from)
  if (first === 0x7b || first === 0x5b) return scanContainer(text, from)
  let i = from
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c === 0x2c || c === 0x7d || c === 0x5d || isWhitespace(c)) break
    i++
  }
  return i === from || i >= text.length ? -1 : i
}

function scanContainer(text: string, from: number): number {
  let depth = 0
  let i = from
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      i = scanString(text, i)
      if (i < 0) return -1
      continue
    }
    if (c === 0x7b || c === 0x5b) depth++
    else if (c === 0x7d || c === 0x5d) {
      depth--
      if (depth === 0) return i + 1
    }
    i++
  }
  return -1
}
