import { describe, expect, it } from 'vitest'
import { scanTopLevelMembers } from '../../src/signer/json-scan.js'

function rawMembers(body: string): Record<string, string> {
  const scan = scanTopLevelMembers(body)
  if (!scan.ok) throw new Error(scan.reason)
  return Object.fromEntries(scan.members)
}

function failure(body: string): string {
  const scan = scanTopLevelMembers(body)
  if (scan.ok) throw new Error('expected the scan to fail')
  return scan.reason
}

describe('scanTopLevelMembers', () => {
  it('keeps every top-level value’s raw text, whatever its JSON type', () => {
    const body = '{"o":{"a":[1,{"b":"}"}]},"s":"x\\"y","n":-1.5e3,"t":true,"z":null,"l":[ ]}'
    expect(rawMembers(body)).toEqual({
      o: '{"a":[1,{"b":"}"}]}',
      s: '"x\\"y"',
      n: '-1.5e3',
      t: 'true',
      z: 'null',
      l: '[ ]',
    })
  })

  it('decodes escaped member names', () => {
    expect(Object.keys(rawMembers('{"a\\u005fb":1}'))).toEqual(['a_b'])
  })

  it('reads an empty object and surrounding whitespace', () => {
    expect(rawMembers(' \r\n\t{ } ')).toEqual({})
  })

  it('ends a string only at a quote preceded by an even number of backslashes', () => {
    expect(rawMembers('{"a":"\\\\","b":"\\\\\\"}"}')).toEqual({ a: '"\\\\"', b: '"\\\\\\"}"' })
  })

  it.each([
    ['a body that is not an object', '"text"', 'not a JSON object'],
    ['a member name that never ends', '{"abc', 'truncated inside a member name'],
    ['a missing colon', '{"a" 1}', "expected ':'"],
    ['a value that never ends', '{"a":{"b":1', 'truncated inside the value of "a"'],
    ['a body cut after a value', '{"a":1,"b":2', 'truncated'],
    ['a repeated member', '{"a":1,"a":2}', 'appears twice'],
    ['a stray character', '{"a":"1";"b":2}', 'unexpected character'],
    ['a member name that is not a string', '{a:1}', 'expected a member name'],
  ])('reports %s', (_case, body, reason) => {
    expect(failure(body)).toContain(reason)
  })
})
