import { type ExampleName, startExample } from '@alipay-isv/demo'
import { describe, expect, it } from 'vitest'
import { STARTUP_TIMEOUT_MS } from './support/world.js'

/** The environment of a shell that has none of the example's variables. */
function bareEnv(extra: Record<string, string>): Record<string, string | undefined> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('ALIPAY_')),
  )
  return { ...env, PORT: '0', ...extra }
}

async function startFailure(name: ExampleName, env: Record<string, string>) {
  const error = await startExample(name, { env: bareEnv(env) }).then(
    () => undefined,
    (failure: Error) => failure,
  )
  expect(error, 'the example must not start').toBeInstanceOf(Error)
  return error?.message ?? ''
}

describe.each(['fastify', 'koa'] as const)('example-%s configuration', (name) => {
  it(
    'refuses to start without ALIPAY_APP_ID, naming it, with exit code 1',
    async () => {
      const message = await startFailure(name, {})
      expect(message).toContain('exited (1)')
      expect(message).toContain('ALIPAY_APP_ID is not set')
    },
    STARTUP_TIMEOUT_MS,
  )

  it(
    'names the variable whose key cannot be parsed',
    async () => {
      const message = await startFailure(name, {
        ALIPAY_APP_ID: '2021000000000001',
        ALIPAY_PRIVATE_KEY: 'not a key',
        ALIPAY_PUBLIC_KEY: 'not a key either',
      })
      expect(message).toContain('exited (1)')
      expect(message).toMatch(/ALIPAY_PRIVATE_KEY is .*PKCS#1 PEM/)
    },
    STARTUP_TIMEOUT_MS,
  )
})
