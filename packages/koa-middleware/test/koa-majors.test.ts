import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)

describe('the Koa majors the shared scenarios run on', () => {
  it('are 3 (koa) and 2 (the koa2 alias), the two majors of the peer range', () => {
    const major = (name: string) =>
      Number((require(`${name}/package.json`) as { version: string }).version.split('.')[0])
    expect([major('koa'), major('koa2')]).toEqual([3, 2])
    const peer = (require('../package.json') as { peerDependencies: { koa: string } })
      .peerDependencies.koa
    expect(peer).toBe('^2 || ^3')
  })
})
