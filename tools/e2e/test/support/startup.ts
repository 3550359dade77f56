import { type ExampleName, startExample } from '@alipay-isv/demo'
import { expect } from 'vitest'

/** The environment of a shell that has none of the example's variables, on port 0, with `extra`. */
export function bareEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('ALIPAY_')),
  )
  return { ...env, PORT: '0', ...extra }
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
