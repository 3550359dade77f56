import { toPem } from '@alipay-isv/core'
import { testKeyPair } from '@alipay-isv/core/testing'
import { type ExampleName, startExample } from '@alipay-isv/demo'
import { expect } from 'vitest'

/** The environment of a shell that has none of the example's variables, on port 0, with `extra`. */
export function bareEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('ALIPAY_')),
  )
  return { ...env, PORT: '0', ...extra }
}

/**
 * `bareEnv` with a whole configuration but for the store (app id, the test app's keys, redirect
 * URI, cookie secret), and `store`: `ALIPAY_DATA_DIR` or `ALIPAY_STORE_URL`, and any extra.
 */
export function configuredEnv(store: Record<string, string>): Record<string, string | undefined> {
  const { privateKey, publicKey } = testKeyPair('app')
  return bareEnv({
    ALIPAY_APP_ID: '2021000000000001',
    ALIPAY_PRIVATE_KEY: toPem(privateKey),
    ALIPAY_PUBLIC_KEY: toPem(publicKey),
    ALIPAY_REDIRECT_URI: 'http://127.0.0.1:1/alipay/callback',
    ALIPAY_COOKIE_SECRET: 'x'.repeat(32),
    ...store,
  })
}

/** Starts the example with `env`, which it must refuse: the error's message (its output). */
export async function startFailure(
  name: ExampleName,
  env: Record<string, string | undefined>,
): Promise<string> {
  const error = await startExample(name, { env }).then(
    () => undefined,
    (failure: Error) => failure,
  )
  expect(error, 'the example must not start').toBeInstanceOf(Error)
  return error?.message ?? ''
}
