import { expect, it } from 'vitest'

function load(): void {
  throw new Error('the file fails to load')
}
load()

it('is never collected', () => expect(1).toBe(1))
