import { describe, expect, it } from 'vitest'
import { parseDemoArgs } from '../src/demo-args.js'

describe('pnpm demo arguments', () => {
  it('run the Fastify example over the FileStore in public-key mode by default', () => {
    expect(parseDemoArgs([])).toEqual({
      name: 'fastify',
      mode: 'public-key',
      store: 'file',
      lan: false,
    })
  })

  it('take the example, --cert and --store, also after pnpm’s --', () => {
    expect(parseDemoArgs(['koa', '--', '--store', 'postgres', '--cert', '--lan'])).toEqual({
      name: 'koa',
      mode: 'certificate',
      store: 'postgres',
      lan: true,
    })
    expect(parseDemoArgs(['fastify', '--store=mysql']).store).toBe('mysql')
    expect(parseDemoArgs(['--store', 'redis']).store).toBe('redis')
  })

  it('refuse an unknown store, option or example, saying the usage', () => {
    expect(() => parseDemoArgs(['--store', 'mongo'])).toThrow(
      'unknown store "mongo"; use: pnpm demo [fastify|koa] [--cert] [--lan] [--store file|redis|postgres|mysql]',
    )
    expect(() => parseDemoArgs(['--store'])).toThrow(/unknown store ""/)
    expect(() => parseDemoArgs(['--fast'])).toThrow(/unknown option --fast/)
    expect(() => parseDemoArgs(['express'])).toThrow(/unknown example "express"/)
  })
})
