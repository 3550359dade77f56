import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RunningExample, startExample } from '@alipay-isv/demo'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configuredEnv } from './support/startup.js'
import { STARTUP_TIMEOUT_MS } from './support/world.js'

/** The line each example logs for GET /alipay/authorize. */
const AUTHORIZE_LOG_LINE = {
  fastify: /^\{"level":30,.*"msg":"alipay authorize: redirecting to the consent page"\}$/m,
  koa: /^alipay-auth: authorize: sent the browser to the Alipay consent page$/m,
}

/**
 * An example started on its own, as `pnpm --dir apps/example-<name> start` does (tsx on the
 * source), without the demo in between: the line other tools read to know where it listens.
 */
describe.each(['fastify', 'koa'] as const)('example-%s started on its own', (name) => {
  let dir: string
  let example: RunningExample
  /** Everything it wrote, stdout and stderr, from its start to its exit. */
  let output: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `start-line-${name}-`))
    example = await startExample(name, { env: configuredEnv({ ALIPAY_DATA_DIR: dir }) })
    // A request that logs: the app's log must still say what it does once it listens.
    const authorize = await fetch(`${example.url}/alipay/authorize`, { redirect: 'manual' })
    expect(authorize.status).toBe(302)
    expect(await example.stop()).toBe(0)
    output = example.output()
  }, STARTUP_TIMEOUT_MS)
  afterAll(async () => {
    await example?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('says where it listens in one line, `listening on http://HOST:PORT`, and nothing else does', () => {
    const lines = output.split('\n').filter((line) => /listening/i.test(line))
    expect(lines, output).toEqual([`listening on ${example.url}`])
    expect(example.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('still logs what its routes do once it listens (Fastify’s as JSON at info)', () => {
    expect(output).toMatch(AUTHORIZE_LOG_LINE[name])
  })
})
