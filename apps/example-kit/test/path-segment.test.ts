import { describe, expect, it } from 'vitest'
import { decodePathSegment } from '../src/path-segment.js'

describe('decodePathSegment', () => {
  it('decodes a percent-encoded merchant app id', () => {
    expect(decodePathSegment('2021%2F0001')).toEqual({ value: '2021/0001' })
  })

  it('answers a segment that is not valid percent-encoding with a 400 page naming the problem', () => {
    const decoded = decodePathSegment('%E0%A4%A')
    expect(decoded).toMatchObject({ refusal: { status: 400 } })
    expect('refusal' in decoded && decoded.refusal.html).toContain('BAD_PATH_ENCODING')
  })
})
