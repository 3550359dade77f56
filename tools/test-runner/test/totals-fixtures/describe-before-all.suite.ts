import { beforeAll, describe, expect, it } from 'vitest'

it('passes outside the failing suite', () => expect(1).toBe(1))

describe('a suite whose setup throws', () => {
  beforeAll(() => {
    throw new Error('setup failed')
  })
  it('never runs', () => expect(1).toBe(1))
  it('never runs either', () => expect(1).toBe(1))
})
