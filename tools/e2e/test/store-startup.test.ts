import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileStore } from '@alipay-isv/core'
import { type ExampleName, startExample } from '@alipay-isv/demo'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { configuredEnv, startFailure } from './support/startup.js'
import { STARTUP_TIMEOUT_MS } from './support/world.js'

/** A whole configuration, its store in `dataDir`, which each test sets up its own way. */
function exampleEnv(dataDir: string, extra: Record<string, string> = {}) {
  return configuredEnv({ ALIPAY_DATA_DIR: dataDir, ...extra })
}

/** The example's output when it refuses to start; its stack traces would show as `at …` lines. */
async function readableFailure(name: ExampleName, env: Record<string, string | undefined>) {
  const message = await startFailure(name, env)
  expect(message).toContain('exited (1)')
  expect(message).not.toMatch(/^\s+at /m)
  expect(message).not.toContain('AlipayConfigError')
  return message
}

describe.each(['fastify', 'koa'] as const)('example-%s store at startup', (name) => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), `store-startup-${name}-`))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it(
    'refuses a data directory another process uses in a readable message, not a stack trace',
    async () => {
      const first = await startExample(name, { env: exampleEnv(dir) })
      try {
        const message = await readableFailure(name, exampleEnv(dir))
        expect(message).toContain('is in use by')
        expect(message).toContain(`process ${first.process.pid} `)
        expect(message).toContain('ALIPAY_DATA_DIR chooses another directory')
      } finally {
        await first.stop()
      }
    },
    STARTUP_TIMEOUT_MS * 2,
  )

  it(
    'refuses a damaged store.log readably, and ALIPAY_STORE_REPAIR=1 opens it with repair',
    async () => {
      const store = await FileStore.open({ dir })
      await store.claim('one', 60_000)
      await store.claim('two', 60_000)
      await store.close()
      const log = join(dir, 'store.log')
      const lines = (await readFile(log, 'utf8')).split('\n')
      const last = lines.length - 2 // the text ends with a newline
      const line = lines[last] ?? ''
      const middle = Math.floor(line.length / 2)
      lines[last] =
        `${line.slice(0, middle)}${line[middle] === 'A' ? 'B' : 'A'}${line.slice(middle + 1)}`
      await writeFile(log, lines.join('\n'))

      const message = await readableFailure(name, exampleEnv(dir))
      expect(message).toContain(`The FileStore log ${log} is damaged`)
      expect(message).toContain('ALIPAY_STORE_REPAIR=1')

      const repaired = await startExample(name, {
        env: exampleEnv(dir, { ALIPAY_STORE_REPAIR: '1' }),
      })
      await repaired.stop()
      expect(repaired.output()).toContain(`FileStore repaired ${log}`)
    },
    STARTUP_TIMEOUT_MS * 3,
  )
})
