import { ScenarioWorld } from '@alipay-isv/adapter-scenarios'
import { AlipayConfigError, AppAuth } from '@alipay-isv/core'
import { describe, expect, it } from 'vitest'
import { type AlipayAuthOptions, alipayAuth } from '../src/index.js'

const appAuthOptions = () => new ScenarioWorld().appAuthOptions()

function rejection(options: unknown): AlipayConfigError {
  try {
    alipayAuth(options as AlipayAuthOptions)
  } catch (error) {
    expect(error).toBeInstanceOf(AlipayConfigError)
    return error as AlipayConfigError
  }
  throw new Error('alipayAuth accepted the options')
}

describe('alipayAuth(options)', () => {
  it('returns a named async middleware carrying its AppAuth', () => {
    const middleware = alipayAuth(appAuthOptions())
    expect(middleware.name).toBe('alipayAuthMiddleware')
    expect(middleware.constructor.name).toBe('AsyncFunction')
    expect(middleware.appAuth).toBeInstanceOf(AppAuth)
  })

  it.each([
    ['stateKey', { stateKey: 'not an identifier' }],
    ['logger', { logger: { info: () => {} } }],
    ['logger', { logger: { info: () => {}, warn: () => {}, error: 'stderr' } }],
  ])('names its own option %s when it is wrong, in the shared message shape', (option, change) => {
    expect(rejection({ ...appAuthOptions(), ...change }).message).toMatch(
      new RegExp(`^@alipay-isv/koa: option "${option}" must be `),
    )
  })
})
